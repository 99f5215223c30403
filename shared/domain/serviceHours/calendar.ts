import { loadLuxon } from './luxon';
import { z } from 'zod';

/** Days of the week as partners write them in service-hours settings. */
export const weekdaySchema = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof weekdaySchema>;

/** A local wall-clock time 'HH:mm' (00:00-23:59). */
export const localTimeSchema = z.lazy(() =>
  z
    .string()
    .max(5)
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a local time HH:mm'),
);

/**
 * One opening interval on a weekday, in the calendar's time zone.
 * An interval whose end is not after its start (e.g. 22:00-06:00, or 00:00-00:00 for the whole day)
 * crosses midnight and closes on the next day.
 */
export const openingIntervalSchema = z.object({
  day: weekdaySchema,
  start: localTimeSchema,
  end: localTimeSchema,
});
export type OpeningInterval = z.infer<typeof openingIntervalSchema>;

const fixedHolidayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const recurringHolidayPattern = /^(\d{2})-(\d{2})$/;

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function isHoliday(value: string): boolean {
  const fixed = fixedHolidayPattern.exec(value);
  if (fixed) return isRealDate(Number(fixed[1]), Number(fixed[2]), Number(fixed[3]));
  const recurring = recurringHolidayPattern.exec(value);
  // 2000 is a leap year, so 02-29 is accepted as a recurring holiday.
  return recurring !== null && isRealDate(2000, Number(recurring[1]), Number(recurring[2]));
}

/** A closed local date: 'YYYY-MM-DD' once, or 'MM-DD' every year. */
export const holidaySchema = z.lazy(() =>
  z.string().max(10).refine(isHoliday, 'expected a holiday as YYYY-MM-DD or MM-DD'),
);

/**
 * The canonical spelling of an IANA time zone name, which ICU matches in any letter case: `europe/berlin` is
 * `Europe/Berlin`. A name in another case than ICU's own name of the zone takes ICU's. Another name of a zone (a link, e.g.
 * `Asia/Kathmandu`, `Europe/Kyiv`, `US/Eastern`, `Etc/UTC`) is kept as the caller spelt it in mixed case, since the ICU
 * of this Node names some zones by their older links (`Asia/Katmandu`, `Europe/Kiev`); a link typed in one case only
 * (`us/eastern`) has no spelling to keep, and takes ICU's name of its zone, which has the same rules.
 * A name ICU does not know is answered as given, for the schema's check to refuse.
 * Source: https://tc39.es/ecma402/#sec-canonicalizetimezonename
 */
export function canonicalTimeZone(zone: string): string {
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return zone;
  }
  const sameName = resolved.toLowerCase() === zone.toLowerCase();
  const oneCase = zone === zone.toLowerCase() || zone === zone.toUpperCase();
  return sameName || oneCase ? resolved : zone;
}

/**
 * An IANA time zone name that luxon (and so the ICU data of Node) knows, in its canonical spelling (canonicalTimeZone):
 * what the desk answers and stores, whatever letter case the caller typed.
 */
export const timeZoneSchema = z.lazy(() =>
  z
    .string()
    .max(64)
    .refine((zone) => loadLuxon().IANAZone.isValidZone(zone), 'expected an IANA time zone')
    .overwrite(canonicalTimeZone),
);

/**
 * The service hours of a support offering: when SLA business time runs.
 * `alwaysOpen` opens every minute of every day (24x7) and ignores `weekly`; holidays still close their dates.
 */
export const calendarSchema = z.lazy(() =>
  z
    .object({
      timeZone: timeZoneSchema,
      // A week of split shifts and a decade of weekly closing days fit; more is a mistake (or a load on every SLA computation).
      weekly: z.array(openingIntervalSchema).max(50).default([]),
      holidays: z.array(holidaySchema).max(1000).default([]),
      alwaysOpen: z.boolean().default(false),
    })
    .refine((calendar) => calendar.alwaysOpen || calendar.weekly.length > 0, {
      message: 'service hours need weekly opening intervals unless alwaysOpen is set',
      path: ['weekly'],
    }),
);
export type Calendar = z.infer<typeof calendarSchema>;

/**
 * Whether the yearly holidays (`MM-DD`) close every date of a common year: such service hours never open (at most on a
 * 29 February), so no SLA clock could ever run on them. Dated holidays (at most 1,000) cannot close the years ahead.
 */
export function closesEveryDate(calendar: Pick<Calendar, 'holidays'>): boolean {
  const yearly = new Set(calendar.holidays.filter((holiday) => recurringHolidayPattern.test(holiday)));
  yearly.delete('02-29');
  return yearly.size === 365;
}

/** 24x7 service hours, e.g. for severity A. */
export const aroundTheClock: Calendar = { timeZone: 'UTC', weekly: [], holidays: [], alwaysOpen: true };
