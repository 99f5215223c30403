import { odata, type TableClient, type TableEntity } from '@azure/data-tables';
import { slaViews, type SlaView } from '../../domain/workQueue';
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
 *   gives the case (a row for a write that then fails is harmless: see the last rule). A row's revision only rises: a
 *   writer that read an older revision of the case leaves a newer row as it is (its own write can only fail, or land
 *   as the revision the row already names);
 * - writers never remove a row; a list removes one when it finds the case out of the view as of a revision at least
 *   the row's, or finds no case or an older revision for longer than any write takes (missingCaseGraceMs: a create
 *   whose case never landed, a purged case, a write that failed after its row), and the row unchanged since it was
 *   read (ETag), so a row that a newer write put there in the meantime stays;
 * - a view lists only the cases that, read from their case rows, still match the whole query (stillMatches).
 * The version before filed these views as `q|sla:{view}|{caseId}` rows of the tenant's partition of `cases`. The first
 * list of a tenant's view copies them here (revision 0, that version's) and marks the tenant done (RowKey
 * `adopted|q|sla`), so cases it filed are in their views before their next write; that write removes the old row.
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

type ViewRowEntity = TableEntity<{ Revision: number }>;

/** The row of a case in a view, as written before the case write that puts it there. */
export function slaViewEntity(tenantId: string, view: SlaView, caseId: string, revision: number): ViewRowEntity {
  return { partitionKey: tenantId, rowKey: `${view}|${caseId}`, Revision: revision };
}

/**
 * A row whose case cannot be read, or is older than the row, is kept this long (ms) after it was written: the write
 * that wrote it may still land (a create retries for up to about 25 s, tableCaseStore.ts). Past that, it never will.
 */
export const missingCaseGraceMs = 10 * 60 * 1000;

const adoptedRowKey = 'adopted|q|sla';
const legacyRowPrefix = 'q|sla:';

/** The slaviews table: the rows of the SLA views, as the rules above keep them. */
export class TableSlaViews {
  private readonly table: TableClient;
  private readonly cases: TableClient;
  /** Tenants whose rows of the version before this instance knows are copied (see adoptLegacyRows). */
  private readonly adopted = new Set<string>();

  constructor(tables: TableClientFactory) {
    this.table = tables('slaViews');
    this.cases = tables('cases');
  }

  /**
   * Files a case in views before the write that puts it there lands (revision: the one that write gives the case). A
   * row already there with the same or a newer revision stays as it is.
   */
  async enter(tenantId: string, caseId: string, views: readonly SlaView[], revision: number): Promise<void> {
    await Promise.all(views.map((view) => this.enterOne(slaViewEntity(tenantId, view, caseId, revision))));
  }

  private async enterOne(row: ViewRowEntity): Promise<void> {
    for (;;) {
      if (await this.created(row)) return;
      const existing = await this.read(row.partitionKey, row.rowKey);
      // Removed by a list in between: create it again.
      if (!existing) continue;
      if (Number(existing.Revision ?? 0) >= row.Revision) return;
      if (await this.replaced(row, String(existing.etag))) return;
    }
  }

  /** Whether the row was created (false: a row is there). */
  private async created(row: ViewRowEntity): Promise<boolean> {
    try {
      await this.table.createEntity(row);
      return true;
    } catch (error) {
      if (isStatus(error, 409)) return false;
      throw error;
    }
  }

  /** Whether the row was replaced as read (false: a concurrent writer or a list changed it first). */
  private async replaced(row: ViewRowEntity, etag: string): Promise<boolean> {
    try {
      await this.table.updateEntity(row, 'Replace', { etag });
      return true;
    } catch (error) {
      if (isStatus(error, 404, 412)) return false;
      throw error;
    }
  }

  private async read(partitionKey: string, rowKey: string): Promise<{ Revision?: number; etag: string } | undefined> {
    try {
      const row = await this.table.getEntity<{ Revision?: number }>(partitionKey, rowKey, {
        queryOptions: { select: ['Revision'] },
      });
      return { Revision: row.Revision, etag: String(row.etag) };
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  /** Every row of one view of a tenant: one RowKey range of the tenant's partition. */
  async rows(tenantId: string, view: SlaView): Promise<SlaViewRow[]> {
    await this.adoptLegacyRows(tenantId);
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
   * Copies the tenant's `q|sla:` rows of the version before (see above), once: a marker row says it was done, and an
   * instance that read the marker asks no more. Copying twice, or after a case's next write, changes nothing: a row
   * of revision 0 is as old as any case row can be.
   */
  private async adoptLegacyRows(tenantId: string): Promise<void> {
    if (this.adopted.has(tenantId)) return;
    if (!(await this.read(tenantId, adoptedRowKey))) {
      const legacy = this.cases.listEntities({
        queryOptions: {
          filter: `${odata`PartitionKey eq ${tenantId}`} and ${rowKeysStartingWith(legacyRowPrefix)}`,
          select: ['RowKey'],
        },
      });
      const found: Array<{ view: SlaView; caseId: string }> = [];
      for await (const row of legacy) {
        const [view, caseId] = String(row.rowKey).slice(legacyRowPrefix.length).split('|');
        const known = slaViews.find((name) => name === view);
        if (known && caseId) found.push({ view: known, caseId });
      }
      await Promise.all(found.map(({ view, caseId }) => this.enter(tenantId, caseId, [view], 0)));
      await this.table.upsertEntity({ partitionKey: tenantId, rowKey: adoptedRowKey }, 'Replace');
    }
    this.adopted.add(tenantId);
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
