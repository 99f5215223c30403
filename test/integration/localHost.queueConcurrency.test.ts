import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { serviceBusMaxConcurrentCalls } from '../../scripts/localHost/localHost';
import { handled, hold, peak, release, running } from '../fixtures/functionApp/concurrencyProbe';
import { startTestHost, type TestHost } from '../support/testHost';

const root = join(__dirname, '..', '..');
const probeFile = join(__dirname, '..', 'fixtures', 'functionApp', 'concurrencyProbe.ts');
const hostJson = JSON.parse(readFileSync(join(root, 'host.json'), 'utf8')) as {
  extensions: { serviceBus: { maxConcurrentCalls: number } };
};
const maxConcurrentCalls = hostJson.extensions.serviceBus.maxConcurrentCalls;

const waitFor = async (condition: () => boolean, timeoutMs = 5000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

/*
 * In Azure, host.json's extensions.serviceBus.maxConcurrentCalls bounds how many messages one Service Bus trigger
 * function handles at once on one instance, each function on its own. The local host keeps the same bound.
 */
describe('the local host bounds each queue function as host.json bounds Service Bus', () => {
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost({ functionFiles: [probeFile] });
  });
  afterAll(() => desk.stop());

  it('given many messages on two queues, when their functions run, then each runs at most maxConcurrentCalls at once and neither waits for the other', async () => {
    hold();
    const messages = maxConcurrentCalls * 3;
    for (let index = 0; index < messages; index += 1) {
      desk.host.broker.queue('case-triage').send({ body: { index } });
      desk.host.broker.queue('email-intake').send({ body: { index } });
    }

    // The pipeline's queue is full of held messages, and intake still gets its own share of turns.
    await waitFor(() => running.pipelineProbe === maxConcurrentCalls && running.intakeProbe === maxConcurrentCalls);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect({ intake: peak.intakeProbe, pipeline: peak.pipelineProbe }).toEqual({
      intake: maxConcurrentCalls,
      pipeline: maxConcurrentCalls,
    });

    release();
    await desk.host.idle(20_000);
    expect({ intake: handled.intakeProbe, pipeline: handled.pipelineProbe }).toEqual({
      intake: messages,
      pipeline: messages,
    });
    expect({ intake: peak.intakeProbe, pipeline: peak.pipelineProbe }).toEqual({
      intake: maxConcurrentCalls,
      pipeline: maxConcurrentCalls,
    });
  });

  it('given host.json with or without maxConcurrentCalls, when read, then its value, else the extension default of 16 per processor', () => {
    const folder = mkdtempSync(join(tmpdir(), 'hostjson-'));
    const withValue = join(folder, 'with.json');
    const without = join(folder, 'without.json');
    writeFileSync(withValue, JSON.stringify({ version: '2.0', extensions: { serviceBus: { maxConcurrentCalls: 3 } } }));
    writeFileSync(without, JSON.stringify({ version: '2.0' }));

    expect(serviceBusMaxConcurrentCalls()).toBe(maxConcurrentCalls);
    expect(serviceBusMaxConcurrentCalls(withValue)).toBe(3);
    expect(serviceBusMaxConcurrentCalls(without)).toBe(16 * availableParallelism());
  });

  // Last: it stops the host (afterAll's second stop is harmless).
  it('given deliveries under way and more messages waiting, when the host stops, then it lets those under way finish before it resolves and delivers none of the waiting ones', async () => {
    hold();
    const before = handled.pipelineProbe ?? 0;
    for (let index = 0; index < maxConcurrentCalls * 2; index += 1)
      desk.host.broker.queue('case-triage').send({ body: { index } });
    await waitFor(() => running.pipelineProbe === maxConcurrentCalls);

    let stopped = false;
    const stopping = desk.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stopped).toBe(false);
    release();
    await stopping;

    expect((handled.pipelineProbe ?? 0) - before).toBe(maxConcurrentCalls);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((handled.pipelineProbe ?? 0) - before).toBe(maxConcurrentCalls);
    expect(running.pipelineProbe).toBe(0);
  });
});
