import { createHash } from 'node:crypto';
import { odata, type TableClient } from '@azure/data-tables';
import type { z } from 'zod';
import { ignoredMailSchema, type IgnoredMail } from '../../domain/ignoredMail';
import { threadRefusalSchema, type ThreadRefusal } from '../../domain/threadRefusal';
import type { IntakeLog } from '../../ports/intakeLog';
import { fromDocumentColumns } from './jsonColumns';
import { writeDocument } from './documentRows';
import { rowKeysStartingWith } from './rowKeyRanges';
import type { TableClientFactory } from './tableClients';

/*
 * The intake log sits in the tenant's partition of the cases table, one row per mail:
 *   ignoredMail|{sha256(Message-ID)}     mail the loop and noise guard kept out
 *   threadRefusal|{sha256(Message-ID)}   mail whose thread match the sender check refused
 */
const ignoredPrefix = 'ignoredMail|';
const refusalPrefix = 'threadRefusal|';

const rowKey = (prefix: string, messageId: string): string =>
  `${prefix}${createHash('sha256').update(messageId).digest('hex')}`;
/** The row of a mail in each log, for the retention purge and erasure (tableRetention.ts). */
export const intakeLogRowKeys = {
  ignoredMail: (messageId: string) => rowKey(ignoredPrefix, messageId),
  threadRefusal: (messageId: string) => rowKey(refusalPrefix, messageId),
} as const;

export class TableIntakeLog implements IntakeLog {
  private readonly cases: TableClient;

  constructor(tables: TableClientFactory) {
    this.cases = tables('cases');
  }

  async recordIgnored(tenantId: string, mail: IgnoredMail): Promise<void> {
    await writeDocument(this.cases, tenantId, rowKey(ignoredPrefix, mail.messageId), mail);
  }

  listIgnored(tenantId: string, limit: number): Promise<{ count: number; items: IgnoredMail[] }> {
    return this.latest(tenantId, ignoredPrefix, ignoredMailSchema, limit);
  }

  async recordThreadRefusal(tenantId: string, refusal: ThreadRefusal): Promise<void> {
    await writeDocument(this.cases, tenantId, rowKey(refusalPrefix, refusal.messageId), refusal);
  }

  listThreadRefusals(tenantId: string, limit: number): Promise<{ count: number; items: ThreadRefusal[] }> {
    return this.latest(tenantId, refusalPrefix, threadRefusalSchema, limit);
  }

  /** The rows under one prefix, newest mail first. */
  private async latest<Entry extends { receivedAt: string }>(
    tenantId: string,
    prefix: string,
    schema: z.ZodType<Entry>,
    limit: number,
  ): Promise<{ count: number; items: Entry[] }> {
    const items: Entry[] = [];
    const rows = this.cases.listEntities({
      queryOptions: {
        filter: `${odata`PartitionKey eq ${tenantId}`} and ${rowKeysStartingWith(prefix)}`,
      },
    });
    for await (const row of rows) items.push(schema.parse(fromDocumentColumns(row)));
    items.sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
    return { count: items.length, items: items.slice(0, limit) };
  }
}
