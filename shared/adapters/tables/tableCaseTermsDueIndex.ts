import { odata, type TableClient } from '@azure/data-tables';
import { caseTermsScopeKey, type CaseTermsScope } from '../../domain/caseTermsOutbox';
import type { CaseTermsDueEntry, CaseTermsDueIndex } from '../../ports/caseTermsDueIndex';
import { isStatus } from './restErrors';
import type { TableClientFactory } from './tableClients';

/*
 * casetermsdue table: PartitionKey tenantId, RowKey {scope key}|{changeId} (scope key: offering, or
 * customer|{customerTenantId}) -> { Change, CustomerTenantId (customer-plan changes), ChangeId, DueAt }.
 * An entry lives from just before its change is saved until its recompute is queued, normally milliseconds, so the
 * table holds only the changes in flight and those whose send failed: the sweep reads it whole every minute.
 */
interface DueRow {
  partitionKey: string;
  rowKey: string;
  Change: CaseTermsScope['change'];
  CustomerTenantId?: string;
  ChangeId: string;
  DueAt: string;
}

const rowKeyOf = (scope: CaseTermsScope, changeId: string): string => `${caseTermsScopeKey(scope)}|${changeId}`;

function scopeOf(row: DueRow): CaseTermsScope {
  if (row.Change === 'offering') return { change: 'offering', tenantId: row.partitionKey };
  return { change: 'customerPlan', tenantId: row.partitionKey, customerTenantId: String(row.CustomerTenantId) };
}

export class TableCaseTermsDueIndex implements CaseTermsDueIndex {
  private readonly table: TableClient;

  constructor(tables: TableClientFactory) {
    this.table = tables('caseTermsDue');
  }

  async file(entry: CaseTermsDueEntry): Promise<void> {
    const { scope, changeId, dueAt } = entry;
    const row: DueRow = {
      partitionKey: scope.tenantId,
      rowKey: rowKeyOf(scope, changeId),
      Change: scope.change,
      ...(scope.change === 'customerPlan' && { CustomerTenantId: scope.customerTenantId }),
      ChangeId: changeId,
      DueAt: dueAt,
    };
    await this.table.upsertEntity(row, 'Replace');
  }

  async dueBy(until: Date): Promise<CaseTermsDueEntry[]> {
    const entries: CaseTermsDueEntry[] = [];
    const filter = odata`DueAt le ${until.toISOString()}`;
    for await (const row of this.table.listEntities<DueRow>({ queryOptions: { filter } })) {
      entries.push({ scope: scopeOf(row), changeId: row.ChangeId, dueAt: row.DueAt });
    }
    return entries;
  }

  async remove(entries: ReadonlyArray<Pick<CaseTermsDueEntry, 'scope' | 'changeId'>>): Promise<void> {
    await Promise.all(
      entries.map(async ({ scope, changeId }) => {
        try {
          await this.table.deleteEntity(scope.tenantId, rowKeyOf(scope, changeId));
        } catch (error) {
          if (!isStatus(error, 404)) throw error;
        }
      }),
    );
  }
}
