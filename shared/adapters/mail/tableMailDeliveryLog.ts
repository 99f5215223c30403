import { createHash } from 'node:crypto';
import { odata, type TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { DeliveryRecord, MailDeliveryLog } from '../../ports/mailSender';
import type { RowRef } from '../../ports/retention';
import { isStatus } from '../tables/restErrors';
import { deleteRows } from '../tables/rowDeletion';
import { findLookups, lookupEntity } from '../tables/lookupRows';
import type { TableClientFactory } from '../tables/tableClients';
import { caseIdOfThreadLookupKey, threadLookupKey } from '../../domain/mail/outgoingMail';

/*
 * mailDeliveries table, in each case's partition ({tenantId}|{caseId}):
 *   {sha256(notification id)}   one row per notification: State, CaseId, MessageId, Attempts, UpdatedAt, DeliveryId,
 *                               Reason
 *   lookup|{sha256(key)}        the lookup row of the mail's Message-ID (lookupRows.ts: CaseId, LookupKey), so a
 *                               reply finds the case (In-Reply-To, References) without the case row changing
 * The first attempt creates both in one transaction, so a lookup exists exactly for the mails whose attempt began, and a
 * reply cannot come before it. A reply finds the partition by the case id its Message-ID carries
 * (caseIdOfThreadLookupKey), and the lookup row confirms it.
 * A partition per case holds a few rows however much mail the tenant's other cases had: Azurite up to 3.36 scanned a
 * partition for each row key it read or created, and Azure serves a partition from one server. Nothing needs these rows in a case's
 * own transaction, so they live outside the cases table.
 * Earlier versions kept the records in the tenant's partition (`tenantId`) and the lookups in the cases table: a
 * redelivery still finds such a record's final state (get), and intake still reads those lookups (emailIntake.ts).
 * Neither names a person: the recipient is on the case, so erasure has nothing to do here; the retention purge removes
 * a case's partition with the case (removeCase).
 */
const rowKey = (notificationId: string): string => createHash('sha256').update(notificationId).digest('hex');

/** The most cases whose partitions one findCases reads: as many queries as 100 ids took in one partition. */
const maxCasesLookedUp = 8;

/** The partition of one case's delivery records and Message-ID lookups. */
const casePartition = (tenantId: string, caseId: string): string => `${tenantId}|${caseId}`;

const rowSchema = z.lazy(() =>
  z.object({
    State: z.enum(['sending', 'sent', 'refused']),
    CaseId: z.string(),
    MessageId: z.string(),
    Attempts: z.number().int(),
    UpdatedAt: z.string(),
    DeliveryId: z.string().optional(),
    Reason: z.string().optional(),
    etag: z.string(),
  }),
);

/** The delivery log in Table Storage: conditional writes (ETags) keep two deliveries from both beginning an attempt. */
export class TableMailDeliveryLog implements MailDeliveryLog {
  private readonly deliveries: TableClient;

  constructor(tables: TableClientFactory) {
    this.deliveries = tables('mailDeliveries');
  }

  /**
   * The record in the case's partition; else a record an earlier version kept in the tenant's partition, when it is
   * final (sent or refused). An earlier version's `sending` record is not honoured: its attempt is taken over as a
   * lapsed one would be, and the mail may go out twice (only a delivery under way across an upgrade can leave one).
   */
  async get(tenantId: string, caseId: string, notificationId: string): Promise<DeliveryRecord | undefined> {
    const record = await this.read(casePartition(tenantId, caseId), notificationId);
    if (record) return record;
    const earlier = await this.read(tenantId, notificationId);
    return earlier && earlier.state !== 'sending' ? earlier : undefined;
  }

  private async read(partitionKey: string, notificationId: string): Promise<DeliveryRecord | undefined> {
    try {
      const row = rowSchema.parse(await this.deliveries.getEntity(partitionKey, rowKey(notificationId)));
      return {
        state: row.State,
        caseId: row.CaseId,
        messageId: row.MessageId,
        attempts: row.Attempts,
        updatedAt: row.UpdatedAt,
        ...(row.DeliveryId !== undefined && { deliveryId: row.DeliveryId }),
        ...(row.Reason !== undefined && { reason: row.Reason }),
        etag: row.etag,
      };
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  async beginAttempt(
    tenantId: string,
    notificationId: string,
    attempt: { caseId: string; messageId: string; at: Date; deliveryId: string },
    previous: DeliveryRecord | undefined,
  ): Promise<boolean> {
    const partitionKey = casePartition(tenantId, attempt.caseId);
    const entity = {
      partitionKey,
      rowKey: rowKey(notificationId),
      State: 'sending',
      CaseId: attempt.caseId,
      MessageId: attempt.messageId,
      Attempts: (previous?.attempts ?? 0) + 1,
      UpdatedAt: attempt.at.toISOString(),
      DeliveryId: attempt.deliveryId,
    };
    const lookup = lookupEntity(partitionKey, attempt.caseId, threadLookupKey(attempt.messageId));
    try {
      // A later attempt finds the lookup the first wrote (or none, if an earlier version wrote it elsewhere); the
      // Message-ID derives from the notification, so either way it names this case.
      await this.deliveries.submitTransaction(
        previous
          ? [
              ['update', entity, 'Replace', { etag: previous.etag }],
              ['upsert', lookup, 'Replace'],
            ]
          : [
              ['create', entity],
              ['create', lookup],
            ],
      );
      return true;
    } catch (error) {
      // 409: another delivery created the row first; 412: it moved the row on since `previous` was read.
      if (isStatus(error, 409, 412)) return false;
      throw error;
    }
  }

  /**
   * One query per case the keys' Message-IDs name (one, for nearly every reply), for the first `maxCasesLookedUp`
   * cases in the keys' order (intake's: the most telling first); keys that name no case, or a case beyond those, are
   * absent. The bound keeps a crafted References list of ids naming a hundred cases from costing a hundred queries.
   */
  async findCases(tenantId: string, lookupKeys: readonly string[]): Promise<Map<string, string>> {
    const byCase = new Map<string, string[]>();
    for (const key of lookupKeys) {
      const caseId = caseIdOfThreadLookupKey(key);
      if (caseId === undefined || (!byCase.has(caseId) && byCase.size === maxCasesLookedUp)) continue;
      byCase.set(caseId, [...(byCase.get(caseId) ?? []), key]);
    }
    const found = await Promise.all(
      [...byCase].map(([caseId, keys]) => findLookups(this.deliveries, casePartition(tenantId, caseId), keys)),
    );
    return new Map(found.flatMap((lookups) => [...lookups]));
  }

  async removeCase(tenantId: string, caseId: string): Promise<number> {
    const partitionKey = casePartition(tenantId, caseId);
    const rows = this.deliveries.listEntities({
      queryOptions: { filter: odata`PartitionKey eq ${partitionKey}`, select: ['RowKey'] },
    });
    const found: RowRef[] = [];
    for await (const row of rows) found.push({ partitionKey, rowKey: String(row.rowKey) });
    return deleteRows(this.deliveries, found);
  }

  async finish(
    tenantId: string,
    caseId: string,
    notificationId: string,
    outcome: { state: 'sent' | 'refused'; at: Date; reason?: string },
  ): Promise<void> {
    await this.deliveries.updateEntity(
      {
        partitionKey: casePartition(tenantId, caseId),
        rowKey: rowKey(notificationId),
        State: outcome.state,
        UpdatedAt: outcome.at.toISOString(),
        ...(outcome.reason !== undefined && { Reason: outcome.reason }),
      },
      'Merge',
    );
  }
}
