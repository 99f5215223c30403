import { applyTriage } from '../domain/caseTriage';
import { enrichmentMessageId, type CaseStageMessage } from '../domain/pipelineMessages';
import { triage } from '../domain/triage/triage';
import type { Desk } from '../composition';
import { queueNames } from '../resourceNames';
import { changeCase } from './caseUpdates';

/**
 * Classifies a case with the tenant's rules and hands it to enrichment. Running it again (a redelivery) finds the
 * case already triaged, changes nothing and re-sends the enrichment request, which the queue drops as a duplicate.
 * A case an agent already took into work is triaged all the same; only its status stays where the agent put it.
 */
export async function triageCase(desk: Pick<Desk, 'cases' | 'tenants' | 'publisher' | 'clock'>, message: CaseStageMessage): Promise<void> {
  const rules = await desk.tenants.triageRules(message.tenantId);
  const stored = await changeCase(desk.cases, message.tenantId, message.caseId, (current) => {
    const supportCase = current.supportCase;
    if (supportCase.triage) return undefined;
    const decision = triage({ title: supportCase.title, description: supportCase.description, ...supportCase.customerGiven }, rules);
    return applyTriage(supportCase, decision, desk.clock.now());
  });
  if (stored.supportCase.entitlement) return;
  const body: CaseStageMessage = { tenantId: message.tenantId, caseId: message.caseId };
  await desk.publisher.publish(queueNames.caseEnrichment, { body, messageId: enrichmentMessageId(message.caseId), contentType: 'application/json' });
}
