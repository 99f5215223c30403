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
