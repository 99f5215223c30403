import {
  allowedTransitions,
  caseStatusSchema,
  defaultReopenWindowDays,
  transition,
  type CaseActor,
  type CaseStatus,
  type TransitionContext,
} from '../../../shared/domain/lifecycle';

const statuses: CaseStatus[] = ['new', 'triaged', 'enriched', 'in_progress', 'pending_customer', 'resolved', 'closed'];

/**
 * The expected lifecycle, written out by hand: 1 = the actor may move a case from the row status to the column
 * status (reopens assume the reopen window is still open), 0 = refused.
 */
type Row = [number, number, number, number, number, number, number];
const expectedMatrix: Record<CaseActor, Record<CaseStatus, Row>> = {
  //                     new triaged enriched in_progress pending_customer resolved closed
  system: {
    new: [0, 1, 0, 0, 0, 0, 0],
    triaged: [0, 0, 1, 0, 0, 0, 0],
    enriched: [0, 0, 0, 0, 0, 0, 0],
    in_progress: [0, 0, 0, 0, 0, 0, 0],
    pending_customer: [0, 0, 0, 0, 0, 0, 0],
    resolved: [0, 0, 0, 0, 0, 0, 0],
    closed: [0, 0, 0, 0, 0, 0, 0],
  },
  agent: {
    new: [0, 0, 0, 1, 0, 0, 0],
    triaged: [0, 0, 0, 1, 0, 0, 0],
    enriched: [0, 0, 0, 1, 0, 0, 0],
    in_progress: [0, 0, 0, 0, 1, 1, 0],
    pending_customer: [0, 0, 0, 1, 0, 1, 0],
    resolved: [0, 0, 0, 1, 0, 0, 1],
    closed: [0, 0, 0, 1, 0, 0, 0],
  },
  customer: {
    new: [0, 0, 0, 0, 0, 0, 0],
    triaged: [0, 0, 0, 0, 0, 0, 0],
    enriched: [0, 0, 0, 0, 0, 0, 0],
    in_progress: [0, 0, 0, 0, 0, 0, 0],
    pending_customer: [0, 0, 0, 1, 0, 0, 0],
    resolved: [0, 0, 0, 1, 0, 0, 1],
    closed: [0, 0, 0, 1, 0, 0, 0],
  },
};

const resolvedAt = new Date('2025-03-03T10:00:00Z');
const closedAt = new Date('2025-03-04T10:00:00Z');
const oneDayLater = new Date('2025-03-05T10:00:00Z');

function contextFor(actor: CaseActor, overrides: Partial<TransitionContext> = {}): TransitionContext {
  return { actor, now: oneDayLater, resolvedAt, closedAt, reopenWindowDays: defaultReopenWindowDays, ...overrides };
}

function expectedTargets(actor: CaseActor, from: CaseStatus): CaseStatus[] {
  return statuses.filter((_, column) => expectedMatrix[actor][from][column] === 1);
}

const cells = (Object.keys(expectedMatrix) as CaseActor[]).flatMap((actor) =>
  statuses.flatMap((from) =>
    statuses.map((to, column) => ({ actor, from, to, allowed: expectedMatrix[actor][from][column] === 1 })),
  ),
);

describe('case lifecycle', () => {
  it('knows exactly the seven statuses of the matrix', () => {
    expect(caseStatusSchema.options).toEqual(statuses);
  });

  describe.each(cells)('given a $from case and actor $actor, when moving it to $to', ({ actor, from, to, allowed }) => {
    const result = transition(from, to, contextFor(actor));

    if (allowed) {
      it('then the move is accepted', () => {
        expect(result.ok).toBe(true);
      });
    } else {
      it('then the move is refused naming the statuses that are allowed', () => {
        expect(result).toEqual({
          ok: false,
          code: 'transitionNotAllowed',
          allowed: expectedTargets(actor, from),
          reason: expect.stringContaining(`${from} to ${to}`),
        });
      });
    }
  });

  describe.each(
    (Object.keys(expectedMatrix) as CaseActor[]).flatMap((actor) => statuses.map((from) => ({ actor, from }))),
  )('given a $from case and actor $actor', ({ actor, from }) => {
    it('then allowedTransitions lists exactly the row of the matrix', () => {
      expect(allowedTransitions(from, actor)).toEqual(expectedTargets(actor, from));
    });
  });

  describe('reopen window', () => {
    const windowMs = defaultReopenWindowDays * 24 * 60 * 60 * 1000;

    it('given a case resolved 14 days minus 1 ms ago, when the customer reopens it, then it is accepted and the SLA restarts', () => {
      const now = new Date(resolvedAt.getTime() + windowMs - 1);
      expect(transition('resolved', 'in_progress', contextFor('customer', { now }))).toEqual({
        ok: true,
        slaClock: 'restart',
      });
    });

    it('given a case resolved exactly 14 days ago, when an agent reopens it, then it is refused as expired and only closing remains', () => {
      const now = new Date(resolvedAt.getTime() + windowMs);
      expect(transition('resolved', 'in_progress', contextFor('agent', { now }))).toEqual({
        ok: false,
        code: 'reopenWindowExpired',
        allowed: ['closed'],
        reason: expect.stringContaining('14 days'),
      });
    });

    it('given a closed case, when reopened, then the window runs from closedAt rather than resolvedAt', () => {
      const afterResolvedWindowBeforeClosedWindow = new Date(closedAt.getTime() + windowMs - 1);
      const lateReopen = contextFor('agent', { now: afterResolvedWindowBeforeClosedWindow });
      expect(transition('resolved', 'in_progress', lateReopen).ok).toBe(false);
      expect(transition('closed', 'in_progress', lateReopen)).toEqual({ ok: true, slaClock: 'restart' });
    });

    it('given a closed case exactly at the end of its window, when the customer reopens it, then nothing is allowed', () => {
      const now = new Date(closedAt.getTime() + windowMs);
      expect(transition('closed', 'in_progress', contextFor('customer', { now }))).toMatchObject({
        ok: false,
        code: 'reopenWindowExpired',
        allowed: [],
      });
    });

    it('given a tenant with a 3-day window, when a case resolved 4 days ago is reopened, then it is refused', () => {
      const now = new Date('2025-03-07T10:00:00Z');
      expect(transition('resolved', 'in_progress', contextFor('agent', { now, reopenWindowDays: 3 }))).toMatchObject({
        ok: false,
        code: 'reopenWindowExpired',
      });
      expect(transition('resolved', 'in_progress', contextFor('agent', { now, reopenWindowDays: 5 })).ok).toBe(true);
    });

    it('given a tenant with a 0-day window, when a case is reopened at the moment it was resolved, then it is refused', () => {
      expect(
        transition('resolved', 'in_progress', contextFor('agent', { now: resolvedAt, reopenWindowDays: 0 })).ok,
      ).toBe(false);
    });

    it('given a resolved case without resolvedAt, when reopened, then it is refused as missing the timestamp', () => {
      expect(transition('resolved', 'in_progress', contextFor('agent', { resolvedAt: undefined }))).toMatchObject({
        ok: false,
        code: 'reopenTimestampMissing',
        allowed: ['closed'],
      });
    });

    it('given an expired window, when the customer confirms the fix by closing, then closing is still accepted', () => {
      const now = new Date(resolvedAt.getTime() + 2 * windowMs);
      expect(transition('resolved', 'closed', contextFor('customer', { now }))).toEqual({ ok: true, slaClock: 'none' });
    });
  });
});
