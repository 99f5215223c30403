import type { SupportCase } from '../../../shared/domain/case';
import {
  addCustomerReply,
  addNote,
  moveCase,
  replyToCustomer,
  updateCaseFields,
  type WorkContext,
  type WorkOutcome,
} from '../../../shared/domain/caseWork';
import type { CaseActor, CaseStatus } from '../../../shared/domain/lifecycle';
import { defaultSupportOffering } from '../../../shared/domain/offering';
import { monday, supportCaseFixture } from './supportCaseFixture';

const hour = 60 * 60 * 1000;
const day = 24 * hour;
const agent = { kind: 'agent' as const, id: 'key-agent' };
const at = (offsetMs: number): Date => new Date(monday.getTime() + offsetMs);
const context = (now: Date = at(hour)): WorkContext => ({ actor: agent, now, offering: defaultSupportOffering() });

function stepOf(outcome: WorkOutcome): {
  next: SupportCase;
  events: { type: string; visibility: string; summary: string; data?: Record<string, unknown> }[];
} {
  if (!outcome.ok) throw new Error(`refused: ${outcome.refusal.reason}`);
  if (!outcome.step) throw new Error('nothing changed');
  return outcome.step;
}

const move = (
  supportCase: SupportCase,
  to: CaseStatus,
  now = at(hour),
  lifecycleActor: CaseActor = 'agent',
): WorkOutcome => moveCase(supportCase, to, { ...context(now), lifecycleActor });
const clock = (supportCase: SupportCase, metric: string) =>
  supportCase.sla?.clocks.find((candidate) => candidate.metric === metric);
const slaTypes = (supportCase: SupportCase): string[] => supportCase.slaHistory.map((event) => event.type);

describe('moving a case through its lifecycle', () => {
  it('given a case in progress, when it waits on the customer, then the SLA history pauses and the clocks are paused', () => {
    const { next, events } = stepOf(move(supportCaseFixture(), 'pending_customer'));

    expect(next.status).toBe('pending_customer');
    expect(slaTypes(next)).toEqual(['opened', 'paused']);
    expect(clock(next, 'resolution')?.state).toBe('paused');
    expect(events).toEqual([
      expect.objectContaining({
        type: 'statusChanged',
        visibility: 'public',
        data: { from: 'in_progress', to: 'pending_customer' },
      }),
    ]);
  });

  it('given a case pending on the customer, when an agent takes it back, then the clocks resume', () => {
    const pending = stepOf(move(supportCaseFixture(), 'pending_customer', at(hour))).next;
    const { next } = stepOf(move(pending, 'in_progress', at(2 * hour)));

    expect(slaTypes(next)).toEqual(['opened', 'paused', 'resumed']);
    expect(clock(next, 'resolution')?.state).toBe('running');
  });

  it('given a case in progress, when resolved with a reason, then it is stamped, its clocks stop and the reason is public', () => {
    const { next, events } = stepOf(
      moveCase(supportCaseFixture(), 'resolved', {
        ...context(at(3 * hour)),
        lifecycleActor: 'agent',
        reason: 'Restarted the host',
      }),
    );

    expect(next.resolvedAt).toBe(at(3 * hour).toISOString());
    expect(slaTypes(next)).toEqual(['opened', 'resolved']);
    expect(clock(next, 'resolution')?.state).toBe('met');
    expect(events[0]).toMatchObject({
      type: 'statusChanged',
      visibility: 'public',
      data: { reason: 'Restarted the host' },
    });
    expect(events[0]?.summary).toContain('Restarted the host');
  });

  it('given a resolved case, when the customer confirms by closing, then it is closed and stamped', () => {
    const resolved = stepOf(move(supportCaseFixture(), 'resolved', at(hour))).next;
    const { next } = stepOf(move(resolved, 'closed', at(2 * hour), 'customer'));

    expect(next).toMatchObject({
      status: 'closed',
      closedAt: at(2 * hour).toISOString(),
      resolvedAt: at(hour).toISOString(),
    });
  });

  it('given a closed case inside the reopen window, when reopened, then the clocks restart, the stamps go and the timeline says reopened', () => {
    const resolved = stepOf(move(supportCaseFixture(), 'resolved', at(hour))).next;
    const closed = stepOf(move(resolved, 'closed', at(2 * hour))).next;
    const { next, events } = stepOf(move(closed, 'in_progress', at(3 * day), 'customer'));

    expect(next.status).toBe('in_progress');
    expect(next.resolvedAt).toBeUndefined();
    expect(next.closedAt).toBeUndefined();
    expect(slaTypes(next)).toEqual(['opened', 'resolved', 'reopened']);
    expect(events[0]).toMatchObject({ type: 'reopened', visibility: 'public' });
  });

  it('given a resolved case past the reopen window, when reopened, then it is refused and only closing is allowed', () => {
    const resolved = stepOf(move(supportCaseFixture(), 'resolved', at(hour))).next;
    const outcome = move(resolved, 'in_progress', at(hour + defaultSupportOffering().settings.reopenWindowDays * day));

    expect(outcome).toEqual({
      ok: false,
      refusal: expect.objectContaining({ code: 'reopenWindowExpired', allowed: ['closed'] }),
    });
  });

  it('given a new case, when an agent tries to resolve it, then it is refused naming the allowed status', () => {
    const outcome = move(supportCaseFixture({ status: 'new' }), 'resolved');
    expect(outcome).toEqual({
      ok: false,
      refusal: expect.objectContaining({ code: 'transitionNotAllowed', allowed: ['in_progress'] }),
    });
  });
});

describe('replies and notes', () => {
  it('given a case without an answer, when an agent replies, then the first response is met and the reply is public', () => {
    const { next, events } = stepOf(replyToCustomer(supportCaseFixture(), 'We are on it.', context(at(hour))));

    expect(slaTypes(next)).toEqual(['opened', 'agentReply']);
    expect(clock(next, 'firstResponse')).toMatchObject({ state: 'met', stoppedAt: at(hour).toISOString() });
    expect(events).toEqual([
      expect.objectContaining({ type: 'agentReply', visibility: 'public', data: { text: 'We are on it.' } }),
    ]);
  });

  it('given a closed case, when an agent replies, then it is refused until the case is reopened', () => {
    const outcome = replyToCustomer(
      supportCaseFixture({ status: 'closed', closedAt: monday.toISOString() }),
      'Hello?',
      context(),
    );
    expect(outcome).toEqual({
      ok: false,
      refusal: expect.objectContaining({ code: 'caseNotOpen', allowed: ['in_progress'] }),
    });
  });

  it('given a case pending on the customer, when the customer replies, then it is back in progress and the clocks resume', () => {
    const pending = stepOf(move(supportCaseFixture(), 'pending_customer', at(hour))).next;
    const { next, events } = stepOf(
      addCustomerReply(pending, 'Here are the logs.', {
        ...context(at(2 * hour)),
        actor: { kind: 'portal', id: 'key-portal' },
      }),
    );

    expect(next.status).toBe('in_progress');
    expect(slaTypes(next)).toEqual(['opened', 'paused', 'resumed', 'customerMessage']);
    expect(events.map((event) => [event.type, event.visibility])).toEqual([
      ['customerMessage', 'public'],
      ['statusChanged', 'public'],
    ]);
  });

  it('given a case in progress, when the customer replies, then only the message is added', () => {
    const { next, events } = stepOf(addCustomerReply(supportCaseFixture(), 'Any news?', context()));
    expect(next.status).toBe('in_progress');
    expect(events.map((event) => event.type)).toEqual(['customerMessage']);
  });

  it('given a resolved case, when the customer replies, then it is refused and the customer is told it can reopen or close', () => {
    const resolved = stepOf(move(supportCaseFixture(), 'resolved')).next;
    const outcome = addCustomerReply(resolved, 'Still broken', context(at(2 * hour)));
    expect(outcome).toEqual({
      ok: false,
      refusal: expect.objectContaining({ code: 'caseNotOpen', allowed: ['in_progress', 'closed'] }),
    });
  });

  it('given any case, when an agent adds a note, then it is internal and leaves the SLA history alone', () => {
    const supportCase = supportCaseFixture();
    const { next, events } = addNote(supportCase, 'Customer is a reseller of ours.', context());
    expect(next.slaHistory).toEqual(supportCase.slaHistory);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'note',
        visibility: 'internal',
        data: { text: 'Customer is a reseller of ours.' },
      }),
    ]);
  });
});

describe('correcting case fields', () => {
  it('given a severity B case, when raised to A, then the SLA history records it and the tighter targets apply', () => {
    const supportCase = stepOf(move(supportCaseFixture(), 'pending_customer')).next;
    const before = clock(supportCase, 'resolution')?.targetMinutes;
    const { next, events } = stepOf(
      updateCaseFields(supportCase, { severity: 'A' }, 'Production down', context(at(2 * hour))),
    );

    expect(next.severity).toBe('A');
    expect(next.slaHistory.at(-1)).toEqual({ type: 'severityChanged', at: at(2 * hour).getTime(), severity: 'A' });
    expect(clock(next, 'resolution')?.targetMinutes).toBeLessThan(before ?? 0);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'fieldChanged',
        visibility: 'internal',
        actor: agent,
        data: { field: 'severity', from: 'B', to: 'A', reason: 'Production down' },
      }),
    ]);
  });

  it('given several fields, when changed at once, then each change is its own entry and unchanged ones are skipped', () => {
    const supportCase = supportCaseFixture({ assignee: 'ann' });
    const { next, events } = stepOf(
      updateCaseFields(
        supportCase,
        { category: 'licensing', product: 'azure', tier: 'tier2', assignee: null },
        'Re-triaged',
        context(),
      ),
    );

    expect(next).toMatchObject({ category: 'licensing', tier: 'tier2' });
    expect(next.assignee).toBeUndefined();
    expect(next.slaHistory).toEqual(supportCase.slaHistory);
    expect(events.map((event) => event.data?.field)).toEqual(['category', 'tier', 'assignee']);
  });

  it('given fields that already have the values, when "changed", then nothing is written', () => {
    expect(updateCaseFields(supportCaseFixture(), { severity: 'B', product: 'azure' }, 'No-op', context())).toEqual({
      ok: true,
    });
  });
});
