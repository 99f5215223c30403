import { createHash } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { DeliveryRecord, MailDeliveryLog } from '../../ports/mailSender';
import { isStatus } from '../tables/restErrors';
import { findLookups, lookupEntity } from '../tables/lookupRows';
import type { TableClientFactory } from '../tables/tableClients';
import { threadLookupKey } from '../../domain/mail/outgoingMail';

/*
 * mailDeliveries table, in each tenant's partition:
 *   {sha256(notification id)}   one row per notification: State, CaseId, MessageId, Attempts, UpdatedAt, DeliveryId,
 *                               Reason
 *   lookup|{sha256(key)}        the lookup row of the mail's Message-ID (lookupRows.ts: CaseId, LookupKey), so a
 *                               reply finds the case (In-Reply-To, References) without the case row changing
 * The first attempt creates both in one transaction, so a lookup exists exactly for the mails whose attempt began, and a
 * reply cannot come before it. Both live outside the tenant's partition of the cases table, which every read and write
 * of its cases pays for by size (Azurite scans it for each row key; Azure serves one partition from one server), while
 * nothing needs them in a case's transaction. (Earlier versions wrote the lookup into the cases table; intake reads
 * both, see emailIntake.ts.)
 * Neither names a person: the recipient is on the case, so erasure has nothing to do here.
 */
const rowKey = (notificationId: string): string => createHash('sha256').update(notificationId).digest('hex');

const rowSchema = z.object({
  State: z.enum(['sending', 'sent', 'refused']),
  CaseId: z.string(),
  MessageId: z.string(),
  Attempts: z.number().int(),
  UpdatedAt: z.string(),
  DeliveryId: z.string().optional(),
  Reason: z.string().optional(),
  etag: z.string(),
});

/** The delivery log in Table Storage: conditional writes (ETags) keep two deliveries from both beginning an attempt. */
export class TableMailDeliveryLog implements MailDeliveryLog {
  private readonly deliveries: TableClient;

  constructor(tables: TableClientFactory) {
    this.deliveries = tables('mailDeliveries');
  }

  async get(tenantId: string, notificationId: string): Promise<DeliveryRecord | undefined> {
    try {
      const row = rowSchema.parse(await this.deliveries.getEntity(tenantId, rowKey(notificationId)));
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
    const entity = {
      partitionKey: tenantId,
      rowKey: rowKey(notificationId),
      State: 'sending',
      CaseId: attempt.caseId,
      MessageId: attempt.messageId,
      Attempts: (previous?.attempts ?? 0) + 1,
      UpdatedAt: attempt.at.toISOString(),
      DeliveryId: attempt.deliveryId,
    };
    const lookup = lookupEntity(tenantId, attempt.caseId, threadLookupKey(attempt.messageId));
    try {
      // A later attempt finds the lookup the first wrote (or none, if an earlier version wrote it to the cases table);
      // the Message-ID derives from the notification, so either way it names this case.
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

  findCases(tenantId: string, lookupKeys: readonly string[]): Promise<Map<string, string>> {
    return lookupKeys.length === 0 ? Promise.resolve(new Map()) : findLookups(this.deliveries, tenantId, lookupKeys);
  }

  async finish(
    tenantId: string,
    notificationId: string,
    outcome: { state: 'sent' | 'refused'; at: Date; reason?: string },
  ): Promise<void> {
    await this.deliveries.updateEntity(
      {
        partitionKey: tenantId,
        rowKey: rowKey(notificationId),
        State: outcome.state,
        UpdatedAt: outcome.at.toISOString(),
        ...(outcome.reason !== undefined && { Reason: outcome.reason }),
      },
      'Merge',
    );
  }
}
