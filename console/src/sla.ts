import type { CaseSla } from './apiTypes';

/** How an SLA badge looks: red when breached, amber past the warning, grey when paused, plain when on time. */
export type SlaTone = 'breached' | 'warning' | 'paused' | 'onTime' | 'none';

export interface SlaBadge {
  tone: SlaTone;
  /** The deadline the countdown runs to: the earliest due time of a running clock, else the server's nextDueAt. */
  dueAt?: string;
}

/**
 * The badge of a case at `now`, from the clocks as the server last computed them (due and warning times are in business
 * time, already turned into instants by the server; the browser only counts down to them). `atRisk` marks a case the
 * server lists in its at-risk view, which is amber even if the browser's clock says otherwise.
 */
export function slaBadge(sla: CaseSla | undefined, now: number, atRisk = false): SlaBadge {
  const clocks = sla?.clocks ?? [];
  const running = clocks.filter((clock) => clock.state === 'running' && clock.dueAt !== undefined);
  const dues = running.map((clock) => clock.dueAt as string).sort();
  const dueAt = dues[0] ?? sla?.nextDueAt ?? undefined;
  if (
    clocks.some((clock) => clock.state === 'breached') ||
    running.some((clock) => Date.parse(clock.dueAt as string) <= now)
  )
    return { tone: 'breached', dueAt };
  if (running.length === 0) {
    return clocks.some((clock) => clock.state === 'paused') ? { tone: 'paused' } : { tone: 'none' };
  }
  const warned = running.some((clock) => clock.warningAt !== undefined && Date.parse(clock.warningAt) <= now);
  return { tone: atRisk || warned ? 'warning' : 'onTime', dueAt };
}
