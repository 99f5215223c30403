import { loadLuxon } from './luxon';
import type { Calendar, Weekday } from './calendar';

export const MS_PER_MINUTE = 60_000;
export const MS_PER_DAY = 86_400_000;

/**
 * One local calendar day of a service-hours calendar, resolved to UTC instants.
 * `open` is flat for speed: [from0, to0, from1, to1, ...], sorted, merged, half-open [from, to),
 * all inside [start, end).
 */
export interface LocalDay {
  readonly index: number;
  readonly start: number;
  readonly end: number;
  readonly open: readonly number[];
}

interface WeeklyInterval {
  readonly startMinute: number;
  readonly endMinute: number;
  readonly crossesMidnight: boolean;
}

const weekdays: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function minuteOfDay(localTime: string): number {
  return Number(localTime.slice(0, 2)) * 60 + Number(localTime.slice(3, 5));
}

/** Day index 0 is 1970-01-01, a Thursday; weekday 0 is Monday. */
function weekdayOf(dayIndex: number): number {
  return (((dayIndex + 3) % 7) + 7) % 7;
}

function weeklyTemplate(calendar: Calendar): WeeklyInterval[][] {
  const template: WeeklyInterval[][] = weekdays.map(() => []);
  for (const interval of calendar.weekly) {
    const startMinute = minuteOfDay(interval.start);
    const endMinute = minuteOfDay(interval.end);
    template[weekdays.indexOf(interval.day)]?.push({
      startMinute,
      endMinute,
      crossesMidnight: endMinute <= startMinute,
    });
  }
  return template;
}

function mergeSorted(ranges: Array<[number, number]>): number[] {
  ranges.sort((a, b) => a[0] - b[0]);
  const flat: number[] = [];
  for (const [from, to] of ranges) {
    const last = flat.length - 1;
    if (last > 0 && from <= (flat[last] as number)) {
      flat[last] = Math.max(flat[last] as number, to);
    } else {
      flat.push(from, to);
    }
  }
  return flat;
}

/**
 * Resolves local days of one calendar into UTC ranges. Luxon does the local-to-UTC conversion, so DST
 * changes follow the IANA database: a local time skipped by spring-forward is read as the same clock time
 * after the change, and a repeated time during fall-back resolves to its later occurrence.
 */
export class LocalDayResolver {
  private readonly template: WeeklyInterval[][];
  private readonly fixedHolidays: ReadonlySet<string>;
  private readonly recurringHolidays: ReadonlySet<string>;

  constructor(private readonly calendar: Calendar) {
    this.template = weeklyTemplate(calendar);
    this.fixedHolidays = new Set(calendar.holidays.filter((holiday) => holiday.length === 10));
    this.recurringHolidays = new Set(calendar.holidays.filter((holiday) => holiday.length === 5));
  }

  /** The day index of the local date that `instant` falls on, found via luxon (used once per cache miss). */
  dayIndexAt(instant: number): number {
    const local = loadLuxon().DateTime.fromMillis(instant, { zone: this.calendar.timeZone });
    return Math.round(Date.UTC(local.year, local.month - 1, local.day) / MS_PER_DAY);
  }

  resolve(dayIndex: number): LocalDay {
    const start = this.localInstant(dayIndex, 0);
    const end = this.localInstant(dayIndex + 1, 0);
    if (this.isHoliday(dayIndex)) return { index: dayIndex, start, end, open: [] };
    if (this.calendar.alwaysOpen) return { index: dayIndex, start, end, open: [start, end] };

    const ranges: Array<[number, number]> = [];
    const clipInto = (from: number, to: number): void => {
      const clippedFrom = Math.max(from, start);
      const clippedTo = Math.min(to, end);
      if (clippedFrom < clippedTo) ranges.push([clippedFrom, clippedTo]);
    };
    for (const interval of this.template[weekdayOf(dayIndex)] ?? []) {
      const closingDay = interval.crossesMidnight ? dayIndex + 1 : dayIndex;
      clipInto(this.localInstant(dayIndex, interval.startMinute), this.localInstant(closingDay, interval.endMinute));
    }
    // Yesterday's overnight shifts spill into today.
    for (const interval of this.template[weekdayOf(dayIndex - 1)] ?? []) {
      if (interval.crossesMidnight) clipInto(start, this.localInstant(dayIndex, interval.endMinute));
    }
    return { index: dayIndex, start, end, open: mergeSorted(ranges) };
  }

  private isHoliday(dayIndex: number): boolean {
    if (this.fixedHolidays.size === 0 && this.recurringHolidays.size === 0) return false;
    const isoDate = new Date(dayIndex * MS_PER_DAY).toISOString().slice(0, 10);
    return this.fixedHolidays.has(isoDate) || this.recurringHolidays.has(isoDate.slice(5));
  }

  private localInstant(dayIndex: number, minuteOfDay: number): number {
    const date = new Date(dayIndex * MS_PER_DAY);
    return loadLuxon()
      .DateTime.fromObject(
        {
          year: date.getUTCFullYear(),
          month: date.getUTCMonth() + 1,
          day: date.getUTCDate(),
          hour: Math.floor(minuteOfDay / 60),
          minute: minuteOfDay % 60,
        },
        { zone: this.calendar.timeZone },
      )
      .toMillis();
  }
}
