import {
  builtInTriageFallback,
  triage,
  triageDecisionSchema,
  triageRulesSchema,
  type TriageRuleInput,
  unlimitedTriageBudget,
} from '../../../shared/domain/triage';

const rules = (input: TriageRuleInput[]) => triageRulesSchema.parse(input);

const outageRule: TriageRuleInput = {
  id: 'outage',
  description: 'Production down means critical business impact',
  when: { keywords: { any: ['production down', 'Produktionsausfall'] } },
  set: { severity: 'A', scope: 'tier2' },
  override: true,
};
const teamsRule: TriageRuleInput = {
  id: 'teams',
  description: 'Mentions Teams',
  when: { keywords: { any: ['Teams'] } },
  set: { product: 'microsoft365', severity: 'B' },
};
const invoiceRule: TriageRuleInput = {
  id: 'invoice',
  description: 'About an invoice',
  when: { keywords: { any: ['invoice', 'Rechnung'] } },
  set: { category: 'billing', severity: 'C' },
};

describe('triage', () => {
  describe('precedence', () => {
    it('given two matching rules for the same field, when triaged, then the first wins and the second is recorded as not applied', () => {
      const decision = triage(
        { title: 'Production down', description: 'Teams calls fail' },
        rules([outageRule, teamsRule]),
      );
      expect(decision.severity).toBe('A');
      expect(decision.matchedRuleIds).toEqual(['outage', 'teams']);
      expect(decision.explanation).toContainEqual({
        source: 'rule',
        ruleId: 'teams',
        field: 'severity',
        value: 'B',
        applied: false,
        reason: "severity was already set to A by rule 'outage' (the first matching rule wins)",
      });
    });

    it('given a rule that does not match, when triaged, then it is not listed as matched and the explanation says which condition failed', () => {
      const decision = triage({ title: 'Invoice copy', description: 'Please resend' }, rules([teamsRule, invoiceRule]));
      expect(decision.matchedRuleIds).toEqual(['invoice']);
      expect(decision.explanation.filter((entry) => entry.ruleId === 'teams')).toEqual([
        {
          source: 'rule',
          ruleId: 'teams',
          field: 'product',
          value: 'microsoft365',
          applied: false,
          matched: false,
          reason: 'did not apply: keywords: none of [Teams] found',
        },
      ]);
    });

    it('given a rule on the title alone, when its keyword is in the title or only in the description, then it holds only for the title', () => {
      const titleRule = rules([
        {
          id: 'printer-subject',
          description: 'A printer in the title',
          when: { titleKeywords: { any: ['Drucker*'] } },
          set: { product: 'other' },
        },
      ]);
      const decide = (title: string, description: string) =>
        triage({ title, description }, titleRule, unlimitedTriageBudget, { classifier: null });
      expect(decide('Druckerwarteschlange hängt', 'Aus Word kommt nichts an.')).toMatchObject({
        product: 'other',
        matchedRuleIds: ['printer-subject'],
      });
      expect(decide('Word stürzt ab', 'Beim Drucken aus Word auf den Drucker im Flur.')).toMatchObject({
        product: 'other',
        matchedRuleIds: [],
        decidedBy: { product: 'fallback' },
      });
    });

    it('given no rule decides a field and no model, when triaged, then the built-in fallback is used and explained', () => {
      const decision = triage(
        { title: 'Hello', description: 'A question' },
        rules([invoiceRule]),
        unlimitedTriageBudget,
        {
          classifier: null,
        },
      );
      expect(decision).toMatchObject({ product: 'other', category: 'technical', severity: 'C', tier: 'tier1' });
      expect(builtInTriageFallback).toEqual({ product: 'other', category: 'technical', severity: 'C', scope: 'tier1' });
      expect(decision.explanation.filter((entry) => entry.applied)).toEqual(
        ['product', 'category', 'severity', 'scope'].map((field) =>
          expect.objectContaining({ source: 'fallback', field }),
        ),
      );
    });

    it('given field conditions, when triaged, then they see the values decided by earlier rules', () => {
      const billingIsMinor: TriageRuleInput = {
        id: 'billing-minor',
        description: 'Billing matters have minimal impact',
        when: { categoryIs: ['billing'] },
        set: { severity: 'C' },
      };
      const set = rules([
        { ...invoiceRule, set: { category: 'billing' } },
        billingIsMinor,
        { id: 'default-b', description: 'Default', when: {}, set: { severity: 'B' } },
      ]);
      expect(triage({ title: 'Rechnung falsch', description: '' }, set).severity).toBe('C');
      expect(triage({ title: 'Outlook broken', description: '' }, set).severity).toBe('B');
    });

    it('given a keyword condition with all and none, when triaged, then every entry must occur and none of the excluded', () => {
      const disabled = rules([
        {
          id: 'subscription-disabled',
          description: 'A disabled subscription',
          when: {
            keywords: {
              all: [
                ['subscription', 'Abonnement'],
                ['disabled', 'deaktiviert'],
              ],
              none: ['test subscription'],
            },
          },
          set: { category: 'subscription' },
        },
      ]);
      const categoryOf = (description: string) =>
        triage({ title: '', description }, disabled, unlimitedTriageBudget, { classifier: null }).category;
      expect(categoryOf('Unser Abonnement wurde deaktiviert')).toBe('subscription');
      expect(categoryOf('The subscription shows as disabled')).toBe('subscription');
      expect(categoryOf('The subscription is fine')).toBe('technical');
      expect(categoryOf('Our test subscription is disabled')).toBe('technical');
    });
  });

  describe('customer-given values', () => {
    it('given a customer-given severity and a matching rule without override, when triaged, then the customer value is kept and recorded', () => {
      const decision = triage(
        { title: 'Teams question', description: 'How do I add a channel?', severity: 'C' },
        rules([teamsRule]),
      );
      expect(decision.severity).toBe('C');
      expect(decision.explanation).toContainEqual({
        source: 'rule',
        ruleId: 'teams',
        field: 'severity',
        value: 'B',
        applied: false,
        reason: 'the customer chose C; this rule may not override a customer-given value',
      });
      expect(decision.explanation).toContainEqual({
        source: 'customer',
        ruleId: null,
        field: 'severity',
        value: 'C',
        applied: true,
        reason: 'kept the customer-given severity C',
      });
    });

    it('given a customer-given severity C and an override rule that matches, when triaged, then severity is raised with the rule as reason', () => {
      const decision = triage(
        { title: 'Produktionsausfall', description: 'Nichts geht mehr', severity: 'C' },
        rules([outageRule]),
      );
      expect(decision.severity).toBe('A');
      expect(decision.explanation).toContainEqual({
        source: 'rule',
        ruleId: 'outage',
        field: 'severity',
        value: 'A',
        applied: true,
        reason: 'Production down means critical business impact (overrides the customer-given C)',
      });
      expect(decision.explanation).toContainEqual({
        source: 'customer',
        ruleId: null,
        field: 'severity',
        value: 'C',
        applied: false,
        reason:
          "replaced the customer-given severity C with A by rule 'outage': Production down means critical business impact",
      });
    });

    it('given an override rule that agrees with the customer, when triaged, then nothing changes and the customer value is kept', () => {
      const decision = triage({ title: 'production down', description: '', severity: 'A' }, rules([outageRule]));
      expect(decision.severity).toBe('A');
      expect(decision.explanation).toContainEqual(
        expect.objectContaining({
          ruleId: 'outage',
          field: 'severity',
          applied: false,
          reason: 'the customer already chose A',
        }),
      );
      expect(decision.explanation).toContainEqual(
        expect.objectContaining({ source: 'customer', field: 'severity', applied: true }),
      );
    });

    it('given a customerGave condition, when triaged, then the rule only fires for requests where the customer chose that field', () => {
      const lowerQuestions = rules([
        {
          id: 'question-marked-critical',
          description: 'A question is not critical',
          when: { customerGave: { severity: true }, severityIs: ['A'], keywords: { any: ['how do I'] } },
          set: { severity: 'C' },
          override: true,
        },
        {
          id: 'default-a',
          description: 'Default',
          when: { customerGave: { severity: false } },
          set: { severity: 'A' },
        },
      ]);
      expect(
        triage({ title: 'How do I share a calendar?', description: '', severity: 'A' }, lowerQuestions).severity,
      ).toBe('C');
      expect(triage({ title: 'How do I share a calendar?', description: '' }, lowerQuestions).severity).toBe('A');
    });

    it('given a customer-given product and category and no rules, when triaged, then both are kept and scope falls back', () => {
      const decision = triage({ title: 'x', description: 'y', product: 'azure', category: 'licensing' }, rules([]));
      expect(decision).toMatchObject({ product: 'azure', category: 'licensing', tier: 'tier1' });
      expect(decision.explanation.filter((entry) => entry.source === 'customer').map((entry) => entry.field)).toEqual([
        'product',
        'category',
      ]);
    });
  });

  describe('scope and escalation', () => {
    it('given a tier 2 technical case, when triaged, then it is an escalation candidate for a technical vehicle', () => {
      const decision = triage({ title: 'Production down', description: '' }, rules([outageRule]));
      expect(decision).toMatchObject({ tier: 'tier2', escalationCandidate: true, vehicleKind: 'technical' });
    });

    it.each(['billing', 'subscription', 'licensing'] as const)(
      'given a tier 2 %s case, when triaged, then it is an escalation candidate for a commercial vehicle',
      (category) => {
        const decision = triage({ title: 'Production down', description: '', category }, rules([outageRule]));
        expect(decision).toMatchObject({ tier: 'tier2', escalationCandidate: true, vehicleKind: 'commercial' });
      },
    );

    it('given a tier 1 case, when triaged, then it is not an escalation candidate and has no vehicle kind', () => {
      const decision = triage({ title: 'Invoice copy', description: '' }, rules([invoiceRule]));
      expect(decision).toMatchObject({ tier: 'tier1', escalationCandidate: false, vehicleKind: null });
    });
  });

  it('given any request, when triaged, then the decision matches its published schema', () => {
    const decision = triage(
      { title: 'Production down', description: 'Teams', severity: 'C' },
      rules([outageRule, teamsRule]),
    );
    expect(triageDecisionSchema.parse(decision)).toEqual(decision);
  });
});
