import type { CapturedFunction } from '../../../scripts/localHost/functionsCore';
import { TimerScheduler } from '../../../scripts/localHost/timerScheduler';

/** A timer function that runs at start-up and finishes only when the test lets it. */
function heldTimer(): { fn: CapturedFunction; release: () => void; started: Promise<void> } {
  let release = (): void => undefined;
  let markStarted = (): void => undefined;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const held = new Promise<void>((resolve) => (release = resolve));
  const fn: CapturedFunction = {
    name: 'slaSweep',
    trigger: { type: 'timerTrigger', direction: 'in', schedule: '0 */5 * * * *', runOnStartup: true },
    bindings: {},
    handler: async () => {
      markStarted();
      await held;
    },
  };
  return { fn, release: () => release(), started };
}

describe('the local host timer scheduler', () => {
  const clock = { now: () => new Date('2026-12-03T10:00:00Z') };
  const noLog = (): void => undefined;

  it('given a timer run under way, when the scheduler stops, then stop resolves only after the run finished', async () => {
    const timer = heldTimer();
    const scheduler = new TimerScheduler([timer.fn], clock, noLog, (schedule) => schedule);
    scheduler.start();
    await timer.started;

    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stopped).toBe(false);

    timer.release();
    await stopping;
    expect(stopped).toBe(true);
    expect(scheduler.idle).toBe(true);
  });

  it('given no timer run under way, when the scheduler stops, then stop resolves at once', async () => {
    const scheduler = new TimerScheduler([], clock, noLog, (schedule) => schedule);
    scheduler.start();
    await expect(scheduler.stop()).resolves.toBeUndefined();
  });
});
