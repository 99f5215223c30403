import type { SupportCase } from './case';
import type { MailTemplates } from './mail/templates';
import { notificationFor, notificationOutboxMessage } from './notifications';
import { outboxGraceMs, withOutboxMessages } from './outbox';
import { triageRequestMessage } from './pipelineMessages';

export interface IntakeMessages {
  now: Date;
  /** The tenant's support mailbox the acknowledgement is sent from; undefined lets the mail connector choose. */
  from: string | undefined;
  /** False when the sender asked for no automatic replies (X-Auto-Response-Suppress). */
  acknowledge: boolean;
  /** The tenant's own wording of its notifications (its profile's `mailTemplates`), if it has any. */
  mailTemplates?: MailTemplates;
}

/** A new case with what its intake causes on its outbox: the triage request and the acknowledgement to its contact. */
export function withIntakeMessages(supportCase: SupportCase, facts: IntakeMessages): SupportCase {
  const triage = triageRequestMessage(supportCase.tenantId, supportCase.id, facts.now);
  const acknowledgement = facts.acknowledge
    ? [
        notificationOutboxMessage(
          notificationFor('acknowledgement', supportCase, { at: facts.now, from: facts.from }, facts.mailTemplates),
          supportCase,
          facts.now,
        ),
      ]
    : [];
  return withOutboxMessages(supportCase, [triage, ...acknowledgement]);
}

/**
 * Where a case opened at `now` is filed in the due-time index before it is stored: the instant its outbox falls due,
 * which comes before its stage watch. Should the process stop between the save and the send, the sweep sends the
 * outbox then; should a stage message be lost later, the stage watch of the saved case takes over.
 */
export function intakeDueAt(now: Date): string {
  return new Date(now.getTime() + outboxGraceMs).toISOString();
}
