import { odata, type TableClient } from '@azure/data-tables';
import type { CaseShare, CaseSharePage, CaseShares } from '../../ports/caseShares';
import { isStatus } from './restErrors';
import { rowKeysStartingWith } from './rowKeyRanges';
import type { TableClientFactory } from './tableClients';

/*
 * cases table, in the providing tenant's partition: RowKey shared|{caseId} -> { OriginTenantId, CaseId }.
 * Case ids are unique across tenants, so a provider finds a shared case with one point read.
 */
const sharePrefix = 'shared|';

interface ShareRow {
  partitionKey: string;
  rowKey: string;
  OriginTenantId: string;
  CaseId: string;
}

const shareOf = (row: ShareRow): CaseShare => ({ originTenantId: row.OriginTenantId, caseId: row.CaseId });

export class TableCaseShares implements CaseShares {
  private readonly table: TableClient;

  constructor(tables: TableClientFactory) {
    this.table = tables('cases');
  }

  async add(providerTenantId: string, share: CaseShare): Promise<void> {
    const row: ShareRow = {
      partitionKey: providerTenantId,
      rowKey: `${sharePrefix}${share.caseId}`,
      OriginTenantId: share.originTenantId,
      CaseId: share.caseId,
    };
    await this.table.upsertEntity(row, 'Replace');
  }

  async find(providerTenantId: string, caseId: string): Promise<CaseShare | undefined> {
    try {
      const row = await this.table.getEntity<ShareRow>(providerTenantId, `${sharePrefix}${caseId}`);
      return { originTenantId: row.OriginTenantId, caseId: row.CaseId };
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  async list(providerTenantId: string): Promise<CaseShare[]> {
    const shares: CaseShare[] = [];
    for await (const row of this.rows(providerTenantId)) shares.push(shareOf(row));
    return shares;
  }

  /** One Table Storage page of the share rows (RowKey order, so case id order), with the storage's continuation. */
  async listPage(
    providerTenantId: string,
    page: { pageSize: number; continuationToken?: string },
  ): Promise<CaseSharePage> {
    const pages = this.rows(providerTenantId).byPage({
      maxPageSize: page.pageSize,
      continuationToken: page.continuationToken,
    });
    const first = await pages.next();
    if (first.done) return { shares: [] };
    return { shares: first.value.map(shareOf), continuationToken: first.value.continuationToken };
  }

  private rows(providerTenantId: string) {
    return this.table.listEntities<ShareRow>({
      queryOptions: {
        filter: `${odata`PartitionKey eq ${providerTenantId}`} and ${rowKeysStartingWith(sharePrefix)}`,
      },
    });
  }
}
