import { z } from 'zod';
import { categorySchema, productSchema, severitySchema, supportTierSchema } from '../caseFields';

/** Triage only places a case within the partner: tier 1 (basic support) or tier 2 (beyond it). */
export const triageScopeSchema = supportTierSchema.extract(['tier1', 'tier2']);
export type TriageScope = z.infer<typeof triageScopeSchema>;

/** The case fields a triage rule can decide. */
export const triageFieldSchema = z.enum(['product', 'category', 'severity', 'scope']);
export type TriageField = z.infer<typeof triageFieldSchema>;

const keywordSchema = z
  .string()
  .trim()
  .min(1, { error: 'a keyword cannot be empty' })
  .max(80, { error: 'a keyword can be at most 80 characters' })
  .refine((keyword) => !keyword.slice(1, -1).includes('*'), {
    error: "'*' is only allowed at the start or end of a keyword",
  })
  .refine((keyword) => /[\p{L}\p{N}]/u.test(keyword), { error: 'a keyword needs at least one letter or digit' });

const keywordListSchema = z
  .array(keywordSchema)
  .min(1, { error: 'a keyword list needs at least one keyword' })
  .max(300, { error: 'a keyword list can hold at most 300 keywords' });

/** Keywords are matched on title and description together; see keywordMatch.ts for the matching rules. */
export const keywordConditionSchema = z
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
      .max(20, { error: 'all can hold at most 20 entries' })
      .optional(),
    /** None of these occurs (e.g. 'not urgent' keeps an 'urgent' rule from firing). */
    none: keywordListSchema.optional(),
  })
  .refine((condition) => [condition.any, condition.all, condition.none].some((list) => list !== undefined), {
    error: 'keywords need at least one of any, all or none',
  });
export type KeywordCondition = z.infer<typeof keywordConditionSchema>;

/**
 * When a rule applies. Every condition given must hold; a rule without conditions always applies (a fallback).
 * Field conditions look at the value decided so far (customer-given or set by an earlier rule);
 * an undecided field satisfies no `...Is` condition.
 */
export const triageConditionsSchema = z.strictObject({
  keywords: keywordConditionSchema.optional(),
  productIs: z.array(productSchema).min(1).optional(),
  categoryIs: z.array(categorySchema).min(1).optional(),
  severityIs: z.array(severitySchema).min(1).optional(),
  /** true: the customer chose this field; false: they did not. */
  customerGave: z
    .strictObject({ product: z.boolean().optional(), category: z.boolean().optional(), severity: z.boolean().optional() })
    .optional(),
});
export type TriageConditions = z.infer<typeof triageConditionsSchema>;

export const triageSetSchema = z
  .strictObject({
    product: productSchema.optional(),
    category: categorySchema.optional(),
    severity: severitySchema.optional(),
    scope: triageScopeSchema.optional(),
  })
  .refine((set) => Object.values(set).some((value) => value !== undefined), {
    error: 'a rule must set at least one of product, category, severity or scope',
  });
export type TriageSet = z.infer<typeof triageSetSchema>;

export const triageRuleSchema = z.strictObject({
  id: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{0,79}$/, { error: 'a rule id is 1-80 lowercase letters, digits or hyphens' }),
  /** Shown on the case timeline as the reason for what the rule set. */
  description: z.string().trim().min(1, { error: 'a rule needs a description' }).max(300),
  when: triageConditionsSchema,
  set: triageSetSchema,
  /** May this rule replace a value the customer chose? Without it a customer-given value is kept. */
  override: z.boolean().default(false),
});
export type TriageRule = z.infer<typeof triageRuleSchema>;
export type TriageRuleInput = z.input<typeof triageRuleSchema>;

/**
 * A tenant's triage rules, evaluated in order: for each field the first matching rule that may set it wins.
 */
export const triageRulesSchema = z
  .array(triageRuleSchema)
  .max(500, { error: 'at most 500 triage rules' })
  .superRefine((rules, context) => {
    const seen = new Set<string>();
    rules.forEach((rule, index) => {
      if (seen.has(rule.id)) {
        context.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate rule id '${rule.id}'` });
      }
      seen.add(rule.id);
    });
  });
export type TriageRules = z.infer<typeof triageRulesSchema>;
