import type { TableClient, TransactionAction } from '@azure/data-tables';
import { toCaseEntity } from '../../shared/adapters/tables/tableCaseStore';
import { freshCaseRecords, type SupportCase } from '../../shared/domain/case';
import { evaluateCaseSla, withSlaRecomputed } from '../../shared/domain/caseSla';
import { formatCaseNumber } from '../../shared/domain/caseNumber';
import type { SupportOffering } from '../../shared/domain/offering';
import { dueSlaEvents } from '../../shared/domain/sla';
import { enforcementDueAt } from '../../shared/domain/slaEnforcement';
import { slaDueLocation } from '../../shared/adapters/tables/tableSlaDueIndex';
import type { TableClientFactory } from '../../shared/adapters/tables/tableClients';
import { newCaseId } from '../../shared/services/ids';

/** Entity group transactions hold at most 100 operations, all in one partition. */
const batchSize = 100;

export interface OpenCaseSpec {
  tenantId: string;
  sequence: number;
  openedAt: Date;
  /** When an agent first answered; absent while the first response is still outstanding. */
  answeredAt?: Date;
  /** The instant the case was last evaluated, as the sweep or the last change left it. */
  evaluatedAt: Date;
}

/**
 * An open Azure case of severity B outside any plan, with its SLA snapshot and the warnings and breaches already on
 * its timeline as of `evaluatedAt`: consistent with what the desk itself would have stored.
 */
export function openCase(spec: OpenCaseSpec, offering: SupportOffering): SupportCase {
  const { tenantId, sequence, openedAt } = spec;
  const at = openedAt.toISOString();
  const supportCase: SupportCase = {
    id: newCaseId(openedAt),
    tenantId,
    caseNumber: formatCaseNumber(sequence),
    title: `VM ${sequence} does not start after maintenance`,
    description:
      'Since the platform maintenance last night the VM fails to boot; the boot diagnostics show a kernel panic.',
    status: 'enriched',
    source: 'portal',
    product: 'azure',
    category: 'technical',
    severity: 'B',
    tier: 'tier1',
    customerGiven: { product: 'azure', severity: 'B' },
    customer: { tenantId: '7f3c9a52-1b2d-4e8f-9a6b-0c1d2e3f4a5b', name: 'Fabrikam Ltd' },
    contact: { name: 'Ann Example', email: 'ann@fabrikam.example' },
    attachments: [],
    ...freshCaseRecords(),
    flags: ['unknownCustomer', 'notCoveredByPlan'],
    slaHistory: [
      { type: 'opened', at: openedAt.getTime(), severity: 'B' },
      ...(spec.answeredAt ? [{ type: 'agentReply' as const, at: spec.answeredAt.getTime() }] : []),
    ],
    createdAt: at,
    updatedAt: at,
  };
  const emitted = dueSlaEvents(evaluateCaseSla(supportCase, offering, spec.evaluatedAt), []).map((event) => event.key);
  return withSlaRecomputed({ ...supportCase, slaEventsEmitted: emitted }, offering, spec.evaluatedAt);
}

interface Batch {
  table: TableClient;
  actions: TransactionAction[];
}

async function submitAll(batches: readonly Batch[], concurrency: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batches.length) {
      const batch = batches[next] as Batch;
      next += 1;
      await batch.table.submitTransaction(batch.actions);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

function inBatches(table: TableClient, rows: ReadonlyArray<{ partitionKey: string; rowKey: string }>): Batch[] {
  const byPartition = new Map<string, TransactionAction[]>();
  for (const row of rows) {
    const partition = byPartition.get(row.partitionKey) ?? [];
    partition.push(['upsert', row, 'Replace']);
    byPartition.set(row.partitionKey, partition);
  }
  const batches: Batch[] = [];
  for (const actions of byPartition.values()) {
    for (let start = 0; start < actions.length; start += batchSize)
      batches.push({ table, actions: actions.slice(start, start + batchSize) });
  }
  return batches;
}

/**
 * Writes cases straight into the cases table and the due-time index, a hundred rows per transaction, as if each had
 * been filed at `filedAt`, in the layout of TableCaseStore and TableSlaDueIndex.
 */
export async function seedOpenCases(
  tables: TableClientFactory,
  cases: readonly SupportCase[],
  filedAt: Date,
  concurrency = 8,
): Promise<void> {
  const caseRows = cases.map((supportCase) => toCaseEntity(supportCase, 0));
  const dueRowsByDay = new Map<string, Array<{ partitionKey: string; rowKey: string; [column: string]: string }>>();
  for (const supportCase of cases) {
    const dueAt = enforcementDueAt(supportCase);
    if (dueAt === null)
      throw new Error(`open case ${supportCase.id} has no running SLA clock, so it would not be in the index`);
    const { day, partitionKey, rowKey } = slaDueLocation(supportCase.tenantId, supportCase.id, dueAt, filedAt);
    const rows = dueRowsByDay.get(day) ?? [];
    rows.push({ partitionKey, rowKey, TenantId: supportCase.tenantId, CaseId: supportCase.id, DueAt: dueAt });
    dueRowsByDay.set(day, rows);
  }
  const dueTables = [...dueRowsByDay].map(([day, rows]) => ({ table: tables('slaDue', day), rows }));
  await Promise.all(dueTables.map(({ table }) => table.createTable()));
  const dueBatches = dueTables.flatMap(({ table, rows }) => inBatches(table, rows));
  await Promise.all([
    submitAll(inBatches(tables('cases'), caseRows), concurrency / 2),
    submitAll(dueBatches, concurrency / 2),
  ]);
}
