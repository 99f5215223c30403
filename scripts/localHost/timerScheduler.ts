import { Cron } from 'croner';
import type { Timer } from '@azure/functions';
import type { Clock } from '../../shared/ports/clock';
import { invocationContextFor, type LogSink } from './functionApp';
import type { CapturedFunction } from './functionsCore';

const pollIntervalMs = 200;

interface ScheduledTimer {
  fn: CapturedFunction;
  cron: Cron;
  last?: Date;
  next: Date;
  running: boolean;
}

/** Runs timer functions on their 6-field NCRONTAB schedules (UTC, as in Azure) against the host's clock. */
export class TimerScheduler {
  private readonly timers: ScheduledTimer[];
  private interval: NodeJS.Timeout | undefined;
  /** Timer runs under way, so stop() can wait for them. */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    functions: readonly CapturedFunction[],
    private readonly clock: Clock,
    private readonly log: LogSink,
    resolveSchedule: (schedule: string) => string,
  ) {
    this.timers = functions.map((fn) => {
      const cron = new Cron(resolveSchedule(String(fn.trigger.schedule)), { timezone: 'UTC', paused: true });
      return { fn, cron, next: this.nextAfter(cron, clock.now()), running: false };
    });
  }

  start(): void {
    for (const timer of this.timers) if (timer.fn.trigger.runOnStartup) void this.fire(timer, false);
    this.interval = setInterval(() => void this.poll(), pollIntervalMs);
  }

  /**
   * Fires nothing more and resolves once the runs under way have finished: a sweep still writing or logging after its
   * host stopped would act on storage or a test that is gone.
   */
  async stop(): Promise<void> {
    if (this.interval) clearInterval(this.interval);
    this.interval = undefined;
    await Promise.all([...this.inFlight]);
  }

  /** Fires every timer whose next occurrence has come; a timer still running is not started twice. */
  async poll(): Promise<void> {
    const now = this.clock.now();
    const due = this.timers.filter((timer) => !timer.running && timer.next.getTime() <= now.getTime());
    await Promise.all(
      due.map((timer) => {
        const isPastDue = now.getTime() - timer.next.getTime() > 60_000;
        timer.last = timer.next;
        timer.next = this.nextAfter(timer.cron, now);
        return this.fire(timer, isPastDue);
      }),
    );
  }

  /** Runs a timer function once now, as `POST /admin/functions/{name}` does. */
  runNow(fn: CapturedFunction): Promise<void> {
    const timer = this.timers.find((candidate) => candidate.fn === fn);
    if (!timer) throw new Error(`${fn.name} is not a timer function`);
    return this.fire(timer, false);
  }

  nextOccurrence(fn: CapturedFunction): Date | undefined {
    return this.timers.find((timer) => timer.fn === fn)?.next;
  }

  get idle(): boolean {
    return this.timers.every((timer) => !timer.running);
  }

  private nextAfter(cron: Cron, from: Date): Date {
    const next = cron.nextRun(from);
    if (!next) throw new Error(`Schedule "${cron.getPattern()}" never fires again`);
    return next;
  }

  private fire(timer: ScheduledTimer, isPastDue: boolean): Promise<void> {
    const run = this.run(timer, isPastDue).finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
    return run;
  }

  private async run(timer: ScheduledTimer, isPastDue: boolean): Promise<void> {
    timer.running = true;
    const now = this.clock.now().toISOString();
    const timerInput: Timer = {
      isPastDue,
      schedule: { adjustForDST: true },
      scheduleStatus: { last: timer.last?.toISOString() ?? now, next: timer.next.toISOString(), lastUpdated: now },
    };
    try {
      await timer.fn.handler(timerInput, invocationContextFor(timer.fn, {}, this.log));
    } catch (error) {
      this.log('error', timer.fn.name, `failed: ${(error as Error).stack ?? String(error)}`);
    } finally {
      timer.running = false;
    }
  }
}
