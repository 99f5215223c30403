import { TableClient } from '@azure/data-tables';
import { developmentMailTable, type KeptMail } from '../../shared/adapters/mail/developmentMailbox';
import { fromDocumentColumns } from '../../shared/adapters/tables/jsonColumns';
import type { MailConfig } from '../../shared/config';
import type { TestHost } from './testHost';

/**
 * The mail the development mailbox kept about a case: every mail the desk sends about a case (to its contact, or an
 * alert to staff) has a Message-ID naming it, `<c-{caseId}.{notificationId}@…>`. Reads the whole mailbox table, a scan
 * only tests make, so that mail other test files dated later (their clocks) cannot push it out of GET /admin/mail's 100.
 */
export async function keptMailOf(desk: TestHost, caseId: string): Promise<KeptMail[]> {
  const mail = desk.desk.config.mail as Extract<MailConfig, { kind: 'development' }>;
  const table = TableClient.fromConnectionString(mail.connectionString, developmentMailTable, {
    allowInsecureConnection: true,
  });
  const kept: KeptMail[] = [];
  for await (const row of table.listEntities<Record<string, unknown>>()) {
    const one = fromDocumentColumns(row) as KeptMail;
    if (one.messageId.startsWith(`<c-${caseId}.`)) kept.push(one);
  }
  return kept;
}

/** Who the development mailbox kept a staff alert mail about the case for, one entry per mail, sorted. */
export async function staffAlertMailOf(desk: TestHost, caseId: string): Promise<string[]> {
  return (await keptMailOf(desk, caseId))
    .filter((mail) => mail.notificationId.startsWith('staffmail-'))
    .flatMap((mail) => mail.to)
    .sort();
}
