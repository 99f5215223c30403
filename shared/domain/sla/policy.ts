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
