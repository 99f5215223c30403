import { z } from 'zod';
import { categorySchema, productSchema, severitySchema, supportTierSchema } from '../caseFields';

/** Triage only places a case within the partner: tier 1 (basic support) or tier 2 (beyond it). */
export const triageScopeSchema = z.lazy(() => supportTierSchema.extract(['tier1', 'tier2']));
export type TriageScope = z.infer<typeof triageScopeSchema>;

/** The case fields a triage rule can decide. */
export const triageFieldSchema = z.enum(['product', 'category', 'severity', 'scope']);
export type TriageField = z.infer<typeof triageFieldSchema>;

/**
 * Size limits of a tenant's rule set. Triage time grows with the keyword characters searched per case (each search is
 * linear in the text), so the limits bound the work one tenant's rules can cause; the default rules use about three
 * quarters of the keyword limits.
 * Counts are of keywords in any, all (every keyword of an alternative list) and none together, those of `keywords` and
 * `titleKeywords` alike; lengths in characters.
 */
export const triageRuleLimits = {
  /** Rules in one rule set. */
  rules: 200,
  /** Characters in one keyword (after trimming). */
  keywordLength: 80,
  /** Keywords in one any, none or alternative list. */
  keywordsPerList: 300,
  /** Entries in one all list. */
  allEntries: 20,
  /** Keywords in one rule. */
  keywordsPerRule: 500,
  /** Keywords in the whole rule set. */
  keywords: 5_000,
  /** Keyword characters in the whole rule set: the total size triage searches for. */
  keywordCharacters: 50_000,
} as const;

const limits = triageRuleLimits;
const countOf = (input: unknown): string => (Array.isArray(input) ? ` (got ${input.length})` : '');

const keywordSchema = z.lazy(() =>
  z
    .string()
    .trim()
    .min(1, { error: 'a keyword cannot be empty' })
    .max(limits.keywordLength, {
      error: (issue) =>
        `a keyword can be at most ${limits.keywordLength} characters${typeof issue.input === 'string' ? ` (got ${issue.input.length})` : ''}`,
    })
    .refine((keyword) => !keyword.slice(1, -1).includes('*'), {
      error: "'*' is only allowed at the start or end of a keyword",
    })
    .refine((keyword) => /[\p{L}\p{N}]/u.test(keyword), { error: 'a keyword needs at least one letter or digit' }),
);

const keywordListSchema = z.lazy(() =>
  z
    .array(keywordSchema)
    .min(1, { error: 'a keyword list needs at least one keyword' })
    .max(limits.keywordsPerList, {
      error: (issue) => `a keyword list can hold at most ${limits.keywordsPerList} keywords${countOf(issue.input)}`,
    }),
);

/** Keywords are matched on title and description together; see keywordMatch.ts for the matching rules. */
export const keywordConditionSchema = z.lazy(() =>
  z
    .strictObject({
      /** At least one of these occurs. */
      any: keywordListSchema.optional(),
      /**
       * Every entry occurs; an entry that is itself a list is satisfied by any one of its keywords,
       * so one rule can say "(subscription or Abonnement) and (disabled or deaktiviert)".
       */
      all: z
        .array(z.union([keywordSchema, keywordListSchema]))
        .min(1, { error: 'a keyword list needs at least one keyword' })
        .max(limits.allEntries, {
          error: (issue) => `all can hold at most ${limits.allEntries} entries${countOf(issue.input)}`,
        })
        .optional(),
      /** None of these occurs (e.g. 'not urgent' keeps an 'urgent' rule from firing). */
      none: keywordListSchema.optional(),
    })
    .refine((condition) => [condition.any, condition.all, condition.none].some((list) => list !== undefined), {
      error: 'keywords need at least one of any, all or none',
    }),
);
export type KeywordCondition = z.infer<typeof keywordConditionSchema>;

/** Every keyword a condition names, alternatives included. */
export function keywordsOf(condition: KeywordCondition | undefined): string[] {
  if (condition === undefined) return [];
  return [...(condition.any ?? []), ...(condition.all ?? []).flat(), ...(condition.none ?? [])];
}

/** Every keyword a rule's conditions name: those on title and description and those on the title alone. */
export function conditionKeywords(when: Pick<TriageConditions, 'keywords' | 'titleKeywords'>): string[] {
  return [...keywordsOf(when.keywords), ...keywordsOf(when.titleKeywords)];
}

/**
 * When a rule applies. Every condition given must hold; a rule without conditions always applies (a fallback).
 *
 * Triage decides in stages, product, then category, then severity, then scope, and evaluates a rule in the stage of the
 * first field it sets (see `triage`). So a field condition on an earlier field (`categoryIs` in a severity or scope
 * rule) sees that field's final value, whoever decided it (customer, rule, learned model or built-in fallback); on the
 * rule's own or a later field it sees the value decided so far (customer-given, or set by an earlier rule of the same
 * stage), and a field not decided yet satisfies no `...Is` condition. When a rule does not apply, the explanation names
 * the first condition that failed: field conditions, then `customerGave`, then title keywords, then keywords (`any`,
 * `all`, `none`).
 */
export const triageConditionsSchema = z.lazy(() =>
  z.strictObject({
    keywords: keywordConditionSchema.optional(),
    /**
     * Keywords matched on the title alone, the subject the customer named first: "Wi-Fi keeps dropping" is about the
     * Wi-Fi, though its description says Teams calls cut off. Same matching and lists as `keywords`.
     */
    titleKeywords: keywordConditionSchema.optional(),
    productIs: z.array(productSchema).min(1).max(10).optional(),
    categoryIs: z.array(categorySchema).min(1).max(10).optional(),
    severityIs: z.array(severitySchema).min(1).max(10).optional(),
    /** true: the customer chose this field; false: they did not. */
    customerGave: z
      .strictObject({
        product: z.boolean().optional(),
        category: z.boolean().optional(),
        severity: z.boolean().optional(),
      })
      .optional(),
  }),
);
export type TriageConditions = z.infer<typeof triageConditionsSchema>;

export const triageSetSchema = z.lazy(() =>
  z
    .strictObject({
      product: productSchema.optional(),
      category: categorySchema.optional(),
      severity: severitySchema.optional(),
      scope: triageScopeSchema.optional(),
    })
    .refine((set) => Object.values(set).some((value) => value !== undefined), {
      error: 'a rule must set at least one of product, category, severity or scope',
    }),
);
export type TriageSet = z.infer<typeof triageSetSchema>;

export const triageRuleSchema = z.lazy(() =>
  z
    .strictObject({
      id: z
        .string()
        .trim()
        .max(80)
        .regex(/^[a-z0-9][a-z0-9-]{0,79}$/, { error: 'a rule id is 1-80 lowercase letters, digits or hyphens' }),
      /** Shown on the case timeline as the reason for what the rule set. */
      description: z.string().trim().min(1, { error: 'a rule needs a description' }).max(300),
      when: triageConditionsSchema,
      set: triageSetSchema,
      /** May this rule replace a value the customer chose? Without it a customer-given value is kept. */
      override: z.boolean().default(false),
      /**
       * For a rule whose keywords also occur in requests about something else (a price named in an order, a licence in
       * a fault): the probability (0.5 to 0.99) at which the learned model overrules it. Where the model reads another
       * value of a field this rule set (product, category or severity) with at least this probability, the model's
       * value replaces the rule's, marked as the model's. Without it the rule stands whatever the model reads.
       */
      yieldsToModelAt: z.number().min(0.5).max(0.99).optional(),
    })
    .superRefine((rule, context) => {
      if (
        rule.yieldsToModelAt !== undefined &&
        rule.set.product === undefined &&
        rule.set.category === undefined &&
        rule.set.severity === undefined
      ) {
        context.addIssue({
          code: 'custom',
          path: ['yieldsToModelAt'],
          message: 'only a rule that sets product, category or severity can yield to the model, which decides no scope',
        });
      }
      const count = conditionKeywords(rule.when).length;
      if (count > limits.keywordsPerRule) {
        context.addIssue({
          code: 'custom',
          path: ['when', rule.when.keywords === undefined ? 'titleKeywords' : 'keywords'],
          message: `a rule can hold at most ${limits.keywordsPerRule} keywords in any, all and none together, title keywords included (got ${count})`,
        });
      }
    }),
);
export type TriageRule = z.infer<typeof triageRuleSchema>;
export type TriageRuleInput = z.input<typeof triageRuleSchema>;

/**
 * A tenant's triage rules. Evaluated stage by stage (product, category, severity, scope); within a stage in their order,
 * and for each field the first matching rule that may set it wins.
 */
export const triageRulesSchema = z.lazy(() =>
  z
    .array(triageRuleSchema)
    .max(limits.rules, { error: (issue) => `a rule set can hold at most ${limits.rules} rules${countOf(issue.input)}` })
    .superRefine((rules, context) => {
      const seen = new Set<string>();
      rules.forEach((rule, index) => {
        if (seen.has(rule.id)) {
          context.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate rule id '${rule.id}'` });
        }
        seen.add(rule.id);
      });
      const keywords = rules.flatMap((rule) => conditionKeywords(rule.when));
      if (keywords.length > limits.keywords) {
        context.addIssue({
          code: 'custom',
          path: [],
          message: `a rule set can hold at most ${limits.keywords} keywords in all (got ${keywords.length})`,
        });
      }
      const characters = keywords.reduce((total, keyword) => total + keyword.length, 0);
      if (characters > limits.keywordCharacters) {
        context.addIssue({
          code: 'custom',
          path: [],
          message: `the keywords of a rule set can have at most ${limits.keywordCharacters} characters in all (got ${characters})`,
        });
      }
    }),
);
export type TriageRules = z.infer<typeof triageRulesSchema>;
