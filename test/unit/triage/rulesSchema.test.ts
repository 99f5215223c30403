import {
  defaultTriageRules,
  triageRuleLimits,
  triageRulesSchema,
  type TriageRuleInput,
} from '../../../shared/domain/triage';

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

  it('given a rule that yields to the model at a probability from 0.5 to 1, when parsed, then it keeps that probability', () => {
    const [rule] = triageRulesSchema.parse([{ ...validRule, yieldsToModelAt: 0.75 }]);
    expect(rule?.yieldsToModelAt).toBe(0.75);
  });

  it('given a rule that yields to the model below 0.5 or at 1 and above, when parsed, then it is rejected at yieldsToModelAt: the model rounds to 1 what it is nearly sure of', () => {
    expect(messagesFor([{ ...validRule, yieldsToModelAt: 1 }])).toEqual([
      expect.stringMatching(/^0\.yieldsToModelAt: /),
    ]);
    expect(messagesFor([{ ...validRule, yieldsToModelAt: 0.4 }])).toEqual([
      expect.stringMatching(/^0\.yieldsToModelAt: /),
    ]);
    expect(messagesFor([{ ...validRule, yieldsToModelAt: 1.2 }])).toEqual([
      expect.stringMatching(/^0\.yieldsToModelAt: /),
    ]);
  });

  it('given a rule that sets only the scope and yields to the model, when parsed, then it is rejected: the model decides no scope', () => {
    expect(messagesFor([{ ...validRule, set: { scope: 'tier2' }, yieldsToModelAt: 0.7 }])).toEqual([
      '0.yieldsToModelAt: only a rule that sets product, category or severity can yield to the model, which decides no scope',
    ]);
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

  describe('size limits', () => {
    const keywords = (count: number, length = 6) =>
      Array.from({ length: count }, (_, index) => `k${index}`.padEnd(length, 'x'));
    const ruleWith = (index: number, when: TriageRuleInput['when']): TriageRuleInput => ({
      ...validRule,
      id: `rule-${index}`,
      when,
    });

    it('given the shipped default rules, when checked against the limits, then they fit with room to spare', () => {
      expect(triageRulesSchema.safeParse(defaultTriageRules()).success).toBe(true);
      expect(defaultTriageRules().length * 4).toBeLessThanOrEqual(triageRuleLimits.rules);
    });

    it('given more rules than allowed, when parsed, then the message names the limit and the count', () => {
      const tooMany = Array.from({ length: triageRuleLimits.rules + 1 }, (_, index) => ruleWith(index, {}));
      expect(messagesFor(tooMany)).toEqual([': a rule set can hold at most 200 rules (got 201)']);
    });

    it('given a keyword longer than allowed, when parsed, then the message names the limit', () => {
      expect(messagesFor([ruleWith(0, { keywords: { any: ['x'.repeat(81)] } })])).toEqual([
        '0.when.keywords.any.0: a keyword can be at most 80 characters (got 81)',
      ]);
    });

    it('given a keyword list longer than allowed, when parsed, then the message names the limit', () => {
      expect(messagesFor([ruleWith(0, { keywords: { any: keywords(301) } })])).toEqual([
        '0.when.keywords.any: a keyword list can hold at most 300 keywords (got 301)',
      ]);
    });

    it('given a rule with more keywords in any, all and none together than allowed, when parsed, then the message names the limit', () => {
      const when = { keywords: { any: keywords(250), all: [keywords(100)], none: keywords(151) } };
      expect(messagesFor([ruleWith(0, when)])).toEqual([
        '0.when.keywords: a rule can hold at most 500 keywords in any, all and none together, title keywords included (got 501)',
      ]);
    });

    it('given a rule whose title keywords bring it over the limit, when parsed, then they count with its other keywords', () => {
      const when = { keywords: { any: keywords(300) }, titleKeywords: { any: keywords(201) } };
      expect(messagesFor([ruleWith(0, when)])).toEqual([
        '0.when.keywords: a rule can hold at most 500 keywords in any, all and none together, title keywords included (got 501)',
      ]);
    });

    it('given a rule set whose title keywords bring it over the limit, when parsed, then they count toward the set too', () => {
      const rules = Array.from({ length: 10 }, (_, index) =>
        ruleWith(index, { keywords: { any: keywords(300) }, titleKeywords: { any: keywords(201) } }),
      );
      expect(messagesFor(rules)).toContain(': a rule set can hold at most 5000 keywords in all (got 5010)');
    });

    it('given title keywords without any, all or none, when parsed, then the message says what they need', () => {
      expect(messagesFor([ruleWith(0, { titleKeywords: {} })])).toEqual([
        '0.when.titleKeywords: keywords need at least one of any, all or none',
      ]);
    });

    it('given a rule set with more keywords in all than allowed, when parsed, then the message names the limit', () => {
      const rules = Array.from({ length: 11 }, (_, index) =>
        ruleWith(index, { keywords: { any: keywords(300), none: keywords(160) } }),
      );
      expect(messagesFor(rules)).toEqual([': a rule set can hold at most 5000 keywords in all (got 5060)']);
    });

    it('given a rule set whose keywords are longer in total than allowed, when parsed, then the message names the limit', () => {
      const rules = Array.from({ length: 10 }, (_, index) => ruleWith(index, { keywords: { any: keywords(100, 51) } }));
      expect(messagesFor(rules)).toEqual([
        ': the keywords of a rule set can have at most 50000 characters in all (got 51000)',
      ]);
    });

    it('given a keyword that made the former matcher backtrack, when parsed, then it is valid: matching is linear now', () => {
      expect(triageRulesSchema.safeParse([ruleWith(0, { keywords: { any: ['x - - - - - - y'] } })]).success).toBe(true);
    });
  });
});
