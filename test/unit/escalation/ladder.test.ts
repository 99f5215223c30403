import {
  defaultEscalationLadder,
  describeEscalation,
  describeStep,
  escalationLadderSchema,
  nextStep,
  type EscalationLadder,
} from '../../../shared/domain/escalation';

const resellerLadder: EscalationLadder = [
  { kind: 'tier', tier: 'tier1' },
  { kind: 'partnerTenant', tenantId: 'contoso-distribution', name: 'Contoso Distribution' },
  { kind: 'microsoft' },
];

describe('escalation ladder', () => {
  describe('given the default ladder', () => {
    it('then it climbs tier1 -> tier2 -> Microsoft', () => {
      expect(defaultEscalationLadder).toEqual([
        { kind: 'tier', tier: 'tier1' },
        { kind: 'tier', tier: 'tier2' },
        { kind: 'microsoft' },
      ]);
      expect(nextStep(defaultEscalationLadder, 0)).toEqual({
        kind: 'step',
        index: 1,
        step: { kind: 'tier', tier: 'tier2' },
      });
      expect(nextStep(defaultEscalationLadder, 1)).toEqual({ kind: 'step', index: 2, step: { kind: 'microsoft' } });
    });

    it('when the case is already with Microsoft, then it is at the top of the ladder', () => {
      expect(nextStep(defaultEscalationLadder, 2)).toEqual({ kind: 'topOfLadder' });
    });

    it('when the step index is not on the ladder, then it is a programming error', () => {
      expect(() => nextStep(defaultEscalationLadder, 3)).toThrow(RangeError);
      expect(() => nextStep(defaultEscalationLadder, -1)).toThrow(RangeError);
      expect(() => nextStep(defaultEscalationLadder, 0.5)).toThrow(RangeError);
    });
  });

  describe('given a reseller whose indirect provider supports it on the same desk', () => {
    it('when tier 1 escalates, then the case goes to the provider tenant and then to Microsoft', () => {
      expect(nextStep(resellerLadder, 0)).toEqual({
        kind: 'step',
        index: 1,
        step: { kind: 'partnerTenant', tenantId: 'contoso-distribution', name: 'Contoso Distribution' },
      });
      expect(nextStep(resellerLadder, 1)).toEqual({ kind: 'step', index: 2, step: { kind: 'microsoft' } });
    });

    it('then the timeline names the provider tenant', () => {
      const [tier1, provider] = resellerLadder;
      expect(describeEscalation(tier1!, provider!)).toBe(
        'Escalated from Tier 1 to Contoso Distribution (partner tenant contoso-distribution)',
      );
    });
  });

  it('given a ladder that ends at a partner tenant, then its top is that tenant', () => {
    const ladder = escalationLadderSchema.parse([
      { kind: 'tier', tier: 'tier1' },
      { kind: 'partnerTenant', tenantId: 'provider', name: 'Provider' },
    ]);
    expect(nextStep(ladder, 1)).toEqual({ kind: 'topOfLadder' });
  });

  it('given each kind of step, then it reads naturally on the timeline', () => {
    expect(describeStep({ kind: 'tier', tier: 'tier2' })).toBe('Tier 2');
    expect(describeStep({ kind: 'microsoft' })).toBe('Microsoft');
    expect(describeEscalation({ kind: 'tier', tier: 'tier2' }, { kind: 'microsoft' })).toBe(
      'Escalated from Tier 2 to Microsoft',
    );
  });

  describe('validating a tenant ladder', () => {
    it('rejects an empty ladder, a step above Microsoft, a repeated step and a tier named microsoft', () => {
      expect(escalationLadderSchema.safeParse([]).success).toBe(false);
      expect(escalationLadderSchema.safeParse([{ kind: 'microsoft' }, { kind: 'tier', tier: 'tier1' }]).success).toBe(
        false,
      );
      expect(
        escalationLadderSchema.safeParse([
          { kind: 'tier', tier: 'tier1' },
          { kind: 'tier', tier: 'tier1' },
        ]).success,
      ).toBe(false);
      expect(escalationLadderSchema.safeParse([{ kind: 'tier', tier: 'microsoft' }]).success).toBe(false);
    });

    it('accepts the default ladder and the reseller ladder', () => {
      expect(escalationLadderSchema.parse(defaultEscalationLadder)).toEqual(defaultEscalationLadder);
      expect(escalationLadderSchema.parse(resellerLadder)).toEqual(resellerLadder);
    });
  });
});
