import { z } from 'zod';
import { actorSchema } from './case';
import { tableKeySchema } from './tableKeys';

/**
 * A change of what open cases' terms depend on, beyond the case itself, as the `case-terms` queue carries it: the
 * partner recorded a customer or changed its plan (PUT /api/customers/{id}), or saved a new support offering
 * (PUT /api/offering). The queue function gives each open case concerned the terms that follow, as a correction by
 * `actor` (services/openCaseTerms.ts). The offering and the customer's plan are read when the message is handled (so the
 * message names no plan), and of
 * two quick saves the later one applies, whichever message comes last; handling a message twice changes nothing the
 * first time did not.
 */
export const caseTermsChangeSchema = z.lazy(() =>
  z.discriminatedUnion('change', [
    z.strictObject({
      change: z.literal('customerPlan'),
      changeId: z.string().min(1).max(200),
      tenantId: tableKeySchema,
      customerTenantId: tableKeySchema,
      actor: actorSchema,
    }),
    z.strictObject({
      change: z.literal('offering'),
      changeId: z.string().min(1).max(200),
      tenantId: tableKeySchema,
      actor: actorSchema,
    }),
  ]),
);
export type CaseTermsChange = z.infer<typeof caseTermsChangeSchema>;
