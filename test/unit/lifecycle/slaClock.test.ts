import {
  slaClockEffect,
  transition,
  type CaseActor,
  type CaseStatus,
  type SlaClockEffect,
} from '../../../shared/domain/lifecycle';

const now = new Date('2025-03-05T10:00:00Z');
const resolvedAt = new Date('2025-03-04T10:00:00Z');

const cases: Array<{ actor: CaseActor; from: CaseStatus; to: CaseStatus; effect: SlaClockEffect }> = [
  { actor: 'system', from: 'new', to: 'triaged', effect: 'none' },
  { actor: 'system', from: 'triaged', to: 'enriched', effect: 'none' },
  { actor: 'agent', from: 'enriched', to: 'in_progress', effect: 'none' },
  { actor: 'agent', from: 'in_progress', to: 'pending_customer', effect: 'pause' },
  { actor: 'customer', from: 'pending_customer', to: 'in_progress', effect: 'resume' },
  { actor: 'agent', from: 'pending_customer', to: 'resolved', effect: 'stop' },
  { actor: 'agent', from: 'in_progress', to: 'resolved', effect: 'stop' },
  { actor: 'agent', from: 'resolved', to: 'closed', effect: 'none' },
  { actor: 'customer', from: 'resolved', to: 'in_progress', effect: 'restart' },
  { actor: 'agent', from: 'closed', to: 'in_progress', effect: 'restart' },
];

describe('SLA clock effects of status changes', () => {
  it.each(cases)('given $from -> $to by $actor, then the SLA clocks $effect', ({ actor, from, to, effect }) => {
    expect(slaClockEffect(from, to)).toBe(effect);
    expect(transition(from, to, { actor, now, resolvedAt, closedAt: now, reopenWindowDays: 14 })).toEqual({
      ok: true,
      slaClock: effect,
    });
  });
});
