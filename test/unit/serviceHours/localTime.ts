import { DateTime } from 'luxon';

/** Epoch ms of a local wall-clock time such as '2024-03-29T16:30' in `zone`. */
export function localTime(isoLocal: string, zone: string): number {
  const parsed = DateTime.fromISO(isoLocal, { zone });
  if (!parsed.isValid) throw new Error(`bad local time ${isoLocal}`);
  return parsed.toMillis();
}

/** The local wall-clock time of `instant` in `zone`, as 'yyyy-MM-ddTHH:mm'. */
export function asLocal(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");
}
