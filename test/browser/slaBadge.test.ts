import type { CaseSla, SlaClock } from '../../console/src/apiTypes';
import { slaBadge } from '../../console/src/sla';

/*
 * The console's SLA badge: it counts down to the earliest due time of a running clock, as the server computed it, and
 * turns amber past a warning (or in the at-risk view), red when breached, grey when every counting clock is paused.
 */

const now = Date.parse('2026-03-02T10:00:00Z');
const clock = (fields: Partial<SlaClock>): SlaClock => ({
  key: 'firstResponse',
  metric: 'firstResponse',
  state: 'running',
  ...fields,
});
const sla = (clocks: SlaClock[], nextDueAt: string | null = null): CaseSla => ({
  computedAt: '2026-03-02T09:00:00Z',
  clocks,
  nextDueAt,
});

describe('the SLA badge of a case', () => {
  it('given running clocks before their warnings, then it is on time and counts down to the earliest due time, not to the next warning', () => {
    const badge = slaBadge(
      sla(
        [
          clock({ warningAt: '2026-03-02T11:00:00Z', dueAt: '2026-03-02T12:00:00Z' }),
          clock({
            key: 'resolution',
            metric: 'resolution',
            warningAt: '2026-03-04T10:00:00Z',
            dueAt: '2026-03-05T10:00:00Z',
          }),
        ],
        '2026-03-02T11:00:00Z',
      ),
      now,
    );
    expect(badge).toEqual({ tone: 'onTime', dueAt: '2026-03-02T12:00:00Z' });
  });

  it('given a running clock past its warning, then it is amber', () => {
    const badge = slaBadge(sla([clock({ warningAt: '2026-03-02T09:59:00Z', dueAt: '2026-03-02T10:30:00Z' })]), now);
    expect(badge).toEqual({ tone: 'warning', dueAt: '2026-03-02T10:30:00Z' });
  });

  it('given the at-risk view, then it is amber even before the browser clock reaches the warning', () => {
    const badge = slaBadge(
      sla([clock({ warningAt: '2026-03-02T10:10:00Z', dueAt: '2026-03-02T10:30:00Z' })]),
      now,
      true,
    );
    expect(badge.tone).toBe('warning');
  });

  it('given a clock the server recorded as breached, or a running clock past its due time, then it is red', () => {
    expect(slaBadge(sla([clock({ state: 'breached', dueAt: '2026-03-02T09:00:00Z' })]), now).tone).toBe('breached');
    const overdue = slaBadge(sla([clock({ warningAt: '2026-03-02T09:00:00Z', dueAt: '2026-03-02T09:30:00Z' })]), now);
    expect(overdue).toEqual({ tone: 'breached', dueAt: '2026-03-02T09:30:00Z' });
  });

  it('given only paused and finished clocks, then it is grey without a countdown; given no clock at all, then it says so', () => {
    expect(slaBadge(sla([clock({ state: 'paused' }), clock({ key: 'resolution', state: 'met' })]), now)).toEqual({
      tone: 'paused',
    });
    expect(slaBadge(sla([]), now)).toEqual({ tone: 'none' });
    expect(slaBadge(undefined, now)).toEqual({ tone: 'none' });
  });
});
