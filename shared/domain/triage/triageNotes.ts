import { z } from 'zod';
import type { NewTimelineEvent } from '../case';
import { defaultTriageRules } from './defaultRules';
import type { TriageRules } from './rules';
import type { TriageDecision } from './triage';

/** The rules to triage a case with, and a note for the timeline when they are not the tenant's own. */
export interface RulesToTriageWith {
  rules: TriageRules;
  note?: string;
}

/**
 * Loads the tenant's rules; when the stored ones no longer pass validation, the desk's defaults with a note.
 * Any other failure (storage down) is thrown as it is, so the message is delivered again later.
 */
export async function rulesOrDefaults(load: () => Promise<TriageRules>): Promise<RulesToTriageWith> {
  try {
    return { rules: await load() };
  } catch (error) {
    // A rule set stored before the size limits existed may exceed them and now fails to load. Retrying cannot change
    // that, and the case must not wait for an admin: it is triaged with the defaults, and the timeline says why.
    if (!(error instanceof z.ZodError)) throw error;
    return {
      rules: defaultTriageRules(),
      note: "the tenant's stored triage rules fail validation (an admin must put them again); the desk's default rules were used",
    };
  }
}

/**
 * Adds to the 'triaged' timeline entry what an agent must know about how the decision came about: that triage ran
 * out of its time budget (summary, and `budgetExceeded` in its data), used the defaults instead of the tenant's rules,
 * left rules that did not apply out of the explanation (`nonMatchingRulesNotListed` in its data, summary), or decided
 * the product without mentions that rule a product out (`ruledOutMentions` in its data, summary).
 */
export function withTriageNotes<Change extends { events: NewTimelineEvent[] }>(
  change: Change,
  decision: TriageDecision,
  rulesNote?: string,
): Change {
  const stopped = decision.budgetExceeded;
  const notListed = decision.nonMatchingRulesNotListed;
  const ruledOut = decision.ruledOutMentions;
  const notes = [
    ...(rulesNote === undefined ? [] : [rulesNote]),
    ...(stopped === undefined
      ? []
      : [
          `triage ran out of its ${stopped.limitMs} ms time budget at rule '${stopped.stoppedAtRuleId}': ` +
            `${stopped.rulesSkipped} rules not evaluated, undecided fields got defaults`,
        ]),
    ...(notListed === undefined ? [] : [`${notListed} more rules did not apply and are not listed in the explanation`]),
    ...(ruledOut === undefined
      ? []
      : [
          `the product was decided without ${ruledOut.map((mention) => `"${mention}"`).join(', ')}, which ` +
            `${ruledOut.length === 1 ? 'rules' : 'rule'} a product out`,
        ]),
  ];
  if (notes.length === 0) return change;
  const events = change.events.map((event) =>
    event.type === 'triaged'
      ? {
          ...event,
          summary: `${event.summary}; ${notes.join('; ')}`,
          data: {
            ...event.data,
            ...(stopped && { budgetExceeded: stopped }),
            ...(rulesNote !== undefined && { rulesNote }),
            ...(notListed !== undefined && { nonMatchingRulesNotListed: notListed }),
            ...(ruledOut !== undefined && { ruledOutMentions: ruledOut }),
          },
        }
      : event,
  );
  return { ...change, events };
}
