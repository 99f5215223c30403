import { loadLuxon } from '../domain/serviceHours/luxon';
import { z } from 'zod';
import type { SupportCase } from '../domain/case';

/**
 * Customer-facing times of a case for portals: each instant in ISO 8601 UTC as stored and again as local time with its
 * offset in the customer's time zone (see timeZoneOf), so a portal can show "due Tue 14:00" without knowing the
 * partner's settings.
 */
export const portalSlaClockSchema = z.lazy(() =>
  z.object({
    metric: z.enum(['firstResponse', 'nextResponse', 'resolution']),
    state: z.enum(['notStarted', 'running', 'paused', 'met', 'breached']),
    /** The target in minutes of service hours. */
    targetMinutes: z.number().optional(),
    dueAt: z.iso.datetime().optional(),
    dueAtLocal: z.iso.datetime({ offset: true }).optional(),
    stoppedAt: z.iso.datetime().optional(),
    stoppedAtLocal: z.iso.datetime({ offset: true }).optional(),
  }),
);

export const portalSlaSchema = z.lazy(() => z.object({ timeZone: z.string(), clocks: z.array(portalSlaClockSchema) }));

export const portalLocalTimesSchema = z.lazy(() =>
  z.object({
    /** IANA time zone of the local times. */
    timeZone: z.string(),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
    resolvedAt: z.iso.datetime({ offset: true }).optional(),
    closedAt: z.iso.datetime({ offset: true }).optional(),
  }),
);

/**
 * The time zone a customer reads the case's times in: the customer's own (its record's, as of enrichment), else that
 * of the service hours that apply to the case, else UTC before the case was enriched.
 */
function timeZoneOf(supportCase: SupportCase): string {
  return supportCase.customer.timeZone ?? supportCase.entitlement?.serviceHoursTimeZone ?? 'UTC';
}

function localOf(iso: string, timeZone: string): string {
  return (
    loadLuxon().DateTime.fromISO(iso, { zone: 'utc' }).setZone(timeZone).toISO({ suppressMilliseconds: true }) ?? iso
  );
}

function localOrNothing(iso: string | undefined, timeZone: string): string | undefined {
  return iso === undefined ? undefined : localOf(iso, timeZone);
}

/** The case's SLA clocks as a customer may see them: state and due times, without warning times or engine keys. */
export function portalSla(supportCase: SupportCase): z.infer<typeof portalSlaSchema> | undefined {
  if (!supportCase.sla) return undefined;
  const timeZone = timeZoneOf(supportCase);
  return {
    timeZone,
    clocks: supportCase.sla.clocks.map((clock) => ({
      metric: clock.metric,
      state: clock.state,
      targetMinutes: clock.targetMinutes,
      dueAt: clock.dueAt,
      dueAtLocal: localOrNothing(clock.dueAt, timeZone),
      stoppedAt: clock.stoppedAt,
      stoppedAtLocal: localOrNothing(clock.stoppedAt, timeZone),
    })),
  };
}

/** When the case was opened, last changed, resolved and closed, in the customer's local time. */
export function portalLocalTimes(supportCase: SupportCase): z.infer<typeof portalLocalTimesSchema> {
  const timeZone = timeZoneOf(supportCase);
  return {
    timeZone,
    createdAt: localOf(supportCase.createdAt, timeZone),
    updatedAt: localOf(supportCase.updatedAt, timeZone),
    resolvedAt: localOrNothing(supportCase.resolvedAt, timeZone),
    closedAt: localOrNothing(supportCase.closedAt, timeZone),
  };
}
