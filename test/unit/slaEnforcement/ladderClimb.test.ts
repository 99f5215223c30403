import { systemActor } from '../../../shared/domain/case';
import { escalationRequestedMessageSchema } from '../../../shared/domain/escalation';
import { climbLadder } from '../../../shared/domain/ladderClimb';
import { slaCase } from '../../fixtures/sla/slaCase';
import { slaTestOffering } from '../../fixtures/sla/slaOffering';
import { berlin } from './berlin';

const now = new Date(berlin('2025-01-13T11:00'));
const facts = (offering = slaTestOffering()) => ({
  offering,
  now,
  actor: systemActor,
  reason: 'SLA breached: firstResponse',
});
const openedAt = berlin('2025-01-13T09:00');

describe('climbing the escalation ladder', () => {
  describe('given the default ladder tier 1 -> tier 2 -> Microsoft', () => {
    it('when a tier 1 case climbs, then it moves to tier 2 and the timeline names the step and the reason', () => {
      const climb = climbLadder(slaCase({ openedAt, severity: 'B' }, slaTestOffering()), facts());

      expect(climb.kind).toBe('stepped');
      if (climb.kind !== 'stepped') return;
      expect(climb.next).toMatchObject({ tier: 'tier2', escalationLevel: 1 });
      expect(climb.events).toEqual([
        expect.objectContaining({
          type: 'escalated',
          summary: 'Escalated from Tier 1 to Tier 2: SLA breached: firstResponse',
          visibility: 'internal',
        }),
      ]);
      expect(climb.next.outbox).toEqual([]);
    });

    it('when a commercial tier 2 case climbs, then it is escalated to Microsoft commercial support with a response due time and a request to publish', () => {
      const offering = slaTestOffering();
      const atTier2 = {
        ...slaCase({ openedAt, severity: 'B', category: 'billing' }, offering),
        escalationLevel: 1,
        tier: 'tier2' as const,
      };

      const climb = climbLadder(atTier2, facts(offering));

      expect(climb.kind).toBe('stepped');
      if (climb.kind !== 'stepped') return;
      expect(climb.next).toMatchObject({ tier: 'microsoft', escalationLevel: 2 });
      expect(climb.next.escalations).toEqual([
        expect.objectContaining({
          vehicle: 'commercialSupport',
          microsoftSeverity: 'moderate',
          status: 'requested',
          reason: 'SLA breached: firstResponse',
        }),
      ]);
      expect(Date.parse(climb.next.escalations[0]!.responseDueAt)).toBeGreaterThan(now.getTime());
      expect(climb.next.outbox).toEqual([expect.objectContaining({ queue: 'escalation-requested' })]);
      expect(escalationRequestedMessageSchema.safeParse(climb.next.outbox[0]?.body).success).toBe(true);
    });

    it('when a technical tier 2 case climbs and the partner holds no technical entitlement, then it is flagged and stays on tier 2', () => {
      const offering = slaTestOffering({ technicalEntitlements: [] });
      const atTier2 = {
        ...slaCase({ openedAt, severity: 'B', category: 'technical' }, offering),
        escalationLevel: 1,
        tier: 'tier2' as const,
      };

      const climb = climbLadder(atTier2, facts(offering));

      expect(climb.kind).toBe('needsTechnicalEntitlement');
      if (climb.kind !== 'needsTechnicalEntitlement') return;
      expect(climb.next).toMatchObject({
        tier: 'tier2',
        escalationLevel: 1,
        flags: ['needsTechnicalEntitlement'],
        escalations: [],
      });
      expect(climb.events.map((event) => event.type)).toEqual(['escalationUpdated']);
    });

    it('when the partner holds Advanced Support for Partners, then a technical case goes there', () => {
      const offering = slaTestOffering({ technicalEntitlements: ['advancedSupportForPartners'] });
      const atTier2 = { ...slaCase({ openedAt, severity: 'A', category: 'technical' }, offering), escalationLevel: 1 };

      const climb = climbLadder(atTier2, facts(offering));

      expect(
        climb.kind === 'stepped' &&
          climb.next.escalations.map((escalation) => [escalation.vehicle, escalation.microsoftSeverity]),
      ).toEqual([['advancedSupportForPartners', 'A']]);
    });

    it('when triage placed the case on tier 2, then it starts there and its first step goes to Microsoft', () => {
      const offering = slaTestOffering();
      const triagedTier2 = {
        ...slaCase({ openedAt, severity: 'B', category: 'billing' }, offering),
        tier: 'tier2' as const,
      };

      const climb = climbLadder(triagedTier2, facts(offering));

      expect(climb.kind === 'stepped' && climb.step).toEqual({ kind: 'microsoft' });
    });

    it('when the case is already with Microsoft, then it is at the top of the ladder and nothing changes', () => {
      const offering = slaTestOffering();
      const climb = climbLadder(
        { ...slaCase({ openedAt, severity: 'B' }, offering), escalationLevel: 2 },
        facts(offering),
      );
      expect(climb).toEqual({ kind: 'topOfLadder', step: { kind: 'microsoft' } });
    });
  });

  describe('given a reseller whose indirect provider on the desk is the second step', () => {
    const offering = slaTestOffering({
      escalationLadder: [
        { kind: 'tier', tier: 'tier1' },
        { kind: 'partnerTenant', tenantId: 'provider-1', name: 'Contoso Distribution' },
      ],
    });

    it('when the case climbs, then it is shared with the provider tenant and keeps its tier', () => {
      const climb = climbLadder(slaCase({ openedAt, severity: 'B' }, offering), facts(offering));

      expect(climb.kind === 'stepped' && climb.next).toMatchObject({
        sharedWithTenantIds: ['provider-1'],
        escalationLevel: 1,
        tenantId: 'partner-1',
      });
    });

    it('when the tenant later shortens its ladder below the case, then the case counts as on its top step', () => {
      const shortened = slaTestOffering({ escalationLadder: [{ kind: 'tier', tier: 'tier1' }] });
      const climb = climbLadder(
        { ...slaCase({ openedAt, severity: 'B' }, offering), escalationLevel: 1 },
        facts(shortened),
      );
      expect(climb).toEqual({ kind: 'topOfLadder', step: { kind: 'tier', tier: 'tier1' } });
    });
  });
});
