import { odata, type TableClient, type TableEntity } from '@azure/data-tables';
import type { SlaView } from '../../domain/workQueue';
import { isStatus } from './restErrors';
import { rowKeysStartingWith } from './rowKeyRanges';
import type { TableClientFactory } from './tableClients';

/*
 * The SLA views (GET /api/cases?sla=atRisk|breached|paused) as rows of a table of their own, slaviews:
 *   PartitionKey {tenant}   RowKey {view}|{caseId}   Revision: the case's revision (case row column) that put it there
 * Why a table of their own: the cases that need attention now are few and are the ones read most (every console header,
 * every alert), so their list should cost what they are, not what the desk holds. In the cases table their range shares
 * the tenant's partition with every case, timeline and lookup row (on Azure one partition server serves it all, and
 * Azurite tests every row of the table for each query).
 * A transaction stays in one table, so these rows cannot move with the case. Three rules keep every view exact:
 * - a write that puts a case in a view creates the view's row before the case is written, with the revision the write
 *   gives the case (a row for a write that then fails is harmless: see the last rule);
 * - writers never remove a row; a list removes one when it finds the case out of the view (or gone for longer than a
 *   create takes) as of a revision at least the row's, and the row unchanged since it was read (ETag), so a row that a
 *   newer write put there in the meantime stays;
 * - a view lists only the cases that, read from their case rows, still match the whole query (stillMatches).
 */

/** One view row as a list reads it. */
export interface SlaViewRow {
  caseId: string;
  /** The case revision whose write put the case in the view. */
  revision: number;
  etag: string;
  /** When the row was last written (the table's Timestamp), ms since the epoch. */
  writtenAt: number;
}

/** The row of a case in a view, as written before the case write that puts it there. */
export function slaViewEntity(tenantId: string, view: SlaView, caseId: string, revision: number): TableEntity {
  return { partitionKey: tenantId, rowKey: `${view}|${caseId}`, Revision: revision };
}

/**
 * A row whose case cannot be read is kept this long (ms) after it was written: a create writes the row first and may
 * retry for up to about 25 s (tableCaseStore.ts), and the row must outlive it. Past that, the case was purged or its
 * create gave up.
 */
export const missingCaseGraceMs = 10 * 60 * 1000;

/** The slaviews table: the rows of the SLA views, as the rules above keep them. */
export class TableSlaViews {
  private readonly table: TableClient;

  constructor(tables: TableClientFactory) {
    this.table = tables('slaViews');
  }

  /** Files a case in views before the write that puts it there lands (revision: the one that write gives the case). */
  async enter(tenantId: string, caseId: string, views: readonly SlaView[], revision: number): Promise<void> {
    await Promise.all(
      views.map((view) => this.table.upsertEntity(slaViewEntity(tenantId, view, caseId, revision), 'Replace')),
    );
  }

  /** Every row of one view of a tenant: one RowKey range of the tenant's partition. */
  async rows(tenantId: string, view: SlaView): Promise<SlaViewRow[]> {
    const rows: SlaViewRow[] = [];
    const entities = this.table.listEntities<{ Revision?: number }>({
      queryOptions: {
        filter: `${odata`PartitionKey eq ${tenantId}`} and ${rowKeysStartingWith(`${view}|`)}`,
        select: ['RowKey', 'Revision', 'Timestamp'],
      },
    });
    for await (const entity of entities) {
      rows.push({
        caseId: String(entity.rowKey).slice(view.length + 1),
        revision: Number(entity.Revision ?? 0),
        etag: String(entity.etag),
        writtenAt: Date.parse(String(entity.timestamp)),
      });
    }
    return rows;
  }

  /**
   * Removes rows a list found stale, each only if unchanged since it was read: a row rewritten in between (the case
   * entered the view again) stays, and a row already gone is no error.
   */
  async remove(tenantId: string, view: SlaView, rows: readonly SlaViewRow[]): Promise<void> {
    await Promise.all(
      rows.map(async (row) => {
        try {
          await this.table.deleteEntity(tenantId, `${view}|${row.caseId}`, { etag: row.etag });
        } catch (error) {
          if (!isStatus(error, 404, 412)) throw error;
        }
      }),
    );
  }
}
