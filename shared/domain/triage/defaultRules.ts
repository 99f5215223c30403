import { triageRulesSchema, type TriageRules } from './rules';

/*
 * The triage rules a tenant starts with are data: defaultRules.json, the same JSON array a tenant admin puts with
 * PUT /api/triage-rules. Customers write in English and German, so every concept lists both.
 * Triage evaluates them stage by stage (product, category, severity, scope: see `triage`), so each block below is one
 * stage; within it order matters (the first matching rule per field wins), so each block runs from specific to general.
 * The `*-fallback` rules have no conditions and set the built-in defaults: where one of them decides product, category
 * or severity, the learned model (triageModel.json) may decide instead when it is confident.
 *   product:  corrections of a clearly wrong customer choice, then Dynamics 365, Microsoft 365 identity,
 *             Azure, on-premises products, Microsoft 365, devices and other vendors, fallback 'other'.
 *   category: a customer's technical category corrected to a subscription change, business-app how-tos and postings,
 *             a failed payment or payment method, subscription state and transfers, Azure configuration (quotas,
 *             resource moves), licence errors, licences already in place, faults, storage to buy, a subscription in
 *             the title, licence questions, version upgrades, orders, billing, subscription changes, licensing,
 *             costs, fallback 'technical'; the broad keyword rules among them yield to the model (`yieldsToModelAt`).
 *   severity: critical impact and security incidents (may override the customer), how-to questions marked critical
 *             (may override), a business process stopped, everyone affected, cost spikes, minor faults (one person
 *             with a workaround, password resets, test environments), someone blocked or a deadline, a fault that
 *             affects several people; fallback 'C' (no sign of impact means minimal impact; the model judges faults
 *             that name neither who is affected nor a deadline).
 *   scope:    critical cases, basic support, beyond basic support; fallback 'tier1' (the partner looks first).
 * A vocabulary several rules use (the Azure product names, say) is written out in each of them: change them together.
 */

/** Where the default rules live, as error messages name it. */
export const defaultTriageRulesFile = 'shared/domain/triage/defaultRules.json';

/** "rule 3 'product-fallback'" for a path into a rule set, or "the rule set" for the set as a whole. */
function ruleNamed(input: unknown, path: readonly PropertyKey[]): string {
  const [index] = path;
  if (typeof index !== 'number') return 'the rule set';
  const rule: unknown = Array.isArray(input) ? input[index] : undefined;
  const id =
    typeof rule === 'object' && rule !== null && 'id' in rule && typeof rule.id === 'string' ? ` '${rule.id}'` : '';
  return `rule ${index + 1}${id}`;
}

/**
 * Validates a rule set read from a file with the tenant rules schema. A file that fails throws an error naming the
 * file and, for each problem, the rule (position from 1 and id), the field within it and what is wrong.
 */
export function parseTriageRulesFile(input: unknown, file: string): TriageRules {
  const parsed = triageRulesSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const field = issue.path.slice(1).map(String).join('.');
    return `${ruleNamed(input, issue.path)}${field ? ` at ${field}` : ''}: ${issue.message}`;
  });
  throw new Error(`${file} is not a valid triage rule set:\n  ${problems.join('\n  ')}`);
}

let defaults: TriageRules | undefined;

/**
 * The default rules, validated once, at first use rather than when the app loads (as the model is, see
 * defaultTriageClassifier): every function's cold start would pay for it. A mistake in them fails every test that
 * triages with them. The same array on every call: treat it as read-only.
 */
export function defaultTriageRules(): TriageRules {
  // Required at first use, as the model is (loadShippedModel): in the package it is a data file of its own.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  defaults ??= parseTriageRulesFile(require('./defaultRules.json') as unknown, defaultTriageRulesFile);
  return defaults;
}
