import { randomUUID } from 'node:crypto';
import { queueNames } from '../../shared/resourceNames';
import type { TestHost } from './testHost';

/** The customer the mail tests write from: its Entra tenant id. */
const fabrikamId = '0b8f5c2e-7a1d-4c3b-9e2f-5a6b7c8d9e01';

/** A partner tenant that takes mail: an agent key, its support mailbox, and one agent's own mailbox. */
export interface MailPartner {
  tenantId: string;
  key: string;
  mailbox: string;
  agent: string;
}

/**
 * A fresh tenant with a confirmed support mailbox, one agent mailbox and the customer Fabrikam (its domain
 * fabrikam.example and one freemail address, fabrikam.owner@freemail.example); fails the test should any step be
 * refused.
 */
export async function mailPartner(desk: TestHost): Promise<MailPartner> {
  const { tenantId, key: admin } = await desk.newTenantKey('admin');
  const { key } = await desk.newTenantKey('agent', tenantId);
  const mailbox = `support-${tenantId}@partner.example`;
  const agent = `kim-${tenantId}@partner.example`;
  const profile = { name: 'Partner', supportAddresses: [mailbox], agentAddresses: [agent] };
  const profileSaved = await desk.request('PUT', '/api/tenant-profile', { key: admin, body: profile });
  if (profileSaved.status !== 200) throw new Error(`tenant profile refused: ${profileSaved.status}`);
  // The operator confirms the tenant owns the mailbox; only then does it route mail.
  if (!(await desk.desk.tenants.confirmMailbox(tenantId, mailbox))) throw new Error(`mailbox ${mailbox} not confirmed`);
  const customer = {
    name: 'Fabrikam Ltd',
    domains: ['fabrikam.example'],
    addresses: ['fabrikam.owner@freemail.example'],
    supportPlanId: 'standard',
  };
  const customerSaved = await desk.request('PUT', `/api/customers/${fabrikamId}`, { key: admin, body: customer });
  if (customerSaved.status !== 201) throw new Error(`customer refused: ${customerSaved.status}`);
  return { tenantId, key, mailbox, agent };
}

/** The ids of the partner's cases (its first 100), as its agent lists them. */
export async function caseIdsOf(desk: TestHost, partner: MailPartner): Promise<string[]> {
  const listed = await desk.request('GET', '/api/cases?pageSize=100', { key: partner.key });
  return listed.body.items.map((item: { id: string }) => item.id);
}

/**
 * A question about Azure backups mailed from `from` to the partner's support mailbox, taken through intake, triage and
 * enrichment: the id of the one case it opened (fails the test otherwise).
 */
export async function mailCaseFrom(desk: TestHost, partner: MailPartner, from: string): Promise<string> {
  const before = new Set(await caseIdsOf(desk, partner));
  desk.host.broker.queue(queueNames.emailIntake).send({
    messageId: randomUUID(),
    body: {
      internetMessageId: `<${randomUUID()}@mail.example>`,
      conversationId: `conv-${randomUUID()}`,
      subject: 'Retention of our Azure VM backups',
      from: { emailAddress: { address: from, name: 'Sam Sender' } },
      toRecipients: [{ emailAddress: { address: partner.mailbox } }],
      body: {
        contentType: 'text',
        content: 'How do we keep the Azure backups of vm-erp-01 for 90 days instead of 30?',
      },
      receivedDateTime: new Date(Date.now() - 60_000).toISOString(),
    },
  });
  await desk.host.idle(20_000);
  const opened = (await caseIdsOf(desk, partner)).filter((id) => !before.has(id));
  if (opened.length !== 1) throw new Error(`the mail from ${from} opened ${opened.length} cases`);
  return opened[0] as string;
}

/** The case as the partner's agent reads it, with its ETag (fails the test unless the read answers 200). */
export async function caseViewOf(
  desk: TestHost,
  partner: MailPartner,
  caseId: string,
): Promise<{ body: any; etag: string | null }> {
  const read = await desk.request('GET', `/api/cases/${caseId}`, { key: partner.key });
  if (read.status !== 200) throw new Error(`GET of case ${caseId} answered ${read.status}`);
  return { body: read.body, etag: read.headers.get('etag') };
}
