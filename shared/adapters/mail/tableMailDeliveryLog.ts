import { createHash } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { DeliveryRecord, MailDeliveryLog } from '../../ports/mailSender';
import { isStatus } from '../tables/restErrors';
import { caseRowKeys } from '../tables/tableCaseStore';
import type { TableClientFactory } from '../tables/tableClients';
import { threadLookupKey } from '../../domain/mail/outgoingMail';

/*
 * mailDeliveries table, one row per notification, in its tenant's partition:
 *   {sha256(notification id)}   State, CaseId, MessageId, Attempts, UpdatedAt, DeliveryId, Reason
 * Before an attempt begins, the mail's Message-ID becomes a lookup row of its case in the cases table (the case
 * store's layout: caseRowKeys.lookupRowKey, columns CaseId and LookupKey), so a reply finds the case without the case
 * row changing. The lookup is written first and alone: it says the same whoever writes it, and a lookup of a mail that
 * never went out is never asked for. The record lives outside the tenant's partition of the cases table, which every
 * read and write of its cases pays for by size (Azurite scans it for each row key; Azure serves one partition from one
 * server), while nothing needs the record in a case's transaction.
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
  private readonly cases: TableClient;
  private readonly deliveries: TableClient;

  constructor(tables: TableClientFactory) {
    this.cases = tables('cases');
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
    const lookupKey = threadLookupKey(attempt.messageId);
    const lookup = {
      partitionKey: tenantId,
      rowKey: caseRowKeys.lookupRowKey(lookupKey),
      CaseId: attempt.caseId,
      LookupKey: lookupKey,
    };
    try {
      await this.cases.createEntity(lookup);
    } catch (error) {
      // Written by an earlier attempt: the Message-ID derives from the notification, so the row names this case.
      if (!isStatus(error, 409)) throw error;
    }
    try {
      if (previous) await this.deliveries.updateEntity(entity, 'Replace', { etag: previous.etag });
      else await this.deliveries.createEntity(entity);
      return true;
    } catch (error) {
      // 409: another delivery created the row first; 412: it moved the row on since `previous` was read.
      if (isStatus(error, 409, 412)) return false;
      throw error;
    }
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
