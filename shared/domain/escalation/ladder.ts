import { z } from 'zod';
import { supportTierSchema } from '../caseFields';

/**
 * One rung of a tenant's escalation ladder: one of its own support tiers, another tenant on the same desk that
 * supports this one (e.g. the indirect provider of a reseller), or Microsoft.
 */
export const escalationStepSchema = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('tier'), tier: supportTierSchema.exclude(['microsoft']) }),
    z.object({
      kind: z.literal('partnerTenant'),
      tenantId: z.string().min(1).max(100),
      name: z.string().min(1).max(200),
    }),
    z.object({ kind: z.literal('microsoft') }),
  ]),
);
export type EscalationStep = z.infer<typeof escalationStepSchema>;

function stepKey(step: EscalationStep): string {
  switch (step.kind) {
    case 'tier':
      return `tier:${step.tier}`;
    case 'partnerTenant':
      return `partnerTenant:${step.tenantId}`;
    case 'microsoft':
      return 'microsoft';
  }
}

/** The ordered steps a case climbs. Nobody sits above Microsoft, and no step appears twice. */
export const escalationLadderSchema = z.lazy(() =>
  z
    .array(escalationStepSchema)
    .min(1)
    .max(20)
    .refine((ladder) => ladder.every((step, index) => step.kind !== 'microsoft' || index === ladder.length - 1), {
      message: 'microsoft can only be the last step of an escalation ladder',
    })
    .refine((ladder) => new Set(ladder.map(stepKey)).size === ladder.length, {
      message: 'an escalation ladder cannot contain the same step twice',
    }),
);
export type EscalationLadder = z.infer<typeof escalationLadderSchema>;

export const defaultEscalationLadder: EscalationLadder = [
  { kind: 'tier', tier: 'tier1' },
  { kind: 'tier', tier: 'tier2' },
  { kind: 'microsoft' },
];

export type NextStep = { kind: 'step'; index: number; step: EscalationStep } | { kind: 'topOfLadder' };

/** The step above `currentStepIndex`, or `topOfLadder` when the case already sits on the last step. */
export function nextStep(ladder: EscalationLadder, currentStepIndex: number): NextStep {
  if (!Number.isInteger(currentStepIndex) || currentStepIndex < 0 || currentStepIndex >= ladder.length) {
    throw new RangeError(`step index ${currentStepIndex} is not on a ladder of ${ladder.length} steps`);
  }
  const index = currentStepIndex + 1;
  const step = ladder[index];
  return step === undefined ? { kind: 'topOfLadder' } : { kind: 'step', index, step };
}

const tierNames = { tier1: 'Tier 1', tier2: 'Tier 2' } as const;

/** How a step reads on the case timeline. */
export function describeStep(step: EscalationStep): string {
  switch (step.kind) {
    case 'tier':
      return tierNames[step.tier];
    case 'partnerTenant':
      return `${step.name} (partner tenant ${step.tenantId})`;
    case 'microsoft':
      return 'Microsoft';
  }
}

/** The timeline entry for a case moving from one step to another. */
export function describeEscalation(from: EscalationStep, to: EscalationStep): string {
  return `Escalated from ${describeStep(from)} to ${describeStep(to)}`;
}
