import { z } from 'zod';
import {
  categorySchema,
  productSchema,
  severitySchema,
  type Category,
  type Product,
  type Severity,
} from '../caseFields';
import { prepareTriageText, searchKeyword, triageText, type PreparedTriageText } from './keywordMatch';
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

/** Why a decision is incomplete: triage ran out of its time budget and stopped evaluating rules. */
export const triageBudgetExceededSchema = z.object({
  /** The budget, in milliseconds. */
  limitMs: z.number(),
  /** Milliseconds spent when triage noticed the budget was used up. */
  elapsedMs: z.number(),
  /** Rules evaluated to the end before triage stopped. */
  rulesEvaluated: z.number().int().nonnegative(),
  /** Rules not evaluated or abandoned half-way, so not applied: the one at `stoppedAtRuleId` and all after it. */
  rulesSkipped: z.number().int().positive(),
  stoppedAtRuleId: z.string(),
});
export type TriageBudgetExceeded = z.infer<typeof triageBudgetExceededSchema>;

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
  /** Present only when triage stopped early; the fields no evaluated rule decided got the built-in fallback. */
  budgetExceeded: triageBudgetExceededSchema.optional(),
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

/**
 * How long triage of one case may take. Triage runs on the same worker as every other tenant's requests, so a rule set
 * that is slow on some text (many keywords on a very long description) must not hold that worker for long.
 */
export interface TriageBudget {
  /** Milliseconds triage may spend on one case before it stops evaluating rules; Infinity for no limit. */
  limitMs: number;
  /**
   * A monotonic clock in milliseconds, performance.now() unless given (a seam for tests). It is read once at the
   * start, then before each rule, before each keyword search and every 1,024 text characters within one.
   */
  now?: () => number;
}

/**
 * 250 ms per case. The default rules triage a typical case in a few milliseconds and a 100,000-character description
 * in well under this, so only a hostile or extreme rule set meets the budget; a worker is then held for at most
 * about this long per case instead of for as long as the rules would take.
 */
export const defaultTriageBudget: Readonly<TriageBudget> = { limitMs: 250 };

/** No time limit: for measuring accuracy, where every rule must be evaluated whatever the machine's speed. */
export const unlimitedTriageBudget: Readonly<TriageBudget> = { limitMs: Number.POSITIVE_INFINITY };

/** Watches the budget of one triage run. Once out of time it stays out of time and reads the clock no more. */
class BudgetMeter {
  private readonly now: () => number;
  private readonly startedAt: number;
  /** Milliseconds spent when the budget was found used up; undefined while there is time left. */
  exceededAfterMs: number | undefined;

  constructor(readonly budget: TriageBudget) {
    this.now = budget.now ?? (() => performance.now());
    this.startedAt = Number.isFinite(budget.limitMs) ? this.now() : 0;
  }

  get exceeded(): boolean {
    return this.exceededAfterMs !== undefined;
  }

  readonly outOfTime = (): boolean => {
    if (this.exceededAfterMs !== undefined) return true;
    if (!Number.isFinite(this.budget.limitMs)) return false;
    const elapsed = this.now() - this.startedAt;
    if (elapsed > this.budget.limitMs) this.exceededAfterMs = elapsed;
    return this.exceededAfterMs !== undefined;
  };
}

type Origin = { source: 'customer' } | { source: 'rule'; rule: TriageRule };

interface Evaluation {
  values: Partial<FieldValues>;
  origins: Partial<Record<TriageField, Origin>>;
  customerGiven: Partial<Pick<FieldValues, 'product' | 'category' | 'severity'>>;
  matchedRuleIds: string[];
  explanation: TriageExplanationEntry[];
}

/** Whether the keyword condition holds; when the budget runs out part-way the answer is meaningless (see applyRule). */
function keywordsHold(condition: TriageConditions['keywords'], text: PreparedTriageText, meter: BudgetMeter): boolean {
  if (condition === undefined) return true;
  const found = (keyword: string): boolean =>
    !meter.outOfTime() && searchKeyword(text, keyword, meter.outOfTime) === 'found';
  const entryFound = (entry: string | string[]): boolean =>
    typeof entry === 'string' ? found(entry) : entry.some(found);
  return (
    (condition.any === undefined || condition.any.some(found)) &&
    (condition.all === undefined || condition.all.every(entryFound)) &&
    (condition.none === undefined || !condition.none.some(found))
  );
}

function isOneOf<T>(value: T | undefined, allowed: readonly T[] | undefined): boolean {
  return allowed === undefined || (value !== undefined && allowed.includes(value));
}

function conditionsHold(
  when: TriageConditions,
  text: PreparedTriageText,
  evaluation: Evaluation,
  meter: BudgetMeter,
): boolean {
  const { values, customerGiven } = evaluation;
  const gave = when.customerGave ?? {};
  const customerGaveHolds = (['product', 'category', 'severity'] as const).every(
    (field) => gave[field] === undefined || gave[field] === (customerGiven[field] !== undefined),
  );
  // The cheap field conditions go first so that a rule that cannot apply does not search the text at all.
  return (
    isOneOf(values.product, when.productIs) &&
    isOneOf(values.category, when.categoryIs) &&
    isOneOf(values.severity, when.severityIs) &&
    customerGaveHolds &&
    keywordsHold(when.keywords, text, meter)
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

/** Evaluates one rule; false when the budget ran out first, in which case the rule was not applied. */
function applyRule(evaluation: Evaluation, rule: TriageRule, text: PreparedTriageText, meter: BudgetMeter): boolean {
  if (meter.outOfTime()) return false;
  const holds = conditionsHold(rule.when, text, evaluation, meter);
  // A keyword search cut short answers 'not found', which could wrongly satisfy a `none` list: the rule is dropped.
  if (meter.exceeded) return false;
  if (!holds) return true;
  evaluation.matchedRuleIds.push(rule.id);
  proposeValue(evaluation, rule, 'product', rule.set.product);
  proposeValue(evaluation, rule, 'category', rule.set.category);
  proposeValue(evaluation, rule, 'severity', rule.set.severity);
  proposeValue(evaluation, rule, 'scope', rule.set.scope);
  return true;
}

function decided<F extends TriageField>(
  evaluation: Evaluation,
  field: F,
  stopped: TriageBudgetExceeded | undefined,
): FieldValues[F] {
  const value = evaluation.values[field];
  if (value !== undefined) return value;
  const fallback = builtInTriageFallback[field];
  const why =
    stopped === undefined
      ? `no rule decided the ${field}`
      : `no rule decided the ${field} before triage ran out of its ${stopped.limitMs} ms time budget at rule '${stopped.stoppedAtRuleId}' (${stopped.rulesSkipped} rules not evaluated)`;
  evaluation.explanation.push({
    source: 'fallback',
    ruleId: null,
    field,
    value: fallback,
    applied: true,
    reason: `${why}; built-in default ${fallback}`,
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
 *
 * Time: keyword searches are linear in the text (see keywordMatch.ts), and the whole run is bounded by `budget`
 * (milliseconds, default 250). When the budget runs out triage stops evaluating rules, keeps what earlier rules and
 * the customer decided, fills the rest with the built-in fallback and says so in `budgetExceeded` and the explanation.
 * It never throws for lack of time. The decision depends only on request and rules unless the budget runs out.
 */
export function triage(
  request: TriageRequest,
  rules: TriageRules,
  budget: TriageBudget = defaultTriageBudget,
): TriageDecision {
  const meter = new BudgetMeter(budget);
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
  const text = prepareTriageText(triageText(request.title, request.description));
  const stoppedAt = rules.findIndex((rule) => !applyRule(evaluation, rule, text, meter));
  const stopped: TriageBudgetExceeded | undefined =
    stoppedAt < 0
      ? undefined
      : {
          limitMs: budget.limitMs,
          elapsedMs: Math.round((meter.exceededAfterMs ?? 0) * 10) / 10,
          rulesEvaluated: stoppedAt,
          rulesSkipped: rules.length - stoppedAt,
          stoppedAtRuleId: rules[stoppedAt]?.id ?? '',
        };

  const product = decided(evaluation, 'product', stopped);
  const category = decided(evaluation, 'category', stopped);
  const severity = decided(evaluation, 'severity', stopped);
  const tier = decided(evaluation, 'scope', stopped);
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
    ...(stopped !== undefined && { budgetExceeded: stopped }),
  };
}
