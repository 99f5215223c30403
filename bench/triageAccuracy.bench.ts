import {
  defaultTriageRules,
  measureTriageAccuracy,
  measuredFields,
  type TriageAccuracy,
  type TriageAccuracyReport,
} from '../shared/domain/triage';
import { loadLabelledRequests } from '../test/fixtures/triage/labelledRequests';
import type { Bench, BenchResult, BenchRow } from './types';

/** The accuracy the default rules must keep on the labelled requests (tier has no target: it is reported only). */
export const triageAccuracyTargets: Partial<TriageAccuracy> = { product: 0.9, category: 0.9, severity: 0.8 };

/** The accuracy triage must reach on the holdout split, which no rule or model is tuned on (issue 14). */
export const triageAccuracyHoldoutTargets: Partial<TriageAccuracy> = { product: 0.95, category: 0.92, severity: 0.85 };

export interface TriageAccuracyMeasurement {
  all: TriageAccuracyReport;
  holdout: TriageAccuracyReport;
}

export function measureDefaultTriageAccuracy(): TriageAccuracyMeasurement {
  const examples = loadLabelledRequests();
  return {
    all: measureTriageAccuracy(examples, defaultTriageRules()),
    holdout: measureTriageAccuracy(
      examples.filter((example) => example.split === 'holdout'),
      defaultTriageRules(),
    ),
  };
}

function rows(label: string, report: TriageAccuracyReport, targets: Partial<TriageAccuracy>): BenchRow[] {
  return measuredFields.map((field) => {
    const target = targets[field];
    return {
      benchmark: 'triageAccuracy',
      metric: `${field} (${label}, n=${report.count})`,
      value: report.accuracy[field].toFixed(3),
      ...(target !== undefined && { target: `>= ${target.toFixed(2)}` }),
    };
  });
}

export const triageAccuracyBench: Bench = {
  name: 'triageAccuracy',
  async run(): Promise<BenchResult> {
    const { all, holdout } = measureDefaultTriageAccuracy();
    return {
      rows: [...rows('all', all, triageAccuracyTargets), ...rows('holdout', holdout, triageAccuracyHoldoutTargets)],
      figures: { triageAccuracy: all.accuracy, triageAccuracyHoldout: holdout.accuracy },
    };
  },
};

/*
 * Run directly, it lists the misses of tuning requests only: holdout requests, their labels and their misses are never
 * printed, so that nobody tunes rules or model on them by accident; the holdout shows as aggregate figures only.
 */
if (require.main === module) {
  const { all, holdout } = measureDefaultTriageAccuracy();
  const tuningMisses = all.misses.filter((miss) => miss.split === 'tuning');
  tuningMisses.forEach((miss) =>
    console.log(
      `${miss.id} ${miss.split.padEnd(7)} ${miss.field.padEnd(8)} expected ${miss.expected.padEnd(12)} got ${miss.actual.padEnd(12)} by ${miss.decidedBy.padEnd(34)} ${miss.title}`,
    ),
  );
  console.log(`\n${tuningMisses.length} misclassified fields in the ${all.count - holdout.count} tuning requests`);
  console.log(JSON.stringify({ triageAccuracy: all.accuracy, triageAccuracyHoldout: holdout.accuracy }, null, 2));
}
