import type { TableClient } from '@azure/data-tables';
import type { OutgoingMail } from '../../domain/mail/outgoingMail';
import type { MailSender } from '../../ports/mailSender';
import { fromDocumentColumns, toDocumentColumns } from '../tables/jsonColumns';
import { isStatus } from '../tables/restErrors';
import { loadDataTables } from '../tables/tableClients';
import { mimeMessageOf } from './mimeMessage';

/** The development mailbox's table in Azurite; it exists only there (Bicep never creates it). */
export const developmentMailTable = 'devmail';

/** A mail the development mailbox kept: the mail as the desk sent it, and its MIME message as a mail service gets it. */
export interface KeptMail {
  sentAt: string;
  notificationId: string;
  messageId: string;
  from: string;
  replyTo?: string;
  to: string[];
  subject: string;
  text: string;
  inReplyTo?: string;
  references: string[];
  language: string;
  headers: Record<string, string>;
  /** The RFC 5322 message, as the Graph adapter would send it. */
  mime: string;
}

/**
 * Rows sort newest first: keys count the time left until the year 275760 (JavaScript's last date). Each second's mail
 * has a partition of its own (the milliseconds left at that second's start), so keeping a mail never scans all the mail
 * kept before (Azurite up to 3.36 looked for a row key by scanning its partition), and a read of the table in key order is still
 * newest first, before the mail earlier versions kept in one partition named `mail` (digits sort before letters).
 */
const lastInstant = 8_640_000_000_000_000;
const keyOf = (milliseconds: number): string => String(lastInstant - milliseconds).padStart(16, '0');

/**
 * The mail sender of the local host (MAIL_SENDER=development): keeps every mail in the `devmail` table of Azurite
 * instead of sending it, for `GET /admin/mail`. Azurite only: it reads the development storage's connection string.
 */
export class DevelopmentMailbox implements MailSender {
  private readonly table: TableClient;
  private ready: Promise<void> | undefined;

  constructor(connectionString: string) {
    this.table = loadDataTables().TableClient.fromConnectionString(connectionString, developmentMailTable, {
      allowInsecureConnection: connectionString.includes('http://'),
    });
  }

  async send(mail: OutgoingMail): Promise<void> {
    // createTable answers success when the table exists; a failed attempt is tried again with the next mail.
    this.ready ??= this.table.createTable().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    await this.ready;
    const sentAt = new Date();
    const kept: KeptMail = {
      sentAt: sentAt.toISOString(),
      notificationId: mail.notificationId,
      messageId: mail.messageId,
      from: mail.from.address,
      ...(mail.replyTo && { replyTo: mail.replyTo.address }),
      to: mail.to.map((to) => to.address),
      subject: mail.subject,
      text: mail.text,
      ...(mail.inReplyTo && { inReplyTo: mail.inReplyTo }),
      references: mail.references,
      language: mail.language,
      headers: mail.headers,
      mime: (await mimeMessageOf(mail)).toString('utf8'),
    };
    const partitionKey = keyOf(Math.floor(sentAt.getTime() / 1000) * 1000);
    const rowKey = `${keyOf(sentAt.getTime())}|${encodeURIComponent(mail.notificationId)}`;
    try {
      await this.table.createEntity({ partitionKey, rowKey, ...toDocumentColumns(kept) });
    } catch (error) {
      // The same mail kept in the same millisecond: it is there.
      if (!isStatus(error, 409)) throw error;
    }
  }

  /** The newest kept mail first, at most `limit`. */
  async list(limit = 100): Promise<KeptMail[]> {
    const kept: KeptMail[] = [];
    try {
      for await (const entity of this.table.listEntities<Record<string, unknown>>()) {
        kept.push(fromDocumentColumns(entity) as KeptMail);
        if (kept.length >= limit) break;
      }
    } catch (error) {
      if (isStatus(error, 404)) return []; // nothing sent yet: the table does not exist
      throw error;
    }
    return kept;
  }
}
