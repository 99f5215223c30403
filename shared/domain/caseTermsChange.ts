import { z } from 'zod';
import { actorSchema } from './case';
import { tableKeySchema } from './tableKeys';

/**
 * A change of what open cases' terms depend on, beyond the case itself, as the `case-terms` queue carries it: the
 * partner recorded a customer or changed its plan or its mail domains and addresses (PUT /api/customers/{id},
 * `customerPlan`, named for its first use), or saved a new support offering (PUT /api/offering). The queue function
 * gives each open case concerned the terms that follow, as a correction by `actor`, and a customer change also adopts
 * the open cases of no known customer whose sender the customer now names (services/openCaseTerms.ts). The offering and
 * the customer's plan and senders are read when the message is handled (so the message names neither), and of
 * two quick saves the later one applies, whichever message comes last; handling a message twice changes nothing the
 * first time did not.
 * The shape stays as it is: versions before the adoption parse it strictly and would dead-letter a message with a
 * member they do not know, so what a change covers is read from storage, never added here.
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
