import { z } from 'zod';
import { triageScopeSchema, type TriageRules } from './rules';
import { triage, triageRequestSchema, unlimitedTriageBudget, type TriageDecision, type TriageOptions } from './triage';
import { built } from '../builtSchema';
import { modelFieldSchemas } from './textClassifier';

/** A request with the decision an experienced agent would make; used to measure how well a rule set triages. */
export const labelledRequestSchema = z.lazy(() =>
  z.strictObject({
    id: z.string().min(1),
    language: z.enum(['en', 'de']),
    /** Rules are tuned on 'tuning' items only; 'holdout' items show whether the tuning generalises. */
    split: z.enum(['tuning', 'holdout']),
    request: built(triageRequestSchema).strict(),
    expected: z.strictObject({ ...modelFieldSchemas, tier: triageScopeSchema }),
  }),
);
export type LabelledRequest = z.infer<typeof labelledRequestSchema>;

export const measuredFields = ['product', 'category', 'severity', 'tier'] as const;
export type MeasuredField = (typeof measuredFields)[number];

/** Share of requests triaged as labelled, per field, as a fraction 0..1 rounded to 3 decimals. */
export type TriageAccuracy = Record<MeasuredField, number>;

export interface TriageMiss {
  id: string;
  field: MeasuredField;
  expected: string;
  actual: string;
  title: string;
  split: LabelledRequest['split'];
  /** The rule that set the wrong value, 'customer' for a kept customer choice, 'model' or 'fallback'. */
  decidedBy: string;
}

export interface TriageAccuracyReport {
  count: number;
  accuracy: TriageAccuracy;
  misses: TriageMiss[];
}

function decidedBy(decision: TriageDecision, field: MeasuredField): string {
  const explanationField = field === 'tier' ? 'scope' : field;
  const deciding = decision.explanation.find(
    (entry) => entry.field === explanationField && entry.applied && entry.source !== 'customer',
  );
  if (deciding === undefined) return 'customer';
  return deciding.ruleId ?? deciding.source;
}

const roundTo3 = (fraction: number): number => Math.round(fraction * 1000) / 1000;

/**
 * Runs triage (the rules, then the shipped model unless `options.classifier` says otherwise) on every labelled request
 * and compares each decided field with its label. Without a time budget, so the figures depend on rules and model only
 * and never on how busy the machine is.
 */
export function measureTriageAccuracy(
  examples: readonly LabelledRequest[],
  rules: TriageRules,
  options: TriageOptions = {},
): TriageAccuracyReport {
  const misses: TriageMiss[] = [];
  examples.forEach((example) => {
    const decision = triage(example.request, rules, unlimitedTriageBudget, options);
    measuredFields.forEach((field) => {
      if (decision[field] !== example.expected[field]) {
        misses.push({
          id: example.id,
          field,
          expected: example.expected[field],
          actual: decision[field],
          title: example.request.title,
          split: example.split,
          decidedBy: decidedBy(decision, field),
        });
      }
    });
  });
  const accuracyOf = (field: MeasuredField): number =>
    examples.length === 0 ? 0 : roundTo3(1 - misses.filter((miss) => miss.field === field).length / examples.length);
  return {
    count: examples.length,
    accuracy: {
      product: accuracyOf('product'),
      category: accuracyOf('category'),
      severity: accuracyOf('severity'),
      tier: accuracyOf('tier'),
    },
    misses,
  };
}
