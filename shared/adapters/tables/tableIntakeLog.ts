import { createHash } from 'node:crypto';
import { odata, type TableClient } from '@azure/data-tables';
import { ignoredMailSchema, type IgnoredMail } from '../../domain/ignoredMail';
import type { IntakeLog } from '../../ports/intakeLog';
import { fromDocumentColumns } from './jsonColumns';
import { writeDocument } from './documentRows';
import type { TableClientFactory } from './tableClients';

/** Ignored mail sits in the tenant's partition of the cases table: RowKey ignoredMail|{sha256(Message-ID)}. */
const prefix = 'ignoredMail|';

export class TableIntakeLog implements IntakeLog {
  private readonly cases: TableClient;

  constructor(tables: TableClientFactory) {
    this.cases = tables('cases');
  }

  async recordIgnored(tenantId: string, mail: IgnoredMail): Promise<void> {
    const rowKey = `${prefix}${createHash('sha256').update(mail.messageId).digest('hex')}`;
    await writeDocument(this.cases, tenantId, rowKey, mail);
  }

  async listIgnored(tenantId: string, limit: number): Promise<{ count: number; items: IgnoredMail[] }> {
    const items: IgnoredMail[] = [];
    const rows = this.cases.listEntities({
      queryOptions: { filter: odata`PartitionKey eq ${tenantId} and RowKey gt ${prefix} and RowKey lt ${'ignoredMail|~'}` },
    });
    for await (const row of rows) items.push(ignoredMailSchema.parse(fromDocumentColumns(row)));
    items.sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
    return { count: items.length, items: items.slice(0, limit) };
  }
}
