import {
  triage,
  triageRulesSchema,
  triageStageOf,
  triageStages,
  type TriageRuleInput,
  unlimitedTriageBudget,
} from '../../../shared/domain/triage';

/*
 * Triage decides in stages, product, then category, then severity, then scope. A rule is evaluated in the stage of the
 * first field it sets, and its field conditions see what earlier stages decided, fallbacks included.
 * Rules-only here (classifier: null): the learned model has tests of its own (triageModel.test.ts).
 */
const rules = (input: TriageRuleInput[]) => triageRulesSchema.parse(input);
const rulesOnly = { classifier: null };

const invoiceIsBilling: TriageRuleInput = {
  id: 'invoice-is-billing',
  description: 'About an invoice',
  when: { keywords: { any: ['invoice', 'Rechnung'] } },
  set: { category: 'billing' },
};
const billingIsMinor: TriageRuleInput = {
  id: 'billing-is-minor',
  description: 'Billing matters have minimal impact',
  when: { categoryIs: ['billing'] },
  set: { severity: 'C' },
};

describe('staged triage', () => {
  it('given the stages, when listed, then they are product, category, severity and scope in that order', () => {
    expect(triageStages).toEqual(['product', 'category', 'severity', 'scope']);
  });

  it('given a rule that sets severity and scope, when staged, then it is evaluated in the severity stage', () => {
    const [rule] = rules([{ id: 'r', description: 'r', when: {}, set: { scope: 'tier2', severity: 'A' } }]);
    expect(rule && triageStageOf(rule)).toBe('severity');
  });

  it('given a severity rule conditioned on category listed before the category rule, when triaged, then it sees the category', () => {
    const decision = triage(
      { title: 'Invoice wrong', description: 'The amount is urgent to fix' },
      rules([
        billingIsMinor,
        { id: 'urgent', description: 'Urgent', when: { keywords: { any: ['urgent'] } }, set: { severity: 'A' } },
        invoiceIsBilling,
      ]),
      unlimitedTriageBudget,
      rulesOnly,
    );
    expect(decision).toMatchObject({ category: 'billing', severity: 'C' });
    expect(decision.explanation).toContainEqual(
      expect.objectContaining({ ruleId: 'billing-is-minor', field: 'severity', value: 'C', applied: true }),
    );
  });

  it('given a scope rule conditioned on the technical category and no rule that decides the category, when triaged, then it sees the fallback and fires', () => {
    const decision = triage(
      { title: 'VM does not start', description: '' },
      rules([
        {
          id: 'technical-to-tier2',
          description: 'Technical faults',
          when: { categoryIs: ['technical'] },
          set: { scope: 'tier2' },
        },
      ]),
      unlimitedTriageBudget,
      rulesOnly,
    );
    expect(decision).toMatchObject({ category: 'technical', tier: 'tier2', matchedRuleIds: ['technical-to-tier2'] });
  });

  it('given a product rule conditioned on a severity nobody gave, when triaged, then it does not fire and says the severity is not decided yet', () => {
    const decision = triage(
      { title: 'Teams', description: '' },
      rules([
        {
          id: 'urgent-teams',
          description: 'Urgent Teams',
          when: { severityIs: ['A'] },
          set: { product: 'microsoft365' },
        },
      ]),
      unlimitedTriageBudget,
      rulesOnly,
    );
    expect(decision.product).toBe('other');
    expect(decision.explanation).toContainEqual(
      expect.objectContaining({
        ruleId: 'urgent-teams',
        matched: false,
        reason: 'did not apply: condition severityIs [A]: not decided yet',
      }),
    );
  });

  it('given rules evaluated in different stages, when triaged, then matchedRuleIds keeps the rules’ order', () => {
    const decision = triage(
      { title: 'Teams invoice', description: '' },
      rules([
        invoiceIsBilling,
        { id: 'teams', description: 'Teams', when: { keywords: { any: ['Teams'] } }, set: { product: 'microsoft365' } },
      ]),
      unlimitedTriageBudget,
      rulesOnly,
    );
    expect(decision.matchedRuleIds).toEqual(['invoice-is-billing', 'teams']);
  });

  it('given a rule that sets product and severity, when triaged, then its severity competes in rule order within the severity stage', () => {
    const set = rules([
      { id: 'outage', description: 'Outage', when: { keywords: { any: ['down'] } }, set: { severity: 'A' } },
      {
        id: 'teams',
        description: 'Teams',
        when: { keywords: { any: ['Teams'] } },
        set: { product: 'microsoft365', severity: 'B' },
      },
    ]);
    const decision = triage({ title: 'Teams down', description: '' }, set, unlimitedTriageBudget, rulesOnly);
    expect(decision).toMatchObject({ product: 'microsoft365', severity: 'A' });
    expect(decision.explanation).toContainEqual(
      expect.objectContaining({ ruleId: 'teams', field: 'severity', applied: false }),
    );
  });
});
