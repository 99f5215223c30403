import type { ServiceHours, TimeRange } from '../serviceHours';

/**
 * The instant at which `minutes` business minutes have elapsed since `start`, not counting business time
 * inside `pauses` (sorted, disjoint, as from normaliseRanges). Each pause moves the deadline by the business
 * time it covered.
 */
export function deadlineAfter(
  serviceHours: ServiceHours,
  start: number,
  minutes: number,
  pauses: readonly TimeRange[],
): number {
  let cursor = start;
  let remaining = minutes;
  for (const pause of pauses) {
    if (pause.to <= cursor) continue;
    if (pause.from > cursor) {
      const available = serviceHours.businessMinutesBetween(cursor, pause.from);
      if (remaining <= available) return serviceHours.addBusinessMinutes(cursor, remaining);
      remaining -= available;
    }
    cursor = pause.to;
  }
  return serviceHours.addBusinessMinutes(cursor, remaining);
}
