import type { AutomatedMailRule } from '../domain/email';

/** Mail the loop and noise guard kept out: no case, no acknowledgement, but visible to the operator. */
export interface IgnoredMail {
  messageId: string;
  from: string;
  subject: string;
  rule: AutomatedMailRule;
  reason: string;
  receivedAt: string;
  recordedAt: string;
}

export interface IntakeLog {
  /** Records the mail once; the same Message-ID again changes nothing. */
  recordIgnored(tenantId: string, mail: IgnoredMail): Promise<void>;
  listIgnored(tenantId: string, limit: number): Promise<{ count: number; items: IgnoredMail[] }>;
}
