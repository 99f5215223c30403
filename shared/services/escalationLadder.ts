import { z } from 'zod';
import type { Principal } from '../domain/apiKey';
import { climbLadder } from '../domain/ladderClimb';
import { actorFor } from '../domain/permissions';
import { withPendingBreachesSettled } from '../domain/slaEnforcement';
import { conflict, DeskError } from '../errors';
import type { StoredCase } from '../ports/caseStore';
import { findAccessibleCase } from './caseAccess';
import { changeCase } from './caseUpdates';
import { fileNextDue } from './slaDueFiling';
import { followUpCaseChange, type SlaEnforcementDesk } from './slaEnforcement';

/** POST /api/cases/{id}/ladder-steps: why the case needs the next step. */
export const ladderStepRequestSchema = z.lazy(() => z.strictObject({ reason: z.string().trim().min(1).max(2000) }));

/**
 * An agent moves the case up one step of the ladder of the tenant it belongs to, at once (people on duty asked for it,
 * so the service-hours gate of automatic steps does not apply). The agents of a providing tenant may climb further;
 * the originating tenant, once it handed the case over, only reads. The top of the ladder is a 409, and so is a
 * Microsoft step Microsoft cannot take; a technical case without a technical entitlement is also flagged.
 */
export async function requestLadderStep(
  desk: SlaEnforcementDesk,
  principal: Principal,
  caseId: string,
  reason: string,
  ifMatch?: string,
): Promise<StoredCase> {
  const access = await findAccessibleCase(desk, principal, caseId);
  if (!access.mayWork) {
    throw new DeskError(
      'forbidden',
      'This case was handed to a providing tenant: your tenant can read it, and the provider works it.',
    );
  }
  const offering = await desk.tenants.offering(access.originTenantId);
  const now = desk.clock.now();
  const {
    stored,
    before,
    result: climb,
  } = await changeCase(
    desk.cases,
    access.originTenantId,
    caseId,
    (current) => {
      const climbed = climbLadder(current.supportCase, { offering, now, actor: actorFor(principal), reason });
      if (climbed.kind !== 'stepped' && climbed.kind !== 'needsTechnicalEntitlement') return { result: climbed };
      return { next: withPendingBreachesSettled(climbed.next), events: climbed.events, result: climbed };
    },
    { ifMatch, alreadyRead: access.stored, beforeSave: fileNextDue(desk), publisher: desk.publisher },
  );
  switch (climb.kind) {
    case 'topOfLadder':
      throw conflict('The case is already on the top step of its escalation ladder.', {
        code: 'topOfLadder',
        step: climb.step,
      });
    case 'refused':
      throw conflict(climb.reason, { code: climb.code });
    case 'needsTechnicalEntitlement':
      await followUpCaseChange(desk, before.supportCase, stored);
      throw conflict(`${climb.reason} The case is flagged needsTechnicalEntitlement.`, {
        code: 'needsTechnicalEntitlement',
      });
    case 'stepped':
      return followUpCaseChange(desk, before.supportCase, stored);
  }
}
