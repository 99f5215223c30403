import type { ApiKeyRole } from '../../shared/domain/apiKey';
import type { SupportCase } from '../../shared/domain/case';
import { withSlaRecomputed } from '../../shared/domain/caseSla';
import { defaultSupportOffering } from '../../shared/domain/offering';
import { openPortalCase } from '../../shared/domain/newCase';
import { newCaseId } from '../../shared/services/ids';
import type { TableClient } from '@azure/data-tables';
import { toDocumentColumns } from '../../shared/adapters/tables/jsonColumns';
import type { Escalation } from '../../shared/domain/escalation';
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
