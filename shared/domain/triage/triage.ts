import { z } from 'zod';
import {
  categorySchema,
  productSchema,
  severitySchema,
  type Category,
  type Product,
  type Severity,
} from '../caseFields';
import { matchesKeyword, triageText } from './keywordMatch';
import {
  triageFieldSchema,
  triageScopeSchema,
  type TriageConditions,
  type TriageField,
  type TriageRule,
  type TriageRules,
  type TriageScope,
} from './rules';

/** What triage reads from a case: the customer's words and whatever fields they chose themselves. */
export const triageRequestSchema = z.object({
  title: z.string(),
  description: z.string(),
  product: productSchema.optional(),
  category: categorySchema.optional(),
  severity: severitySchema.optional(),
});
export type TriageRequest = z.infer<typeof triageRequestSchema>;

/** The kind of Microsoft vehicle a tier 2 case would use; the concrete vehicle comes from the partner's entitlements. */
export const escalationVehicleKindSchema = z.enum(['commercial', 'technical']);
export type EscalationVehicleKind = z.infer<typeof escalationVehicleKindSchema>;

/**
 * One line of the story the case timeline tells: a customer-given value kept or replaced,
 * a rule that set (or could not set) a field, or a built-in default used because no rule decided the field.
 */
export const triageExplanationEntrySchema = z.object({
  source: z.enum(['customer', 'rule', 'fallback']),
  ruleId: z.string().nullable(),
  field: triageFieldSchema,
  value: z.string(),
  applied: z.boolean(),
  reason: z.string(),
});
export type TriageExplanationEntry = z.infer<typeof triageExplanationEntrySchema>;

export const triageDecisionSchema = z.object({
  product: productSchema,
  category: categorySchema,
  severity: severitySchema,
  tier: triageScopeSchema,
  /** Tier 2 cases are candidates for a Microsoft escalation; tier 1 stays with the partner. */
  escalationCandidate: z.boolean(),
  vehicleKind: escalationVehicleKindSchema.nullable(),
  matchedRuleIds: z.array(z.string()),
  explanation: z.array(triageExplanationEntrySchema),
});
export type TriageDecision = z.infer<typeof triageDecisionSchema>;

interface FieldValues {
  product: Product;
  category: Category;
  severity: Severity;
  scope: TriageScope;
}

/** Used only when no rule decides a field, so a tenant's rule set without fallbacks still yields a complete decision. */
export const builtInTriageFallback: Readonly<FieldValues> = {
  product: 'other',
  category: 'technical',
  severity: 'C',
  scope: 'tier1',
};

type Origin = { source: 'customer' } | { source: 'rule'; rule: TriageRule };

interface Evaluation {
  values: Partial<FieldValues>;
  origins: Partial<Record<TriageField, Origin>>;
  customerGiven: Partial<Pick<FieldValues, 'product' | 'category' | 'severity'>>;
  matchedRuleIds: string[];
  explanation: TriageExplanationEntry[];
}

function keywordsHold(condition: TriageConditions['keywords'], text: string): boolean {
  if (condition === undefined) return true;
  const found = (keyword: string): boolean => matchesKeyword(text, keyword);
  const entryFound = (entry: string | string[]): boolean => (typeof entry === 'string' ? found(entry) : entry.some(found));
  return (
    (condition.any === undefined || condition.any.some(found)) &&
    (condition.all === undefined || condition.all.every(entryFound)) &&
    (condition.none === undefined || !condition.none.some(found))
  );
}

function isOneOf<T>(value: T | undefined, allowed: readonly T[] | undefined): boolean {
  return allowed === undefined || (value !== undefined && allowed.includes(value));
}

function conditionsHold(when: TriageConditions, text: string, evaluation: Evaluation): boolean {
  const { values, customerGiven } = evaluation;
  const gave = when.customerGave ?? {};
  const customerGaveHolds = (['product', 'category', 'severity'] as const).every(
    (field) => gave[field] === undefined || gave[field] === (customerGiven[field] !== undefined),
  );
  return (
    keywordsHold(when.keywords, text) &&
    isOneOf(values.product, when.productIs) &&
    isOneOf(values.category, when.categoryIs) &&
    isOneOf(values.severity, when.severityIs) &&
    customerGaveHolds
  );
}

function proposeValue<F extends TriageField>(
  evaluation: Evaluation,
  rule: TriageRule,
  field: F,
  value: FieldValues[F] | undefined,
): void {
  if (value === undefined) return;
  const current = evaluation.values[field];
  const origin = evaluation.origins[field];
  const entry = { source: 'rule' as const, ruleId: rule.id, field, value };
  if (current === undefined || origin === undefined) {
    evaluation.values[field] = value;
    evaluation.origins[field] = { source: 'rule', rule };
    evaluation.explanation.push({ ...entry, applied: true, reason: rule.description });
  } else if (origin.source === 'rule') {
    evaluation.explanation.push({
      ...entry,
      applied: false,
      reason: `${field} was already set to ${current} by rule '${origin.rule.id}' (the first matching rule wins)`,
    });
  } else if (!rule.override) {
    evaluation.explanation.push({
      ...entry,
      applied: false,
      reason: `the customer chose ${current}; this rule may not override a customer-given value`,
    });
  } else if (current === value) {
    evaluation.explanation.push({ ...entry, applied: false, reason: `the customer already chose ${current}` });
  } else {
    evaluation.values[field] = value;
    evaluation.origins[field] = { source: 'rule', rule };
    evaluation.explanation.push({
      ...entry,
      applied: true,
      reason: `${rule.description} (overrides the customer-given ${current})`,
    });
  }
}

function applyRule(evaluation: Evaluation, rule: TriageRule, text: string): void {
  if (!conditionsHold(rule.when, text, evaluation)) return;
  evaluation.matchedRuleIds.push(rule.id);
  proposeValue(evaluation, rule, 'product', rule.set.product);
  proposeValue(evaluation, rule, 'category', rule.set.category);
  proposeValue(evaluation, rule, 'severity', rule.set.severity);
  proposeValue(evaluation, rule, 'scope', rule.set.scope);
}

function decided<F extends TriageField>(evaluation: Evaluation, field: F): FieldValues[F] {
  const value = evaluation.values[field];
  if (value !== undefined) return value;
  const fallback = builtInTriageFallback[field];
  evaluation.explanation.push({
    source: 'fallback',
    ruleId: null,
    field,
    value: fallback,
    applied: true,
    reason: `no rule decided the ${field}; built-in default ${fallback}`,
  });
  return fallback;
}

function explainCustomerGiven(evaluation: Evaluation): TriageExplanationEntry[] {
  return (['product', 'category', 'severity'] as const).flatMap((field) => {
    const given = evaluation.customerGiven[field];
    if (given === undefined) return [];
    const origin = evaluation.origins[field];
    const kept = origin?.source !== 'rule';
    const reason = kept
      ? `kept the customer-given ${field} ${given}`
      : `replaced the customer-given ${field} ${given} with ${evaluation.values[field]} by rule '${origin.rule.id}': ${origin.rule.description}`;
    return [{ source: 'customer' as const, ruleId: null, field, value: given, applied: kept, reason }];
  });
}

/**
 * Decides product, category, severity and scope for a case.
 *
 * Precedence:
 * 1. A value the customer chose is decided from the start and is kept,
 *    unless a matching rule with `override: true` sets a different value (recorded with the rule's description).
 * 2. Rules run in order; per field, the first matching rule that may set it wins. Later rules that would set a
 *    decided field are recorded as not applied. Field conditions see the values decided so far.
 * 3. A field no rule decided gets the built-in fallback (other / technical / C / tier1).
 * Tier 2 makes a case a Microsoft escalation candidate: 'technical' vehicle for technical cases, 'commercial' otherwise.
 */
export function triage(request: TriageRequest, rules: TriageRules): TriageDecision {
  const customerGiven = { product: request.product, category: request.category, severity: request.severity };
  const origins: Evaluation['origins'] = {};
  (['product', 'category', 'severity'] as const)
    .filter((field) => customerGiven[field] !== undefined)
    .forEach((field) => (origins[field] = { source: 'customer' }));
  const evaluation: Evaluation = {
    values: { ...customerGiven },
    origins,
    customerGiven,
    matchedRuleIds: [],
    explanation: [],
  };
  const text = triageText(request.title, request.description);
  rules.forEach((rule) => applyRule(evaluation, rule, text));

  const product = decided(evaluation, 'product');
  const category = decided(evaluation, 'category');
  const severity = decided(evaluation, 'severity');
  const tier = decided(evaluation, 'scope');
  const escalationCandidate = tier === 'tier2';
  return {
    product,
    category,
    severity,
    tier,
    escalationCandidate,
    vehicleKind: escalationCandidate ? (category === 'technical' ? 'technical' : 'commercial') : null,
    matchedRuleIds: evaluation.matchedRuleIds,
    explanation: [...evaluation.explanation, ...explainCustomerGiven(evaluation)],
  };
}
