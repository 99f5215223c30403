import type { IgnoredMail } from '../domain/ignoredMail';
import type { ThreadRefusal } from '../domain/threadRefusal';

export interface IntakeLog {
  /** Records the mail once; the same Message-ID again changes nothing. */
  recordIgnored(tenantId: string, mail: IgnoredMail): Promise<void>;
  listIgnored(tenantId: string, limit: number): Promise<{ count: number; items: IgnoredMail[] }>;
  /** Records why a mail was not added to the cases it pointed at; the same Message-ID again replaces the record. */
  recordThreadRefusal(tenantId: string, refusal: ThreadRefusal): Promise<void>;
  listThreadRefusals(tenantId: string, limit: number): Promise<{ count: number; items: ThreadRefusal[] }>;
}
