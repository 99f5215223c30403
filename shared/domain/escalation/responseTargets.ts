import { z } from 'zod';
import { escalationVehicleSchema, type EscalationVehicle, type Severity } from '../caseFields';
import {
  holidaySchema,
  openingIntervalSchema,
  timeZoneSchema,
  type Calendar,
  type OpeningInterval,
} from '../serviceHours/calendar';
import type { ServiceHours } from '../serviceHours/serviceHours';

/** How soon Microsoft should first respond: minutes of Microsoft's business hours, or of every hour (24x7). */
export const microsoftResponseTargetSchema = z.lazy(() =>
  z.object({
    minutes: z.number().int().positive(),
    aroundTheClock: z.boolean(),
  }),
);
export type MicrosoftResponseTarget = z.infer<typeof microsoftResponseTargetSchema>;

const perSeveritySchema = z.object({
  A: microsoftResponseTargetSchema,
  B: microsoftResponseTargetSchema,
  C: microsoftResponseTargetSchema,
});

/** Initial response targets per vehicle and case severity; a tenant may replace them with its own agreement's figures. */
export const microsoftResponseTargetsSchema = z.record(escalationVehicleSchema, perSeveritySchema);
export type MicrosoftResponseTargets = z.infer<typeof microsoftResponseTargetsSchema>;

const hours = (count: number, aroundTheClock: boolean): MicrosoftResponseTarget => ({
  minutes: count * 60,
  aroundTheClock,
});

/**
 * Configurable defaults, not contractual figures.
 * - Premier Support for Partners: Microsoft's published Premier initial response times
 *   (Sev A < 1 hour 24x7, Sev B < 2 hours, Sev C < 4 hours; B and C in business hours unless 24x7 is requested).
 * - Advanced Support for Partners: Sev A 1 hour 24x7 is published; B 4 and C 8 business hours are assumptions
 *   (the slow end of the Unified/Premier range).
 * - Signature Cloud Support: assumed to match Premier.
 * - Commercial support (Partner Center service requests): Microsoft publishes no initial response times, only
 *   business hours (09:00-17:00 local, Monday to Friday); 4/8/16 business hours are assumptions.
 */
export const defaultMicrosoftResponseTargets: MicrosoftResponseTargets = {
  premierSupportForPartners: { A: hours(1, true), B: hours(2, false), C: hours(4, false) },
  advancedSupportForPartners: { A: hours(1, true), B: hours(4, false), C: hours(8, false) },
  signatureCloudSupport: { A: hours(1, true), B: hours(2, false), C: hours(4, false) },
  commercialSupport: { A: hours(4, false), B: hours(8, false), C: hours(16, false) },
};

export function microsoftResponseTarget(
  vehicle: EscalationVehicle,
  severity: Severity,
  targets: MicrosoftResponseTargets = defaultMicrosoftResponseTargets,
): MicrosoftResponseTarget {
  return targets[vehicle][severity];
}

/**
 * The hours Microsoft counts its business-hours response targets in. Without a time zone they are the partner's local
 * hours: the time zone of the case's product service hours.
 *
 * Source: Partner Center support availability (https://learn.microsoft.com/partner-center/support/support-hours):
 * 09:00-17:00 local time, Monday to Friday, excluding holidays, for most countries and regions; North America
 * 06:00-18:00 Pacific Time, Japan 09:00-17:30, Asia 09:00-18:00. A partner outside the default sets its region's hours
 * (and its holidays) in the tenant settings.
 */
export const microsoftSupportHoursSchema = z.lazy(() =>
  z.object({
    timeZone: timeZoneSchema.optional(),
    weekly: z.array(openingIntervalSchema).min(1).max(50),
    holidays: z.array(holidaySchema).max(1000).default([]),
  }),
);
export type MicrosoftSupportHours = z.infer<typeof microsoftSupportHoursSchema>;

const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
const weekdayHours = (start: string, end: string): OpeningInterval[] => weekdays.map((day) => ({ day, start, end }));

/** 09:00-17:00 Monday to Friday in the partner's time zone: Partner Center's hours for most countries and regions. */
export const defaultMicrosoftSupportHours: MicrosoftSupportHours = {
  weekly: weekdayHours('09:00', '17:00'),
  holidays: [],
};

/** Microsoft's support hours as a calendar, in their own time zone or else the partner's (`partnerTimeZone`, IANA). */
export function microsoftSupportCalendar(hours: MicrosoftSupportHours, partnerTimeZone: string): Calendar {
  return {
    timeZone: hours.timeZone ?? partnerTimeZone,
    weekly: hours.weekly,
    holidays: hours.holidays,
    alwaysOpen: false,
  };
}

export interface MicrosoftResponseDueInput {
  requestedAt: Date;
  target: MicrosoftResponseTarget;
  /** Microsoft's business hours, compiled; ignored for 24x7 targets. */
  microsoftHours: ServiceHours;
}

/** When Microsoft's first response is due for an escalation requested at `requestedAt`. */
export function microsoftResponseDueAt({ requestedAt, target, microsoftHours }: MicrosoftResponseDueInput): Date {
  if (target.aroundTheClock) return new Date(requestedAt.getTime() + target.minutes * 60_000);
  return new Date(microsoftHours.addBusinessMinutes(requestedAt.getTime(), target.minutes));
}
