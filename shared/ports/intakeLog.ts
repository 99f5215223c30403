import type { IgnoredMail } from '../domain/ignoredMail';

export interface IntakeLog {
  /** Records the mail once; the same Message-ID again changes nothing. */
  recordIgnored(tenantId: string, mail: IgnoredMail): Promise<void>;
  listIgnored(tenantId: string, limit: number): Promise<{ count: number; items: IgnoredMail[] }>;
}
