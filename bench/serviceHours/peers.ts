import dayjs from 'dayjs';
import dayjsBusinessTime from 'dayjs-business-time';
import moment from 'moment';
import 'moment-business-time';
import type { Calendar, Weekday } from '../../shared/domain/serviceHours';

declare module 'moment' {
  interface Moment {
    addWorkingTime(amount: number, unit: 'minutes'): Moment;
  }
}

dayjs.extend(dayjsBusinessTime);

/** A business-time library a partner might pick instead of ours, behind the one call the bench makes. */
export interface BusinessTimePeer {
  readonly name: string;
  /** Makes `calendar` the library's (global) configuration. */
  use(calendar: Calendar): void;
  addBusinessMinutes(start: number, minutes: number): number;
}

/** Local 'HH:mm:ss' segments per weekday (0 = Sunday, the peers' numbering). */
type DaySegments = Array<Array<[string, string]>>;

const weekdayNumber: Record<Weekday, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

/**
 * The peers cannot express an interval across midnight; it is split into the part before midnight
 * (closing at '24:00:00', which both read as the next midnight) and the part after it on the next weekday.
 * With holidays closing by local date, that split means the same as our calendar.
 */
function daySegments(calendar: Calendar): DaySegments {
  const days: DaySegments = [[], [], [], [], [], [], []];
  const weekly = calendar.alwaysOpen
    ? (Object.keys(weekdayNumber) as Weekday[]).map((day) => ({ day, start: '00:00', end: '00:00' }))
    : calendar.weekly;
  for (const interval of weekly) {
    const day = weekdayNumber[interval.day];
    if (interval.end > interval.start) {
      days[day]?.push([`${interval.start}:00`, `${interval.end}:00`]);
    } else {
      days[day]?.push([`${interval.start}:00`, '24:00:00']);
      if (interval.end !== '00:00') days[(day + 1) % 7]?.push(['00:00:00', `${interval.end}:00`]);
    }
  }
  return days.map((segments) => segments.sort((a, b) => a[0].localeCompare(b[0])));
}

/** dayjs-business-time only knows fixed dates, so recurring 'MM-DD' holidays are listed for every bench year. */
function fixedHolidays(calendar: Calendar): string[] {
  const years = [2023, 2024, 2025, 2026, 2027, 2028, 2029];
  return calendar.holidays.flatMap((holiday) =>
    holiday.length === 5 ? years.map((year) => `${year}-${holiday}`) : [holiday],
  );
}

/** Both peers work in the process's local time zone, so the calendar's zone becomes the process's TZ. */
function useTimeZone(timeZone: string): void {
  process.env.TZ = timeZone;
}

export const dayjsPeer: BusinessTimePeer = {
  name: 'dayjs-business-time',
  use(calendar) {
    useTimeZone(calendar.timeZone);
    const segments = daySegments(calendar);
    const day = (index: number) => {
      const list = segments[index] ?? [];
      return list.length ? list.map(([start, end]) => ({ start, end })) : null;
    };
    dayjs.setBusinessTime({
      sunday: day(0),
      monday: day(1),
      tuesday: day(2),
      wednesday: day(3),
      thursday: day(4),
      friday: day(5),
      saturday: day(6),
    });
    dayjs.setHolidays(fixedHolidays(calendar));
  },
  addBusinessMinutes(start, minutes) {
    return dayjs(start).addBusinessMinutes(minutes).valueOf();
  },
};

export const momentPeer: BusinessTimePeer = {
  name: 'moment-business-time',
  use(calendar) {
    useTimeZone(calendar.timeZone);
    const workinghours = Object.fromEntries(
      daySegments(calendar).map((segments, index) => [index, segments.length ? segments.flat() : null]),
    );
    const holidays = calendar.holidays.map((holiday) => (holiday.length === 5 ? `*-${holiday}` : holiday));
    moment.updateLocale('en', { workinghours, holidays });
  },
  addBusinessMinutes(start, minutes) {
    return moment(start).addWorkingTime(minutes, 'minutes').valueOf();
  },
};

export const peers: readonly BusinessTimePeer[] = [dayjsPeer, momentPeer];
