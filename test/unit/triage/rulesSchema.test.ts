import { triageRulesSchema, type TriageRuleInput } from '../../../shared/domain/triage';

const validRule: TriageRuleInput = {
  id: 'severity-a-outage',
  description: 'An outage is critical',
  when: { keywords: { any: ['outage', 'Ausfall'] } },
  set: { severity: 'A' },
  override: true,
};

function messagesFor(rules: unknown): string[] {
  const result = triageRulesSchema.safeParse(rules);
  if (result.success) throw new Error('expected the rules to be rejected');
  return result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('triage rules schema', () => {
  it('given a valid rule without override, when parsed, then override defaults to false', () => {
    const [rule] = triageRulesSchema.parse([{ ...validRule, override: undefined }]);
    expect(rule?.override).toBe(false);
  });

  it('given a rule with field conditions and an all-of-alternatives keyword condition, when parsed, then it is accepted', () => {
    const rules = triageRulesSchema.parse([
      {
        id: 'subscription-disabled',
        description: 'A disabled subscription',
        when: {
          keywords: { all: [['subscription', 'Abonnement'], 'disabled'], none: ['test'] },
          productIs: ['azure'],
          categoryIs: ['technical'],
          severityIs: ['B'],
          customerGave: { severity: false },
        },
        set: { category: 'subscription', scope: 'tier2' },
      },
    ]);
    expect(rules[0]?.when.keywords?.all).toEqual([['subscription', 'Abonnement'], 'disabled']);
  });

  it('given two rules with the same id, when parsed, then the duplicate is named', () => {
    expect(messagesFor([validRule, validRule])).toContain("1.id: duplicate rule id 'severity-a-outage'");
  });

  it('given a rule that sets nothing, when parsed, then it is rejected with a clear message', () => {
    expect(messagesFor([{ ...validRule, set: {} }])).toContain(
      '0.set: a rule must set at least one of product, category, severity or scope',
    );
  });

  it('given a star inside a keyword, when parsed, then it is rejected with a clear message', () => {
    expect(messagesFor([{ ...validRule, when: { keywords: { any: ['pass*word'] } } }])).toContain(
      "0.when.keywords.any.0: '*' is only allowed at the start or end of a keyword",
    );
  });

  it('given an empty keyword condition, when parsed, then it is rejected with a clear message', () => {
    expect(messagesFor([{ ...validRule, when: { keywords: {} } }])).toContain(
      '0.when.keywords: keywords need at least one of any, all or none',
    );
  });

  it('given a keyword without letters or digits, when parsed, then it is rejected', () => {
    expect(messagesFor([{ ...validRule, when: { keywords: { any: ['**'] } } }])).toContain(
      '0.when.keywords.any.0: a keyword needs at least one letter or digit',
    );
  });

  it('given an unknown value or an unknown condition, when parsed, then the offending path is reported', () => {
    const messages = messagesFor([
      { ...validRule, set: { severity: 'D' } },
      { ...validRule, id: 'other', when: { keyword: { any: ['x'] } } },
    ]);
    expect(messages.some((message) => message.startsWith('0.set.severity:'))).toBe(true);
    expect(messages.some((message) => message.startsWith('1.when:') && message.includes('keyword'))).toBe(true);
  });

  it('given a rule id with spaces or capitals, when parsed, then it is rejected with a clear message', () => {
    expect(messagesFor([{ ...validRule, id: 'Severity A' }])).toContain(
      '0.id: a rule id is 1-80 lowercase letters, digits or hyphens',
    );
  });

  it('given a rule without a description, when parsed, then it is rejected because the timeline needs a reason', () => {
    expect(messagesFor([{ ...validRule, description: ' ' }])).toContain('0.description: a rule needs a description');
  });

  it('given a scope outside the partner, when parsed, then it is rejected', () => {
    expect(messagesFor([{ ...validRule, set: { scope: 'microsoft' } }]).some((m) => m.startsWith('0.set.scope:'))).toBe(
      true,
    );
  });
});
