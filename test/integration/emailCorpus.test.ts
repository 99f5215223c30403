import {
  corpusFiles,
  corpusNow,
  corpusSize,
  formatStepResult,
  loadScenario,
  runScenario,
} from '../support/emailCorpus';
import { ManualClock } from '../support/manualClock';
import { startTestHost, type TestHost } from '../support/testHost';

/**
 * Every scenario of test/fixtures/email/corpus through the local host on Azurite: each mail step must have its expected
 * outcome (opened, threaded, agent reply, ignored by rule, dead-lettered with reason, duplicate) and pass its checks.
 * `npm run bench` reports the same corpus as emailOutcomeAccuracy.
 */
describe('email corpus', () => {
  const files = corpusFiles();
  const clock = new ManualClock(corpusNow);
  let desk: TestHost;

  beforeAll(async () => {
    // Service Bus's own maximum: a mail dead-lettered after one delivery was classified, not retried out.
    desk = await startTestHost({ clock, maxDeliveryCount: 10 });
  });
  afterAll(() => desk?.stop());

  it('holds at least 45 mails, every scenario valid', () => {
    for (const file of files) expect(() => loadScenario(file)).not.toThrow();
    expect(corpusSize().mails).toBeGreaterThanOrEqual(45);
  });

  test.each(files.map((file) => [file.name, file] as const))(
    '%s',
    async (_name, file) => {
      const results = await runScenario(desk, file, { clock });
      expect(results.filter((result) => !result.ok).map(formatStepResult)).toEqual([]);
    },
    180_000,
  );
});
