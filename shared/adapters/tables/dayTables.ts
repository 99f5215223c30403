/*
 * Tables kept per UTC day (sladue20261201, dupindex20261201), and the retention index's day keys: one way to name a
 * day, so every family names it alike and a range of days lists in key order.
 */
const dayMs = 24 * 60 * 60 * 1000;

/** The UTC day of an instant (ms since the epoch) as yyyyMMdd, e.g. 20261201. */
export const utcDay = (instant: number): string => new Date(instant).toISOString().slice(0, 10).replace(/-/g, '');

/** Each UTC day from `first`'s to `last`'s (ms since the epoch), both included, as utcDay names them. */
export function utcDaysBetween(first: number, last: number): string[] {
  const days: string[] = [];
  for (let day = Math.floor(first / dayMs) * dayMs; day <= last; day += dayMs) days.push(utcDay(day));
  return days;
}
