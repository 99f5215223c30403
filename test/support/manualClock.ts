import type { Clock } from '../../shared/ports/clock';

/** A clock that moves only when the test says so. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: string | Date = '2026-03-02T09:00:00Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(instant: string | Date): void {
    this.current = new Date(instant).getTime();
  }

  advance(milliseconds: number): void {
    this.current += milliseconds;
  }
}
