import { startAzurite } from '../scripts/azurite';
import { freePort } from '../scripts/freePort';
import {
  corpusNow,
  describeOutcome,
  formatStepResult,
  runEmailCorpus,
  type CorpusRun,
} from '../test/support/emailCorpus';
import { ManualClock } from '../test/support/manualClock';
import { startTestHost } from '../test/support/testHost';
import { runStandalone } from './stats';
import type { Bench, BenchResult, BenchRow } from './types';

/** Every mail of the corpus must have its expected outcome. */
export const emailOutcomeAccuracyTarget = 1;

/**
 * Runs the email corpus (test/fixtures/email/corpus) through the real functions on the local host against its own
 * Azurite, as the integration test does, and reports the share of mails with the expected outcome and checks.
 */
export async function measureEmailOutcomes(): Promise<CorpusRun> {
  const azurite = await startAzurite({ port: await freePort() });
  process.env.CaseStorage = azurite.connectionString;
  process.env.MESSAGING_TRANSPORT = 'inProcess';
  const clock = new ManualClock(corpusNow);
  const desk = await startTestHost({ clock, maxDeliveryCount: 10 }).catch(async (error: unknown) => {
    await azurite.stop();
    throw error;
  });
  try {
    return await runEmailCorpus(desk, { clock });
  } finally {
    await desk.stop();
    await azurite.stop();
  }
}

export const emailOutcomesBench: Bench = {
  name: 'emailOutcomes',
  async run(): Promise<BenchResult> {
    const run = await measureEmailOutcomes();
    const failing: BenchRow[] = run.results
      .filter((result) => !result.ok)
      .map((result) => ({
        benchmark: 'emailOutcomes',
        metric: `failing: ${result.scenario} step ${result.step}`,
        value: describeOutcome(result),
      }));
    return {
      rows: [
        {
          benchmark: 'emailOutcomes',
          metric: `emailOutcomeAccuracy (${run.correctMailSteps}/${run.mailSteps} mails, ${run.scenarios} scenarios)`,
          value: run.accuracy.toFixed(3),
          target: `>= ${emailOutcomeAccuracyTarget.toFixed(2)}`,
        },
        ...failing,
      ],
      figures: {
        emailOutcomeAccuracy: Number(run.accuracy.toFixed(4)),
        emailOutcomeMails: run.mailSteps,
        emailOutcomeFailures: run.mailSteps - run.correctMailSteps,
      },
    };
  },
};

if (require.main === module) {
  if (process.argv.includes('--steps')) {
    measureEmailOutcomes()
      .then((run) => {
        run.results.forEach((result) => console.log(`${result.ok ? 'ok  ' : 'FAIL'} ${formatStepResult(result)}`));
        console.log(
          `\nemailOutcomeAccuracy ${run.accuracy.toFixed(3)} (${run.correctMailSteps}/${run.mailSteps} mails, ${run.scenarios} scenarios)`,
        );
      })
      .catch((error: unknown) => {
        console.error(error);
        process.exitCode = 1;
      });
  } else runStandalone(emailOutcomesBench);
}
