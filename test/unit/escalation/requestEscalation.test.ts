import {
  escalationRequestedMessageSchema,
  escalationSchema,
  type EscalationRequestedMessage,
} from '../../../shared/domain/escalation';
import {
  requestEscalation,
  updateEscalation,
  type EscalationOutcome,
} from '../../../shared/domain/escalation/requestEscalation';
import { defaultSupportOffering, type SupportOffering } from '../../../shared/domain/offering';
import type { SupportCase } from '../../../shared/domain/case';
import { monday, supportCaseFixture } from '../caseWork/supportCaseFixture';

const agent = { kind: 'agent' as const, id: 'key-agent' };
const withEntitlements = (
  technicalEntitlements: SupportOffering['settings']['technicalEntitlements'],
): SupportOffering => ({
  ...defaultSupportOffering(),
  settings: { ...defaultSupportOffering().settings, technicalEntitlements },
});
const facts = (offering: SupportOffering = defaultSupportOffering()) => ({
  actor: agent,
  requestedBy: 'key-agent',
  now: monday,
  offering,
});

function accepted(outcome: EscalationOutcome): Extract<EscalationOutcome, { ok: true }> {
  if (!outcome.ok) throw new Error(`refused: ${outcome.code}`);
  return outcome;
}

/** The one request an escalation saved on the case for the Microsoft adapter. */
function queuedRequest(next: SupportCase): EscalationRequestedMessage {
  const requests = next.outbox.filter((message) => message.queue === 'escalation-requested');
  const [request, ...more] = requests;
  if (!request || more.length > 0) throw new Error(`expected one queued escalation request, found ${requests.length}`);
  return escalationRequestedMessageSchema.parse(request.body);
}

describe('escalating a case to Microsoft', () => {
  it('given a billing case, when escalated without a vehicle, then it goes to commercial support on the Partner Center scale', () => {
    const supportCase = supportCaseFixture({ category: 'billing' });
    const { escalation, next, events } = accepted(
      requestEscalation(supportCase, { reason: 'Invoice mismatch' }, facts()),
    );
    const message = queuedRequest(next);

    expect(escalation).toMatchObject({
      id: 'esc-1',
      vehicle: 'commercialSupport',
      microsoftSeverity: 'moderate',
      status: 'requested',
      requestedBy: 'key-agent',
    });
    expect(escalationSchema.parse(escalation)).toEqual(escalation);
    expect(escalationRequestedMessageSchema.parse(message)).toEqual(message);
    expect(message).toMatchObject({
      caseId: 'case-1',
      escalationId: 'esc-1',
      title: 'CS-000042: Production VM does not start',
      require24X7Response: false,
    });
    expect(message.contactDetails).toMatchObject({
      firstName: 'Ann',
      lastName: 'Example',
      primaryEmailAddress: 'ann@fabrikam.example',
    });
    expect(message.customer.microsoftTenantId).toBe('7f3c9a52-1b2d-4e8f-9a6b-0c1d2e3f4a5b');
    expect(next).toMatchObject({ tier: 'microsoft', escalationLevel: 2, escalations: [escalation] });
    expect(events).toEqual([expect.objectContaining({ type: 'escalated', visibility: 'internal' })]);
  });

  it('given triage judged the case technical, when the partner holds no technical entitlement, then it is refused with that code', () => {
    const supportCase = supportCaseFixture({
      category: 'billing',
      triage: {
        decidedAt: monday.toISOString(),
        scope: 'beyondBasicSupport',
        escalationCandidate: true,
        vehicleKind: 'technical',
        matchedRuleIds: [],
      },
    });
    expect(requestEscalation(supportCase, { reason: 'VM down' }, facts())).toMatchObject({
      ok: false,
      code: 'needsTechnicalEntitlement',
    });
  });

  it('given a technical case and entitlements, when escalated, then the first entitlement is used and severity A is due in an hour around the clock', () => {
    const supportCase = supportCaseFixture({ severity: 'A' });
    const { escalation, next } = accepted(
      requestEscalation(
        supportCase,
        { reason: 'VM down' },
        facts(withEntitlements(['premierSupportForPartners', 'advancedSupportForPartners'])),
      ),
    );
    const message = queuedRequest(next);

    expect(escalation).toMatchObject({ vehicle: 'premierSupportForPartners', microsoftSeverity: 'A' });
    expect(escalation.responseDueAt).toBe(new Date(monday.getTime() + 60 * 60 * 1000).toISOString());
    expect(message.require24X7Response).toBe(true);
  });

  it('given Microsoft support hours set to 06:00-18:00 Pacific, when a severity B case goes to Premier at 09:00 UTC Monday, then its 2 business hours count from 06:00 Pacific', () => {
    const offering = withEntitlements(['premierSupportForPartners']);
    const pacific: SupportOffering = {
      ...offering,
      settings: {
        ...offering.settings,
        microsoftSupportHours: {
          timeZone: 'America/Los_Angeles',
          weekly: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({ day, start: '06:00', end: '18:00' })),
          holidays: [],
        },
      },
    };
    const { escalation } = accepted(requestEscalation(supportCaseFixture(), { reason: 'VM slow' }, facts(pacific)));

    // Monday 09:00 UTC is 01:00 in Los Angeles: Microsoft opens at 06:00 (14:00 UTC), two hours later is 16:00 UTC.
    expect(escalation.responseDueAt).toBe('2026-03-02T16:00:00.000Z');
  });

  it('given an explicit technical vehicle the partner does not hold, when escalated, then it is refused', () => {
    const outcome = requestEscalation(
      supportCaseFixture(),
      { reason: 'x', vehicle: 'signatureCloudSupport' },
      facts(withEntitlements(['premierSupportForPartners'])),
    );
    expect(outcome).toMatchObject({ ok: false, code: 'vehicleNotHeld' });
  });

  it.each<[string, Partial<SupportCase>, string]>([
    ['no severity', { severity: undefined }, 'severityMissing'],
    ['no category', { category: undefined }, 'categoryMissing'],
    ['a resolved case', { status: 'resolved' }, 'caseNotOpen'],
  ])('given %s, when escalated, then it is refused as %s', (_what, overrides, code) => {
    expect(
      requestEscalation(supportCaseFixture({ category: 'billing', ...overrides }), { reason: 'x' }, facts()),
    ).toMatchObject({ ok: false, code });
  });

  it('given an open escalation through the vehicle, when escalated again, then it is refused; once resolved it may be escalated anew', () => {
    const once = accepted(
      requestEscalation(supportCaseFixture({ category: 'billing' }), { reason: 'first' }, facts()),
    ).next;
    expect(requestEscalation(once, { reason: 'again' }, facts())).toMatchObject({
      ok: false,
      code: 'alreadyEscalated',
    });

    const resolved = {
      ...once,
      escalations: once.escalations.map((escalation) => ({ ...escalation, status: 'resolved' as const })),
    };
    expect(accepted(requestEscalation(resolved, { reason: 'again' }, facts())).escalation.id).toBe('esc-2');
  });
});

describe('recording what Microsoft did', () => {
  const escalated = accepted(
    requestEscalation(supportCaseFixture({ category: 'billing' }), { reason: 'Invoice mismatch' }, facts()),
  ).next;
  const later = new Date(monday.getTime() + 2 * 60 * 60 * 1000);

  it('given a requested escalation, when its ticket number is recorded, then it becomes open with an internal entry', () => {
    const outcome = updateEscalation(
      escalated,
      'esc-1',
      { microsoftTicketId: '2603020010000123' },
      { actor: agent, now: later },
    );

    expect(outcome).toMatchObject({ ok: true, escalation: { status: 'open', microsoftTicketId: '2603020010000123' } });
    if (!outcome.ok || !outcome.step) throw new Error('expected a change');
    expect(outcome.step.next.escalations[0]?.status).toBe('open');
    expect(outcome.step.events[0]).toMatchObject({ type: 'escalationUpdated', visibility: 'internal' });
  });

  it("given Microsoft's answer and a status, when recorded, then the answer is appended and the status taken as given", () => {
    const response = { at: later.toISOString(), summary: 'Credit note issued' };
    const outcome = updateEscalation(
      escalated,
      'esc-1',
      { microsoftResponse: response, status: 'resolved' },
      { actor: agent, now: later },
    );
    expect(outcome).toMatchObject({ ok: true, escalation: { status: 'resolved', microsoftResponses: [response] } });
  });

  it('given nothing new, when recorded, then the case is left as it is; an unknown escalation is not found', () => {
    expect(updateEscalation(escalated, 'esc-1', { status: 'requested' }, { actor: agent, now: later })).toEqual({
      ok: true,
      escalation: escalated.escalations[0],
    });
    expect(updateEscalation(escalated, 'esc-9', { status: 'open' }, { actor: agent, now: later })).toMatchObject({
      ok: false,
      code: 'escalationNotFound',
    });
  });
});
