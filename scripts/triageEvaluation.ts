/*
 * Measures triage (default rules plus a model trained here) without exposing the holdout split:
 *
 *   npx tsx scripts/triageEvaluation.ts cv            writer-grouped 5-fold cross-validation on the tuning split
 *   npx tsx scripts/triageEvaluation.ts fresh         trained on the tuning requests before `--fresh-from` (lr-900),
 *                                                     measured on those from it on (a batch written after the rules)
 *   npx tsx scripts/triageEvaluation.ts holdout       trained on the tuning split and the helper requests (as shipped),
 *                                                     aggregate figures on the holdout
 *   npx tsx scripts/triageEvaluation.ts overrules     as `fresh`, per rule that decided a product or category the
 *                                                     model (rules alone, no yielding) reads otherwise: how often the
 *                                                     model or the rule was right, by the model's probability; what a
 *                                                     `yieldsToModelAt` would gain (textSpeaksFor of triage.ts applied,
 *                                                     not a later agreeing rule's confirmation: an upper bound)
 *
 * cv, fresh and overrules train on the labelled requests alone (as before the helper requests were added), so their
 * figures compare across rounds, unless `--with-helpers` (cv and fresh) trains on the helper requests too, as the
 * shipped model is trained; holdout always trains as the shipped model does.
 *
 * Misses are printed only with `--misses`, and never for holdout requests: the holdout mode prints aggregate figures
 * only, and the other modes read tuning requests only. Options for trying choices (all by aggregate figures):
 * `--without=<rule id prefix>,...` drops default rules, `--thresholds=<product>,<category>,<severity>`, `--l2=`,
 * `--steps=`, `--learning-rate=`, `--features=` (maxFeatures), `--rules-only` (no model),
 * `--ignore-customer=<field>,...` (measure as if the
 * customer had not chosen these fields; `commercial-category` for a billing, subscription or licensing category only),
 * `--given-only` (measure only requests with customer-given fields), `--fresh-from=<number>` (900 unless given),
 * `--yield=<rule id>:<probability>,...` (give default rules a yieldsToModelAt; `<rule id>:none` takes it away).
 */
import {
  defaultModelThresholds,
  defaultTrainingSettings,
  defaultTriageRules,
  measureTriageAccuracy,
  textSpeaksFor,
  trainTriageModel,
  triage,
  modelText,
  TriageClassifier,
  unlimitedTriageBudget,
  type LabelledRequest,
  type ModelField,
  type TriageAccuracyReport,
  type TrainingExample,
  type TriageRules,
} from '../shared/domain/triage';
import {
  loadHelperRequests,
  loadLabelledFixtures,
  type LabelledFixture,
} from '../test/fixtures/triage/labelledRequests';

type Mode = 'cv' | 'fresh' | 'holdout' | 'overrules';

interface Options {
  mode: Mode;
  misses: boolean;
  without: string[];
  thresholds: Record<ModelField, number>;
  settings: typeof defaultTrainingSettings;
  rulesOnly: boolean;
  freshFrom: number;
  /** cv and fresh: train on the helper requests as well, as the shipped model is. */
  withHelpers: boolean;
  ignoreCustomer: string[];
  givenOnly: boolean;
  /** yieldsToModelAt by rule id; undefined takes a default rule's away. */
  yields: Map<string, number | undefined>;
}

function parseOptions(argv: readonly string[]): Options {
  const [mode, ...flags] = argv;
  if (mode !== 'cv' && mode !== 'fresh' && mode !== 'holdout' && mode !== 'overrules')
    throw new Error('mode: cv, fresh, holdout or overrules');
  const value = (name: string): string | undefined =>
    flags.find((flag) => flag.startsWith(`--${name}=`))?.slice(name.length + 3);
  const number = (name: string, fallback: number): number => Number(value(name) ?? fallback);
  const given = value('thresholds')?.split(',').map(Number) ?? [];
  const [product, category, severity] = given;
  return {
    mode,
    misses: flags.includes('--misses'),
    without: (value('without') ?? '').split(',').filter((prefix) => prefix !== ''),
    thresholds: {
      product: product ?? defaultModelThresholds.product,
      category: category ?? defaultModelThresholds.category,
      severity: severity ?? defaultModelThresholds.severity,
    },
    settings: {
      ...defaultTrainingSettings,
      l2: number('l2', defaultTrainingSettings.l2),
      learningRate: number('learning-rate', defaultTrainingSettings.learningRate),
      steps: number('steps', defaultTrainingSettings.steps),
      maxFeatures: number('features', defaultTrainingSettings.maxFeatures),
    },
    rulesOnly: flags.includes('--rules-only'),
    freshFrom: number('fresh-from', 900),
    withHelpers: flags.includes('--with-helpers'),
    ignoreCustomer: (value('ignore-customer') ?? '').split(',').filter((field) => field !== ''),
    givenOnly: flags.includes('--given-only'),
    yields: new Map(
      (value('yield') ?? '')
        .split(',')
        .filter((entry) => entry !== '')
        .map((entry): [string, number | undefined] => {
          const [id = '', at = ''] = entry.split(':');
          return [id, at === 'none' ? undefined : Number(at)];
        }),
    ),
  };
}

const numberOf = (fixture: LabelledFixture): number => Number(fixture.id.slice(3));
const withoutWriter = ({ writer: _writer, ...example }: LabelledFixture): LabelledRequest => example;

/** Folds by writer style; the requests without one (the rules' author) in five groups by number. */
function writerFolds(tuning: readonly LabelledFixture[], count: number): LabelledFixture[][] {
  const groups = new Map<string, LabelledFixture[]>();
  tuning.forEach((fixture) => {
    const key = fixture.writer ?? `author-${numberOf(fixture) % 5}`;
    groups.set(key, [...(groups.get(key) ?? []), fixture]);
  });
  const folds: LabelledFixture[][] = Array.from({ length: count }, () => []);
  [...groups]
    .sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))
    .forEach(([, members]) => {
      const smallest = folds.reduce((best, fold) => (fold.length < best.length ? fold : best));
      smallest.push(...members);
    });
  return folds;
}

function evaluate(
  train: readonly LabelledFixture[],
  test: readonly LabelledFixture[],
  rules: TriageRules,
  options: Options,
  alsoTrainOn: readonly TrainingExample[] = [],
): TriageAccuracyReport {
  const classifier = options.rulesOnly
    ? null
    : new TriageClassifier(
        trainTriageModel([...train.map(withoutWriter), ...alsoTrainOn], options.settings, options.thresholds),
      );
  const given = (example: LabelledRequest): boolean =>
    ['product', 'category', 'severity'].some((field) => field in example.request);
  const requests = test
    .map(withoutWriter)
    .filter((example) => !options.givenOnly || given(example))
    .map((example) => {
      const request: Record<string, unknown> = { ...example.request };
      options.ignoreCustomer.forEach((field) => delete request[field]);
      // 'commercial-category': a customer-given billing, subscription or licensing category only.
      if (options.ignoreCustomer.includes('commercial-category') && request.category !== 'technical')
        delete request.category;
      return { ...example, request: request as LabelledRequest['request'] };
    });
  return measureTriageAccuracy(requests, rules, { classifier });
}

function printReport(label: string, reports: readonly TriageAccuracyReport[], misses: boolean): void {
  const count = reports.reduce((sum, report) => sum + report.count, 0);
  const fields = ['product', 'category', 'severity', 'tier'] as const;
  const accuracy = fields.map((field) => {
    const wrong = reports.reduce((sum, report) => sum + report.misses.filter((m) => m.field === field).length, 0);
    return `${field} ${(1 - wrong / count).toFixed(3)}`;
  });
  console.log(`${label} (n=${count}): ${accuracy.join('  ')}`);
  if (!misses) return;
  reports
    .flatMap((report) => report.misses)
    .filter((miss) => miss.split === 'tuning')
    .forEach((miss) =>
      console.log(
        `  ${miss.id} ${miss.field.padEnd(8)} expected ${miss.expected.padEnd(12)} got ${miss.actual.padEnd(12)} by ${miss.decidedBy.padEnd(34)} ${miss.title}`,
      ),
    );
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  const rules = defaultTriageRules()
    .filter((rule) => !options.without.some((prefix) => rule.id.startsWith(prefix)))
    .map((rule) => {
      if (!options.yields.has(rule.id)) return rule;
      const { yieldsToModelAt: _dropped, ...rest } = rule;
      const at = options.yields.get(rule.id);
      return at === undefined ? rest : { ...rest, yieldsToModelAt: at };
    });
  const fixtures = loadLabelledFixtures();
  const tuning = fixtures.filter((fixture) => fixture.split === 'tuning');
  const alsoTrainOn = options.withHelpers ? loadHelperRequests() : [];
  const setting = `rules ${rules.length}${options.withHelpers ? ' (model also on the helper requests)' : ''}, thresholds ${JSON.stringify(options.thresholds)}, l2 ${options.settings.l2}, steps ${options.settings.steps}, learning rate ${options.settings.learningRate}, features ${options.settings.maxFeatures}${options.rulesOnly ? ', rules only' : ''}${options.yields.size ? `, yields ${[...options.yields].map(([id, at]) => `${id}:${at ?? 'none'}`).join(',')}` : ''}`;
  console.log(setting);
  if (options.mode === 'cv') {
    const folds = writerFolds(tuning, 5);
    const reports = folds.map((fold) =>
      evaluate(
        tuning.filter((fixture) => !fold.includes(fixture)),
        fold,
        rules,
        options,
        alsoTrainOn,
      ),
    );
    printReport('writer-grouped 5-fold cross-validation on the tuning split', reports, options.misses);
  } else if (options.mode === 'fresh') {
    const before = tuning.filter((fixture) => numberOf(fixture) < options.freshFrom);
    const fresh = tuning.filter((fixture) => numberOf(fixture) >= options.freshFrom);
    printReport(
      `fresh batch from lr-${options.freshFrom}`,
      [evaluate(before, fresh, rules, options, alsoTrainOn)],
      options.misses,
    );
  } else if (options.mode === 'overrules') {
    printOverrules(rules, options, tuning);
  } else {
    const holdout = fixtures.filter((fixture) => fixture.split === 'holdout');
    // Trained as the shipped model is, on the helper requests too.
    const report = evaluate(tuning, holdout, rules, options, loadHelperRequests());
    printReport('holdout (aggregate figures only)', [report], false);
  }
}

/**
 * Per rule that decided product or category on the fresh requests (rules alone), where the model trained on the
 * requests before them reads another value that textSpeaksFor allows: at each probability bar, how many such
 * readings there are and how many more the model gets right than the rule. Tuning requests only.
 */
function printOverrules(rules: TriageRules, options: Options, tuning: readonly LabelledFixture[]): void {
  const bars = [0.5, 0.6, 0.7, 0.8, 0.9];
  const classifier = new TriageClassifier(
    trainTriageModel(
      tuning.filter((fixture) => numberOf(fixture) < options.freshFrom).map(withoutWriter),
      options.settings,
      options.thresholds,
    ),
  );
  const fresh = tuning.filter((fixture) => numberOf(fixture) >= options.freshFrom);
  const gains = new Map<string, { count: number[]; gain: number[] }>();
  for (const fixture of fresh) {
    const decision = triage(fixture.request, rules, unlimitedTriageBudget, { classifier: null });
    const input = classifier.input(modelText(fixture.request));
    for (const field of ['product', 'category'] as const) {
      const deciding = decision.explanation.find(
        (entry) => entry.field === field && entry.applied && entry.source === 'rule',
      );
      if (deciding?.ruleId === undefined || deciding.ruleId === null) continue;
      const prediction = classifier.predict(field, input);
      const prior = classifier.prior(field, prediction.value);
      if (prediction.value === decision[field] || !textSpeaksFor(prediction.confidence, prior, input.words)) continue;
      const key = `${field} ${deciding.ruleId}`;
      const row = gains.get(key) ?? { count: bars.map(() => 0), gain: bars.map(() => 0) };
      const gain =
        Number(prediction.value === fixture.expected[field]) - Number(decision[field] === fixture.expected[field]);
      bars.forEach((bar, index) => {
        if (prediction.confidence < bar) return;
        row.count[index] = (row.count[index] ?? 0) + 1;
        row.gain[index] = (row.gain[index] ?? 0) + gain;
      });
      gains.set(key, row);
    }
  }
  console.log(`overrules on the fresh batch from lr-${options.freshFrom} (n=${fresh.length}), bar: readings/net gain`);
  [...gains]
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .forEach(([key, row]) =>
      console.log(
        `  ${key.padEnd(50)} ${bars.map((bar, index) => `${bar}: ${row.count[index]}/${(row.gain[index] ?? 0) >= 0 ? '+' : ''}${row.gain[index]}`).join('  ')}`,
      ),
    );
}

main();
