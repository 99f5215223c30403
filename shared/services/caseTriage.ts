import { applyTriage, correctionsBeforeTriage } from '../domain/caseTriage';
import { withOutboxMessages } from '../domain/outbox';
import { enrichmentRequestMessage, type CaseStageMessage } from '../domain/pipelineMessages';
import { defaultTriageBudget, triage } from '../domain/triage/triage';
import { rulesOrDefaults, withTriageNotes } from '../domain/triage/triageNotes';
import type { Desk } from '../composition';
import { changeCase } from './caseUpdates';
import { sendOutbox } from './caseOutbox';

/**
 * Classifies a case with the tenant's rules and hands it to enrichment through the case's outbox. Running it again (a
 * redelivery) finds the case already triaged, changes nothing and sends what is still on the outbox again, which the
 * queue drops as a duplicate. A case an agent already took into work is triaged all the same; only its status stays
 * where the agent put it.
 */
export async function triageCase(
  desk: Pick<Desk, 'cases' | 'tenants' | 'publisher' | 'clock'>,
  message: CaseStageMessage,
): Promise<void> {
  // Triage has a time budget and never fails for slow or unreadable rules: the timeline notes either.
  const { rules, note } = await rulesOrDefaults(() => desk.tenants.triageRules(message.tenantId));
  const { stored, result: triaged } = await changeCase(
    desk.cases,
    message.tenantId,
    message.caseId,
    (current) => {
      const supportCase = current.supportCase;
      if (supportCase.triage) return { result: false };
      const now = desk.clock.now();
      const decision = triage(
        // An agent's correction made before triage ran counts as given, so the fields decided after it build on it.
        {
          title: supportCase.title,
          description: supportCase.description,
          ...supportCase.customerGiven,
          ...correctionsBeforeTriage(supportCase),
        },
        rules,
        defaultTriageBudget,
      );
      const applied = withTriageNotes(applyTriage(supportCase, decision, now), decision, note);
      return {
        ...applied,
        next: withOutboxMessages(applied.next, [enrichmentRequestMessage(supportCase.tenantId, supportCase.id, now)]),
        result: true,
      };
    },
    { publisher: desk.publisher },
  );
  if (!triaged && !stored.supportCase.entitlement) await sendOutbox(desk.publisher, stored.supportCase.outbox);
}
