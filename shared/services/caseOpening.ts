import type { Desk } from '../composition';
import { intakeDueAt, withIntakeMessages, type IntakeMessages } from '../domain/intakeOutbox';
import type { CaseDraft, CreateCaseOutcome, IdempotencyClaim } from '../ports/caseStore';
import { sendOutbox } from './caseOutbox';

export type CaseOpeningDesk = Pick<Desk, 'cases' | 'publisher' | 'slaDue'>;

/**
 * Stores a new case (portal or email) with what its intake causes on its outbox (triage request, acknowledgement) and
 * sends that after the save. The case is filed in the due-time index before it exists, so a process that stops between
 * the save and the send still leaves it to the sweep. A replay of the same claim sends again what is still on the
 * outbox: the first attempt may have stopped before sending, and the queue drops the copy if it did not.
 */
export async function openNewCase(
  desk: CaseOpeningDesk,
  tenantId: string,
  caseId: string,
  intake: IntakeMessages,
  draft: (caseNumber: string) => CaseDraft,
  claim?: IdempotencyClaim,
): Promise<CreateCaseOutcome> {
  await desk.slaDue.move(tenantId, caseId, null, intakeDueAt(intake.now));
  const created = await desk.cases.create(
    tenantId,
    (caseNumber) => {
      const drafted = draft(caseNumber);
      return { ...drafted, supportCase: withIntakeMessages(drafted.supportCase, intake) };
    },
    claim,
  );
  await sendOutbox(desk.publisher, created.stored.supportCase.outbox);
  return created;
}
