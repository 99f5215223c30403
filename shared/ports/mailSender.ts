import type { OutgoingMail } from '../domain/mail/outgoingMail';

/**
 * Sends one mail through a mail service (Microsoft Graph, Azure Communication Services Email, the development mailbox).
 * Resolves once the service has accepted the mail. Throws `MailRefusedError` when the service refused it for good and
 * `MailDeferredError` when a later attempt may succeed; nothing else (an adapter maps every failure to one of the two).
 */
export interface MailSender {
  send(mail: OutgoingMail): Promise<void>;
}

/**
 * The service refused the mail and will refuse it again: an invalid recipient, a sending mailbox the app may not send
 * as, a request the service calls malformed.
 */
export class MailRefusedError extends Error {
  override readonly name = 'MailRefusedError';

  constructor(
    /** Short code in PascalCase for the dead letter and the timeline, e.g. `InvalidRecipient`, `MailboxNotPermitted`. */
    readonly reason: string,
    /** What the service said, for an operator. */
    description: string,
    /** The service's own error code, when it gave one (Graph `ErrorInvalidRecipients`, ACS `EmailDroppedAllRecipientsSuppressed`). */
    readonly serviceCode?: string,
  ) {
    super(description);
  }
}

/** The service could not take the mail now (throttled, unavailable, a network failure); a later attempt may succeed. */
export class MailDeferredError extends Error {
  override readonly name = 'MailDeferredError';

  constructor(
    description: string,
    /** How long the service asked to wait (its Retry-After), in milliseconds, when it said. */
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(description, options);
  }
}

/** Where a notification's delivery stands: being sent (an attempt began), sent, or refused for good. */
export type DeliveryState = 'sending' | 'sent' | 'refused';

export interface DeliveryRecord {
  state: DeliveryState;
  caseId: string;
  /** The mail's Message-ID. */
  messageId: string;
  /** How many attempts began. */
  attempts: number;
  updatedAt: string;
  /** The queue message whose delivery began the current attempt (absent on records written before it was kept). */
  deliveryId?: string;
  /** The refusal's reason code, when refused. */
  reason?: string;
  /** Version tag that guards the next change of the record. */
  etag: string;
}

/**
 * The record of each notification's delivery, keyed by tenant, case and notification id, which makes sending
 * exactly-once as far as a non-idempotent mail service allows (see shared/services/notificationDelivery.ts).
 */
export interface MailDeliveryLog {
  get(tenantId: string, caseId: string, notificationId: string): Promise<DeliveryRecord | undefined>;
  /**
   * Marks an attempt as begun, in one step: creates the record as `sending`, or moves an earlier `sending` one on
   * (attempts + 1) if it is still the version `previous` names, and points the mail's Message-ID at the case (see
   * findCases), so a reply threads by In-Reply-To. The case itself is not written, so its ETag stays what a person
   * working it holds. Answers false when another delivery changed the record first.
   */
  beginAttempt(
    tenantId: string,
    notificationId: string,
    attempt: { caseId: string; messageId: string; at: Date; deliveryId: string },
    previous: DeliveryRecord | undefined,
  ): Promise<boolean>;
  /**
   * The case each of these lookup keys (`message:<Message-ID>`, threadLookupKey) points at, for the mails the desk sent
   * (as beginAttempt recorded them); keys of other mails are absent from the answer. No request for no keys. A store
   * may read only the first few cases the keys name, in the keys' order (most telling first).
   */
  findCases(tenantId: string, lookupKeys: readonly string[]): Promise<Map<string, string>>;
  /**
   * Removes every delivery record and Message-ID lookup of a case, when the retention purge removes the case; a reply
   * to one of its mails then finds no case. Answers how many rows went (none, on a second call).
   */
  removeCase(tenantId: string, caseId: string): Promise<number>;
  /** Marks the delivery as finished: `sent`, or `refused` with its reason. Unconditional: it is the last word. */
  finish(
    tenantId: string,
    caseId: string,
    notificationId: string,
    outcome: { state: 'sent' | 'refused'; at: Date; reason?: string },
  ): Promise<void>;
}
