import type { ApiKeyRole } from '../../shared/domain/apiKey';
import type { SupportCase } from '../../shared/domain/case';
import { withSlaRecomputed } from '../../shared/domain/caseSla';
import { defaultSupportOffering } from '../../shared/domain/offering';
import { openPortalCase } from '../../shared/domain/newCase';
import { newCaseId } from '../../shared/services/ids';
import { randomUUID } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { toDocumentColumns } from '../../shared/adapters/tables/jsonColumns';
import { retentionStores } from '../../shared/adapters/tables/tableRetention';
import type { Escalation } from '../../shared/domain/escalation';
import { slaTestOfferingHandingTo } from '../fixtures/sla/slaOffering';
import type { TestHost } from '../support/testHost';

/** What a portal sends to open a case. */
export const newCaseBody = {
  title: 'Production VM does not start',
  description: 'Since 08:00 our VM vm-erp-01 fails to boot after a platform update.',
  product: 'azure',
  severity: 'B',
  category: 'billing',
  customer: { tenantId: '7f3c9a52-1b2d-4e8f-9a6b-0c1d2e3f4a5b', name: 'Fabrikam Ltd' },
  contact: { name: 'Ann Example', email: 'ann@fabrikam.example' },
} as const;

export type TenantKeys = Record<ApiKeyRole, string> & { tenantId: string };

/** A fresh tenant with one key per role. */
export async function tenantWithKeys(desk: TestHost): Promise<TenantKeys> {
  const { tenantId, key: portal } = await desk.newTenantKey('portal');
  const { key: agent } = await desk.newTenantKey('agent', tenantId);
  const { key: admin } = await desk.newTenantKey('admin', tenantId);
  return { tenantId, portal, agent, admin };
}

/**
 * A case stored directly in a given state, as the pipeline and earlier work would have left it: opened now, severity B,
 * SLA clocks started under the desk's sample offering. It never enters the triage queue, so nothing moves it behind the test's back.
 */
export async function seedCase(
  desk: TestHost,
  tenantId: string,
  overrides: Partial<SupportCase> = {},
): Promise<SupportCase> {
  const now = desk.desk.clock.now();
  const created = await desk.desk.cases.create(tenantId, (caseNumber) => {
    const draft = openPortalCase(newCaseBody, {
      id: newCaseId(now),
      tenantId,
      caseNumber,
      now,
      actor: { kind: 'portal', id: 'seed' },
    });
    const supportCase: SupportCase = {
      ...draft.supportCase,
      slaHistory: [{ type: 'opened', at: now.getTime(), severity: 'B' }],
      ...overrides,
    };
    return { supportCase: withSlaRecomputed(supportCase, defaultSupportOffering(), now), events: draft.events };
  });
  return created.stored.supportCase;
}

/** The ids of the messages a queue accepted for this case (the in-process queue keeps them). */
export const acceptedIdsFor = (desk: TestHost, queue: string, caseId: string): string[] =>
  desk.host.broker
    .queue(queue)
    .acceptedMessageIds()
    .filter((id) => id.includes(caseId));

const hour = 60 * 60 * 1000;

/**
 * An open commercial escalation to Microsoft, requested 10 hours ago and due in 2 (overrides move either, e.g. a due
 * time in the past for an overdue one).
 */
export function openEscalation(id: string, overrides: Partial<Escalation> = {}): Escalation {
  const now = Date.now();
  return {
    id,
    vehicle: 'commercialSupport',
    microsoftSeverity: 'moderate',
    reason: 'Billing dispute',
    requestedAt: new Date(now - 10 * hour).toISOString(),
    requestedBy: 'key-agent',
    status: 'open',
    responseDueAt: new Date(now + 2 * hour).toISOString(),
    microsoftResponses: [],
    ...overrides,
  };
}

/** Gives a stored case row a document a newer version might write: a status this version does not know. */
export async function makeCaseRowUnreadable(cases: TableClient, tenantId: string, caseId: string): Promise<void> {
  const row = await cases.getEntity<Record<string, unknown>>(tenantId, `case|${caseId}`);
  const document = JSON.parse(String(row.Doc0 ?? '{}')) as Record<string, unknown>;
  if (!('status' in document)) throw new Error(`case row ${caseId} holds no status to replace`);
  await cases.updateEntity(
    {
      partitionKey: tenantId,
      rowKey: `case|${caseId}`,
      ...toDocumentColumns({ ...document, status: 'onHoldByVendor' }),
    },
    'Merge',
  );
}

/** Records an agent (tier 1) in a tenant's agents directory with PUT /api/agents/{agentId}, as the tenant's admin. */
export async function putDirectoryAgent(
  desk: TestHost,
  adminKey: string,
  agentId: string,
  name: string,
  active = true,
): Promise<void> {
  const answer = await desk.request('PUT', `/api/agents/${agentId}`, {
    key: adminKey,
    body: {
      name,
      email: `${agentId}@example.com`,
      role: 'agent',
      entra: { tenantId: randomUUID(), objectId: randomUUID() },
      tiers: ['tier1'],
      active,
    },
  });
  if (answer.status !== 201) throw new Error(`PUT /api/agents/${agentId} answered ${answer.status}: ${answer.text}`);
}

/** Keys of a case a new reseller tenant handed to a new provider tenant (caseHandedToProvider). */
export interface HandedCase {
  caseId: string;
  providerTenantId: string;
  providerAdmin: string;
  providerAgent: string;
  resellerTenantId: string;
  resellerAdmin: string;
}

/**
 * A case of a new reseller tenant, handed by a ladder step to a new provider tenant (the reseller's ladder: tier 1,
 * then the provider). The provider's agents directory has `pia`, the reseller's `rex`. `beforeHandOver` works the case
 * on the reseller's side (its admin key) between its opening and the ladder step.
 */
export async function caseHandedToProvider(
  desk: TestHost,
  beforeHandOver?: (caseId: string, resellerAdmin: string) => Promise<void>,
): Promise<HandedCase> {
  const provider = await desk.newTenantKey('admin');
  const { key: providerAgent } = await desk.newTenantKey('agent', provider.tenantId);
  const reseller = await desk.newTenantKey('admin');
  await desk.desk.tenants.saveOffering(reseller.tenantId, slaTestOfferingHandingTo(provider.tenantId));
  await putDirectoryAgent(desk, provider.key, 'pia', 'Pia Provider');
  await putDirectoryAgent(desk, reseller.key, 'rex', 'Rex Reseller');
  const opened = await desk.request('POST', '/api/cases', { key: reseller.key, body: newCaseBody });
  if (opened.status !== 201) throw new Error(`POST /api/cases answered ${opened.status}: ${opened.text}`);
  await desk.host.idle();
  await beforeHandOver?.(opened.body.id, reseller.key);
  const step = await desk.request('POST', `/api/cases/${opened.body.id}/ladder-steps`, {
    key: reseller.key,
    body: { reason: 'Needs the distributor' },
  });
  if (step.status !== 200) throw new Error(`ladder step answered ${step.status}: ${step.text}`);
  return {
    caseId: opened.body.id,
    providerTenantId: provider.tenantId,
    providerAdmin: provider.key,
    providerAgent,
    resellerTenantId: reseller.tenantId,
    resellerAdmin: reseller.key,
  };
}

/**
 * Removes a case as the retention purge does once its retention has passed (services/retention.ts): its row, under the
 * ETag it was judged by, then its delivery records. Nothing else knows it was there; a message about it may still wait.
 */
export async function removeAsPurged(desk: TestHost, tenantId: string, caseId: string): Promise<void> {
  const stored = await desk.desk.cases.get(tenantId, caseId);
  if (!stored) throw new Error(`case ${caseId} of ${tenantId} is not stored`);
  const removal = await retentionStores(desk.desk.tables).personalData.removeCaseRow(tenantId, caseId, stored.etag);
  if (removal !== 'removed') throw new Error(`the purge's removal of case ${caseId} answered ${removal}`);
  await desk.desk.mailDeliveries.removeCase(tenantId, caseId);
}

/** A case of a new tenant whose contact has an address of her own, opened by its portal; its acknowledgement went out. */
export async function caseWithOwnContact(
  desk: TestHost,
): Promise<{ tenant: TenantKeys; caseId: string; contact: string }> {
  const tenant = await tenantWithKeys(desk);
  const contact = `ann-${randomUUID().slice(0, 8)}@fabrikam.example`;
  const opened = await desk.request('POST', '/api/cases', {
    key: tenant.portal,
    body: { ...newCaseBody, contact: { name: 'Ann Example', email: contact } },
  });
  if (opened.status !== 201) throw new Error(`POST /api/cases answered ${opened.status}: ${opened.text}`);
  await desk.host.idle();
  return { tenant, caseId: opened.body.id, contact };
}
