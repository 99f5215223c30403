import { z } from 'zod';

const minutesSchema = z.lazy(() => z.number().int().positive());

/** The SLA targets of one severity, in business minutes of the service hours that apply to it. */
export const slaTargetsSchema = z.lazy(() =>
  z.object({
    firstResponseMinutes: minutesSchema,
    nextResponseMinutes: minutesSchema,
    resolutionMinutes: minutesSchema,
    /** When true the targets count every minute (24x7) instead of the case's service hours. */
    aroundTheClock: z.boolean().default(false),
  }),
);
export type SlaTargets = z.infer<typeof slaTargetsSchema>;

/** SLA targets per Microsoft severity plus the share of a target after which a warning is raised. */
export const slaPolicySchema = z.lazy(() =>
  z.object({
    targets: z.object({ A: slaTargetsSchema, B: slaTargetsSchema, C: slaTargetsSchema }),
    warningShare: z.number().gt(0).lt(1).default(0.75),
  }),
);
export type SlaPolicy = z.infer<typeof slaPolicySchema>;

/**
 * Defaults modelled on Microsoft's severity scale: A is worked around the clock; B and C run in the
 * partner's service hours (an 8-hour business day: B resolves within 5 business days, C within 10).
 */
export const defaultSlaPolicy: SlaPolicy = slaPolicySchema.parse({
  targets: {
    A: { firstResponseMinutes: 60, nextResponseMinutes: 120, resolutionMinutes: 24 * 60, aroundTheClock: true },
    B: { firstResponseMinutes: 4 * 60, nextResponseMinutes: 8 * 60, resolutionMinutes: 5 * 8 * 60 },
    C: { firstResponseMinutes: 8 * 60, nextResponseMinutes: 16 * 60, resolutionMinutes: 10 * 8 * 60 },
  },
});
