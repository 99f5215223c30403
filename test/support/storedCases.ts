import type { TableCaseStore } from '../../shared/adapters/tables/tableCaseStore';
import type { NewTimelineEvent, SupportCase } from '../../shared/domain/case';
import { openPortalCase } from '../../shared/domain/newCase';
import { newCaseId } from '../../shared/services/ids';

/** An agent's internal note carrying `text`: the timeline entry the case-store tests add. */
export const agentNote = (text: string): NewTimelineEvent => ({
  type: 'note',
  at: new Date().toISOString(),
  actor: { kind: 'agent', id: 'agent-1' },
  visibility: 'internal',
  summary: 'Agent note',
  data: { text },
});

/** Opens a portal case straight through the case store; answers its id and how many timeline entries it began with. */
export async function openStoredCase(
  store: TableCaseStore,
  tenantId: string,
): Promise<{ caseId: string; created: number }> {
  const now = new Date();
  const id = newCaseId(now);
  const outcome = await store.create(tenantId, (caseNumber) => ({
    ...openPortalCase(
      {
        title: 'Teams meetings drop',
        description: 'Every meeting drops after ten minutes.',
        product: 'microsoft365',
        customer: { tenantId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', name: 'Northwind Traders' },
        contact: { name: 'Max Muster', email: 'max@northwind.example' },
      },
      { id, tenantId, caseNumber, now, actor: { kind: 'portal', id: 'portal-1' } },
    ),
    lookupKeys: [],
  }));
  if (outcome.kind !== 'created') throw new Error(`expected a new case, got ${outcome.kind}`);
  return { caseId: id, created: outcome.timeline.length };
}

/** Reads a case, saves `change` of it with an agent note, and fails the test unless the write was saved. */
export async function changeStoredCase(
  store: TableCaseStore,
  tenantId: string,
  caseId: string,
  change: (supportCase: SupportCase) => SupportCase,
): Promise<void> {
  const current = await store.get(tenantId, caseId);
  if (!current) throw new Error(`no case ${caseId} in ${tenantId}`);
  const outcome = await store.update(current, change(current.supportCase), [agentNote('changed')]);
  if (outcome.kind !== 'saved') throw new Error(`case ${caseId} was not saved: ${outcome.kind}`);
}
