import type { NewTimelineEvent } from '../../../shared/domain/case';
import {
  triage,
  triageDecisionSchema,
  triageExplanationLimits,
  triageRulesSchema,
  type TriageRuleInput,
  unlimitedTriageBudget,
} from '../../../shared/domain/triage';
import { withTriageNotes } from '../../../shared/domain/triage/triageNotes';

/*
 * The 'triaged' explanation lists the rules that were considered and did not apply, each with the first condition
 * that failed, so a tenant admin can see why a rule did not fire. Bounded: at most 40 such rules, reasons cut at
 * 160 characters. Rules-only here (classifier: null).
 */
const rules = (input: TriageRuleInput[]) => triageRulesSchema.parse(input);
const rulesOnly = { classifier: null };
const notMatched = (title: string, input: TriageRuleInput[], request: { severity?: 'A' | 'B' | 'C' } = {}) =>
  triage({ title, description: '', ...request }, rules(input), unlimitedTriageBudget, rulesOnly).explanation.filter(
    (entry) => entry.matched === false,
  );

describe('explanation of rules that did not apply', () => {
  it('given a rule whose any-keywords do not occur, when triaged, then the reason names them', () => {
    expect(
      notMatched('How do I add a payment method?', [
        {
          id: 'billing',
          description: 'Billing',
          when: { keywords: { any: ['invoice', 'Rechnung'] } },
          set: { category: 'billing' },
        },
      ]),
    ).toEqual([
      {
        source: 'rule',
        ruleId: 'billing',
        field: 'category',
        value: 'billing',
        applied: false,
        matched: false,
        reason: 'did not apply: keywords: none of [invoice, Rechnung] found',
      },
    ]);
  });

  it('given a rule conditioned on a category that was decided otherwise, when triaged, then the reason names the decided category', () => {
    const [entry] = notMatched('Payment method in Business Central', [
      {
        id: 'bc',
        description: 'BC',
        when: { keywords: { any: ['Business Central'] } },
        set: { category: 'technical' },
      },
      {
        id: 'billing-minor',
        description: 'Billing is minor',
        when: { categoryIs: ['billing'] },
        set: { severity: 'C' },
      },
    ]);
    expect(entry).toMatchObject({
      ruleId: 'billing-minor',
      field: 'severity',
      reason: 'did not apply: condition categoryIs [billing]: decided technical',
    });
  });

  it('given rules failing on all, none and customerGave, when triaged, then each names the first condition that failed', () => {
    const reasons = notMatched('Subscription is fine, not urgent', [
      {
        id: 'disabled',
        description: 'Disabled',
        when: { keywords: { all: ['subscription', ['disabled', 'deaktiviert']] } },
        set: { category: 'subscription' },
      },
      { id: 'urgent', description: 'Urgent', when: { keywords: { none: ['not urgent'] } }, set: { severity: 'A' } },
      {
        id: 'lower-a',
        description: 'Lower a customer A',
        when: { customerGave: { severity: true }, keywords: { any: ['fine'] } },
        set: { scope: 'tier1' },
      },
    ]).map((entry) => [entry.ruleId, entry.reason]);
    expect(reasons).toEqual([
      ['disabled', 'did not apply: keywords.all: none of [disabled, deaktiviert] found'],
      ['urgent', "did not apply: keywords.none: 'not urgent' found"],
      ['lower-a', 'did not apply: condition customerGave.severity=true: the customer did not choose a severity'],
    ]);
  });

  it('given rules on the title alone, when their keywords are only in the description or excluded in the title, then the reason names titleKeywords', () => {
    const decision = triage(
      { title: 'Wi-Fi and Teams', description: 'The Wi-Fi drops every few minutes on the 3rd floor.' },
      rules([
        {
          id: 'network-subject',
          description: 'A network named in the title',
          when: { titleKeywords: { any: ['Wi-Fi'], none: ['Teams'] } },
          set: { product: 'other' },
        },
        {
          id: 'floor-subject',
          description: 'A floor named in the title',
          when: { titleKeywords: { all: ['floor'] } },
          set: { severity: 'B' },
        },
      ]),
      unlimitedTriageBudget,
      rulesOnly,
    );
    expect(decision.explanation.filter((entry) => entry.matched === false).map((entry) => entry.reason)).toEqual([
      "did not apply: titleKeywords.none: 'Teams' found",
      "did not apply: titleKeywords.all: 'floor' not found",
    ]);
  });

  it('given a rule with a long keyword list, when it does not apply, then the reason quotes five keywords and is at most 160 characters', () => {
    const keywords = Array.from({ length: 30 }, (_, index) => `some-rather-long-keyword-${index}`);
    const [entry] = notMatched('Nothing here', [
      { id: 'long', description: 'Long', when: { keywords: { any: keywords } }, set: { product: 'azure' } },
    ]);
    expect(entry?.reason.length).toBeLessThanOrEqual(triageExplanationLimits.reasonLength);
    expect(entry?.reason).toMatch(/^did not apply: keywords: none of \[some-rather-long-keyword-0, /);
    expect(entry?.reason).toMatch(/…$/);
  });

  it('given more rules that do not apply than the limit, when triaged, then the first 40 are listed, the rest counted and the timeline notes the count', () => {
    const many: TriageRuleInput[] = Array.from({ length: 45 }, (_, index) => ({
      id: `rule-${index}`,
      description: `Rule ${index}`,
      when: { keywords: { any: [`word${index}`] } },
      set: { product: 'azure' },
    }));
    const decision = triage({ title: 'Nothing', description: '' }, rules(many), unlimitedTriageBudget, rulesOnly);
    const listed = decision.explanation.filter((entry) => entry.matched === false);
    expect(listed).toHaveLength(triageExplanationLimits.nonMatchingRules);
    expect(listed.at(-1)?.ruleId).toBe('rule-39');
    expect(decision.nonMatchingRulesNotListed).toBe(5);
    expect(triageDecisionSchema.parse(decision)).toEqual(decision);

    const event: NewTimelineEvent = {
      type: 'triaged',
      at: '2026-12-01T10:00:00.000Z',
      actor: { kind: 'system', id: 'pipeline' },
      visibility: 'internal',
      summary: 'Triaged',
      data: { explanation: decision.explanation },
    };
    const [noted] = withTriageNotes({ events: [event] }, decision).events;
    expect(noted?.summary).toBe('Triaged; 5 more rules did not apply and are not listed in the explanation');
    expect(noted?.data).toMatchObject({ nonMatchingRulesNotListed: 5 });
  });

  it('given a rule that matched but lost to an earlier one, when triaged, then it is explained as not applied but not as not matched', () => {
    const decision = triage(
      { title: 'Teams', description: '' },
      rules([
        { id: 'a', description: 'A', when: { keywords: { any: ['Teams'] } }, set: { product: 'microsoft365' } },
        { id: 'b', description: 'B', when: { keywords: { any: ['Teams'] } }, set: { product: 'azure' } },
      ]),
      unlimitedTriageBudget,
      rulesOnly,
    );
    const b = decision.explanation.find((entry) => entry.ruleId === 'b');
    expect(b).toMatchObject({ applied: false });
    expect(b?.matched).toBeUndefined();
  });
});
