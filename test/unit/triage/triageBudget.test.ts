import {
  defaultTriageBudget,
  searchKeyword,
  prepareTriageText,
  triage,
  triageDecisionSchema,
  triageRulesSchema,
  type TriageRuleInput,
} from '../../../shared/domain/triage';

/*
 * Triage of one case has a time budget. The clock is injected, so these tests decide exactly when the budget runs
 * out instead of sleeping or relying on a slow machine. The meter reads the clock once at the start, then before each
 * rule, before each keyword search and every 1,024 text characters within one (see TriageBudget.now).
 */

/** A clock that reads `times` in turn and then stays at the last one. */
function clockReading(...times: number[]): () => number {
  let reads = 0;
  return () => times[Math.min(reads++, times.length - 1)] as number;
}

/** A clock that advances by one millisecond every time it is read. */
function tickingClock(): () => number {
  let now = 0;
  return () => now++;
}

const outageRule: TriageRuleInput = {
  id: 'outage',
  description: 'Production down means critical business impact',
  when: { keywords: { any: ['production down'] } },
  set: { severity: 'A', scope: 'tier2' },
};
const teamsRule: TriageRuleInput = {
  id: 'teams',
  description: 'Mentions Teams',
  when: { keywords: { any: ['Teams'] } },
  set: { product: 'microsoft365', severity: 'B' },
};
const billingRule: TriageRuleInput = {
  id: 'billing-default',
  description: 'Everything else is billing',
  when: {},
  set: { category: 'billing' },
};
const rules = triageRulesSchema.parse([outageRule, teamsRule, billingRule]);

describe('triage time budget', () => {
  it('given a budget that is used up before the first rule, when triaged, then no rule runs, the customer value is kept, the rest are defaults and the budget is recorded', () => {
    const decision = triage({ title: 'Production down', description: 'Teams calls fail', severity: 'C' }, rules, {
      limitMs: 100,
      now: clockReading(0, 1_000),
    });

    expect(decision).toMatchObject({
      product: 'other',
      category: 'technical',
      severity: 'C',
      tier: 'tier1',
      matchedRuleIds: [],
    });
    expect(decision.budgetExceeded).toEqual({
      limitMs: 100,
      elapsedMs: 1_000,
      rulesEvaluated: 0,
      rulesSkipped: 3,
      // Stages run product first, so the first rule evaluated is 'teams', the first that sets a product.
      stoppedAtRuleId: 'teams',
    });
    expect(decision.explanation).toContainEqual({
      source: 'fallback',
      ruleId: null,
      field: 'product',
      value: 'other',
      applied: true,
      reason:
        "no rule decided the product before triage ran out of its 100 ms time budget at rule 'teams' (3 rules not evaluated); built-in default other",
    });
    expect(decision.explanation).toContainEqual(
      expect.objectContaining({ source: 'customer', field: 'severity', applied: true }),
    );
  });

  it('given a budget that runs out after the first rule, when triaged, then what the first rule decided stands and later rules are not evaluated', () => {
    // Stages: product ('teams'), category ('billing-default'), severity ('outage', 'teams'), scope ('outage').
    // Reads: start 0, before rule 'teams' 1, before its keyword 2, before rule 'billing-default' 3 > 2.5: stop.
    const decision = triage({ title: 'Production down', description: 'Teams calls fail' }, rules, {
      limitMs: 2.5,
      now: tickingClock(),
    });

    expect(decision).toMatchObject({
      product: 'microsoft365',
      category: 'technical',
      // 'teams' matched before the budget ran out, so its severity stands; 'outage' was never evaluated.
      severity: 'B',
      tier: 'tier1',
      matchedRuleIds: ['teams'],
    });
    expect(decision.budgetExceeded).toMatchObject({
      rulesEvaluated: 1,
      rulesSkipped: 2,
      stoppedAtRuleId: 'billing-default',
    });
    expect(decision.explanation.filter((entry) => entry.source === 'fallback').map((entry) => entry.field)).toEqual([
      'category',
      'scope',
    ]);
    expect(decision.explanation.some((entry) => entry.source === 'model')).toBe(false);
  });

  it('given a budget that runs out in the middle of a long keyword search, when triaged, then that rule is not applied, even though its none-condition found nothing so far', () => {
    // A keyword with no literal part (only umlauts and a space) gives the search nothing to jump to, so it walks the
    // text and looks at the clock every 1,024 characters. Reads: start, before the rule, before the keyword: 0;
    // inside the search: 1000.
    const onlyWithoutUmlautPair = triageRulesSchema.parse([
      {
        id: 'no-umlaut-pair',
        description: 'Not about ä ö',
        when: { keywords: { none: ['ä ö'] } },
        set: { severity: 'A' },
      },
    ]);
    const request = { title: 'Long log', description: 'all fine '.repeat(2_000) };
    const decision = triage(request, onlyWithoutUmlautPair, { limitMs: 100, now: clockReading(0, 0, 0, 1_000) });

    expect(decision.severity).toBe('C');
    expect(decision.matchedRuleIds).toEqual([]);
    expect(decision.budgetExceeded).toMatchObject({ rulesEvaluated: 0, stoppedAtRuleId: 'no-umlaut-pair' });
    // With time enough, the same rule applies: the text really has no 'ä ö' in any spelling.
    expect(triage(request, onlyWithoutUmlautPair).severity).toBe('A');
  });

  it('given time enough, when triaged, then the decision has no budget note and follows the rules', () => {
    const decision = triage({ title: 'Production down', description: 'Teams calls fail' }, rules, {
      limitMs: 1_000,
      now: clockReading(0),
    });
    expect(decision.budgetExceeded).toBeUndefined();
    expect(decision).toMatchObject({ severity: 'A', product: 'microsoft365', category: 'billing' });
    expect(defaultTriageBudget.limitMs).toBe(250);
  });

  it('given a decision cut short by the budget, when checked against its published schema, then it conforms', () => {
    const decision = triage({ title: 'x', description: 'y' }, rules, { limitMs: 0, now: clockReading(0, 1) });
    expect(triageDecisionSchema.parse(decision)).toEqual(decision);
  });

  it('given a caller that is out of time, when a keyword is searched in a long text, then the search stops instead of answering', () => {
    const text = prepareTriageText('ä '.repeat(2_500));
    const keyword = `${'ä '.repeat(20)}ö`;
    expect(searchKeyword(text, keyword, () => true)).toBe('stopped');
    expect(searchKeyword(text, keyword)).toBe('absent');
  });
});
