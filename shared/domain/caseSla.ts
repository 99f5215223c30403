import type { CaseSla, SupportCase } from './case';
import { severitySchema, type Severity } from './caseFields';
import { productKnown } from './caseEntitlement';
import { entitlementFor } from './offering/entitlement';
import type { SupportOffering } from './offering/supportOffering';
import { compileServiceHours, type ServiceHours } from './serviceHours';
import type { Calendar } from './serviceHours/calendar';
import { dueSlaEvents, evaluateSla, type SlaClock, type SlaEvaluation, type SlaPolicy, type SlaTargets } from './sla';

const compiledCalendars = new Map<string, ServiceHours>();
const maxCompiledCalendars = 200;

/** Compiling a calendar warms per-day caches; tenants share few calendars, so keep the compiled ones. */
export function serviceHoursFor(calendar: Calendar): ServiceHours {
  const key = JSON.stringify(calendar);
  let compiled = compiledCalendars.get(key);
  if (!compiled) {
    if (compiledCalendars.size >= maxCompiledCalendars) compiledCalendars.clear();
    compiled = compileServiceHours(calendar);
    compiledCalendars.set(key, compiled);
  }
  return compiled;
}

/** The targets that apply to this case for every severity, so a severity change mid-flight needs no other lookup. */
export function slaPolicyFor(
  supportCase: SupportCase,
  offering: SupportOffering,
): { policy: SlaPolicy; calendar: Calendar } {
  const planId = supportCase.entitlement?.planId;
  const { product, category } = supportCase;
  const known = productKnown(supportCase);
  const targetsFor = (severity: Severity): SlaTargets =>
    entitlementFor({ offering, planId, product, category, severity, productKnown: known }).targets;
  const [a, b, c] = severitySchema.options.map(targetsFor) as [SlaTargets, SlaTargets, SlaTargets];
  return {
    policy: { targets: { A: a, B: b, C: c }, warningShare: offering.settings.warningShare },
    calendar: offering.services[supportCase.product].serviceHours,
  };
}

const iso = (instant: number | undefined): string | undefined =>
  instant === undefined ? undefined : new Date(instant).toISOString();

function snapshotOf(clock: SlaClock): CaseSla['clocks'][number] {
  if (clock.state === 'notStarted')
    return { key: clock.key, metric: clock.metric, state: clock.state, targetMinutes: clock.targetMinutes };
  return {
    key: clock.key,
    metric: clock.metric,
    state: clock.state,
    targetMinutes: clock.targetMinutes,
    startedAt: iso(clock.startedAt),
    warningAt: iso(clock.warningAt),
    dueAt: iso(clock.dueAt),
    stoppedAt: iso(clock.stoppedAt),
  };
}

/** Recomputes every SLA clock of the case from its history, the way Zammad does: nothing is ever counted down. */
export function evaluateCaseSla(supportCase: SupportCase, offering: SupportOffering, now: Date): SlaEvaluation {
  const { policy, calendar } = slaPolicyFor(supportCase, offering);
  return evaluateSla({
    history: supportCase.slaHistory,
    policy,
    serviceHours: serviceHoursFor(calendar),
    now: now.getTime(),
  });
}

export function slaSnapshot(evaluation: SlaEvaluation): CaseSla {
  return {
    computedAt: new Date(evaluation.evaluatedAt).toISOString(),
    clocks: [evaluation.firstResponse, evaluation.nextResponse, evaluation.resolution].map(snapshotOf),
    nextDueAt: evaluation.nextDueAt === null ? null : new Date(evaluation.nextDueAt).toISOString(),
  };
}

/**
 * The case with its SLA snapshot brought up to date. A change that may need the SLA enforcement at once sets the next
 * due instant to `now`, so the due-time index hands the case to the next sweep instead of the clock's next instant: a
 * warning or breach it made due (a severity raised past its new warning or due time), or any change while a ladder
 * step waits for the service hours (the severity may now be worked around the clock; the sweep defers again if not).
 */
export function withSlaRecomputed(supportCase: SupportCase, offering: SupportOffering, now: Date): SupportCase {
  if (supportCase.slaHistory.length === 0) return supportCase;
  const evaluation = evaluateCaseSla(supportCase, offering, now);
  const snapshot = slaSnapshot(evaluation);
  const dueNow =
    dueSlaEvents(evaluation, supportCase.slaEventsEmitted).length > 0 ||
    supportCase.escalationDeferredUntil !== undefined;
  return { ...supportCase, sla: dueNow ? { ...snapshot, nextDueAt: now.toISOString() } : snapshot };
}
