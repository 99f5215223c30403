import { aroundTheClock, type Calendar } from './calendar';
import { LocalDayResolver, MS_PER_DAY, MS_PER_MINUTE, type LocalDay } from './localDays';

/** A half-open span of time [from, to) in epoch milliseconds. */
export interface TimeRange {
  readonly from: number;
  readonly to: number;
}

/**
 * Service hours compiled for fast, repeated questions. All instants are epoch milliseconds.
 *
 * Semantics (Zendesk/Zammad style):
 * - opening intervals are half-open: open at the opening instant, closed at the closing instant;
 * - `addBusinessMinutes` starts counting at the next opening, so adding 0 minutes at a closed instant
 *   returns the next opening (and at an open instant, the instant itself);
 * - a deadline that lands exactly on a closing instant stays there instead of moving to the next opening.
 */
export interface ServiceHours {
  readonly calendar: Calendar;
  isOpen(at: number): boolean;
  /** The instant `minutes` business minutes (>= 0, fractions allowed) after `from`. */
  addBusinessMinutes(from: number, minutes: number): number;
  /** Business minutes in [from, to), minus those inside `paused`; 0 when `to` is not after `from`. */
  businessMinutesBetween(from: number, to: number, paused?: readonly TimeRange[]): number;
}

/** Raised when a calendar has no opening at all for years ahead (e.g. every open date is a holiday). */
export class ServiceHoursNeverOpenError extends Error {
  constructor(readonly from: number) {
    super(`service hours have no opening within ${MAX_CLOSED_DAYS} days after ${new Date(from).toISOString()}`);
    this.name = 'ServiceHoursNeverOpenError';
  }
}

const MAX_CLOSED_DAYS = 3_660;

function assertMinutes(minutes: number): void {
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError(`business minutes must be a finite number >= 0, got ${minutes}`);
  }
}

/** Merges ranges and clips them to [from, to); the result is sorted and disjoint. */
export function normaliseRanges(ranges: readonly TimeRange[], from: number, to: number): TimeRange[] {
  const clipped = ranges
    .map((range) => ({ from: Math.max(range.from, from), to: Math.min(range.to, to) }))
    .filter((range) => range.from < range.to)
    .sort((a, b) => a.from - b.from);
  const merged: TimeRange[] = [];
  for (const range of clipped) {
    const last = merged[merged.length - 1];
    if (last && range.from <= last.to) {
      merged[merged.length - 1] = { from: last.from, to: Math.max(last.to, range.to) };
    } else {
      merged.push(range);
    }
  }
  return merged;
}

/** Open every minute: plain arithmetic, no time zone involved. */
class AlwaysOpenServiceHours implements ServiceHours {
  constructor(readonly calendar: Calendar) {}

  isOpen(): boolean {
    return true;
  }

  addBusinessMinutes(from: number, minutes: number): number {
    assertMinutes(minutes);
    return from + Math.round(minutes * MS_PER_MINUTE);
  }

  businessMinutesBetween(from: number, to: number, paused: readonly TimeRange[] = []): number {
    if (to <= from) return 0;
    const pausedMs = normaliseRanges(paused, from, to).reduce((sum, range) => sum + range.to - range.from, 0);
    return (to - from - pausedMs) / MS_PER_MINUTE;
  }
}

/**
 * Weekly service hours with holidays. Each local day is resolved once (luxon) into UTC ranges and cached,
 * so after warm-up every call is arithmetic over a handful of numbers.
 */
class WeeklyServiceHours implements ServiceHours {
  private readonly resolver: LocalDayResolver;
  private readonly days = new Map<number, LocalDay>();
  private lastDay: LocalDay | undefined;

  constructor(readonly calendar: Calendar) {
    this.resolver = new LocalDayResolver(calendar);
  }

  isOpen(at: number): boolean {
    const open = this.dayContaining(at).open;
    for (let i = 0; i < open.length; i += 2) {
      if (at < (open[i] as number)) return false;
      if (at < (open[i + 1] as number)) return true;
    }
    return false;
  }

  addBusinessMinutes(from: number, minutes: number): number {
    assertMinutes(minutes);
    let remaining = Math.round(minutes * MS_PER_MINUTE);
    let day = this.dayContaining(from);
    let cursor = from;
    let closedDays = 0;
    for (;;) {
      const open = day.open;
      for (let i = 0; i < open.length; i += 2) {
        const to = open[i + 1] as number;
        if (to <= cursor) continue;
        const start = Math.max(open[i] as number, cursor);
        const available = to - start;
        if (remaining <= available) return start + remaining;
        remaining -= available;
      }
      closedDays = open.length === 0 ? closedDays + 1 : 0;
      if (closedDays > MAX_CLOSED_DAYS) throw new ServiceHoursNeverOpenError(from);
      day = this.day(day.index + 1);
      cursor = day.start;
    }
  }

  businessMinutesBetween(from: number, to: number, paused: readonly TimeRange[] = []): number {
    if (to <= from) return 0;
    let openMs = this.openMsBetween(from, to);
    for (const range of normaliseRanges(paused, from, to)) openMs -= this.openMsBetween(range.from, range.to);
    return openMs / MS_PER_MINUTE;
  }

  private openMsBetween(from: number, to: number): number {
    let total = 0;
    for (let day = this.dayContaining(from); day.start < to; day = this.day(day.index + 1)) {
      const open = day.open;
      for (let i = 0; i < open.length; i += 2) {
        const overlap = Math.min(open[i + 1] as number, to) - Math.max(open[i] as number, from);
        if (overlap > 0) total += overlap;
      }
    }
    return total;
  }

  private day(index: number): LocalDay {
    let day = this.days.get(index);
    if (!day) {
      day = this.resolver.resolve(index);
      this.days.set(index, day);
    }
    return day;
  }

  /** Guesses the local day from the last seen UTC offset, then steps to the day whose bounds hold `at`. */
  private dayContaining(at: number): LocalDay {
    const reference = this.lastDay;
    let day = reference
      ? this.day(Math.floor((at + reference.index * MS_PER_DAY - reference.start) / MS_PER_DAY))
      : this.day(this.resolver.dayIndexAt(at));
    while (at < day.start) day = this.day(day.index - 1);
    while (at >= day.end) day = this.day(day.index + 1);
    this.lastDay = day;
    return day;
  }
}

/** Compiles a (parsed) calendar once; keep the result and reuse it for every case on that calendar. */
export function compileServiceHours(calendar: Calendar): ServiceHours {
  if (calendar.alwaysOpen && calendar.holidays.length === 0) return new AlwaysOpenServiceHours(calendar);
  return new WeeklyServiceHours(calendar);
}

/** 24x7 service hours, ready to use. */
export const aroundTheClockServiceHours: ServiceHours = compileServiceHours(aroundTheClock);
