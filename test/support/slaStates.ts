import type { SupportCase } from '../../shared/domain/case';

/** An instant `minutes` from now (negative: ago), as ISO 8601. */
const minutesFromNow = (minutes: number): string => new Date(Date.now() + minutes * 60_000).toISOString();

/** The case with its first response clock running and warned (the sweep's record): at risk, due in `dueInMinutes`. */
export const warned = (supportCase: SupportCase, dueInMinutes = 30): SupportCase => ({
  ...supportCase,
  sla: {
    computedAt: new Date().toISOString(),
    clocks: [
      {
        key: 'firstResponse',
        metric: 'firstResponse',
        state: 'running',
        startedAt: minutesFromNow(-60),
        warningAt: minutesFromNow(-5),
        dueAt: minutesFromNow(dueInMinutes),
      },
    ],
    nextDueAt: minutesFromNow(dueInMinutes),
  },
  slaEventsEmitted: [{ kind: 'warning', clock: { metric: 'firstResponse', cycle: 1 } }],
});

/** The case with its first response clock breached half an hour ago and the breach recorded. */
export const breached = (supportCase: SupportCase): SupportCase => ({
  ...supportCase,
  sla: {
    computedAt: new Date().toISOString(),
    clocks: [
      {
        key: 'firstResponse',
        metric: 'firstResponse',
        state: 'breached',
        startedAt: minutesFromNow(-120),
        warningAt: minutesFromNow(-90),
        dueAt: minutesFromNow(-30),
      },
    ],
    nextDueAt: null,
  },
  slaEventsEmitted: [
    { kind: 'warning', clock: { metric: 'firstResponse', cycle: 1 } },
    { kind: 'breach', clock: { metric: 'firstResponse', cycle: 1 } },
  ],
});
