import { z } from 'zod';
import { productSchema } from './caseFields';
import { timeZoneSchema } from './serviceHours/calendar';
import { built } from './builtSchema';

const domainSchema = z.lazy(() =>
  z
    .string()
    .trim()
    .toLowerCase()
    .max(253)
    .regex(
      /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
      'must be a DNS domain such as fabrikam.com',
    ),
);

/** A customer the partner serves, as the partner's admin records it (PUT /api/customers/{customerTenantId}). */
export const customerSchema = z.lazy(() =>
  z.strictObject({
    name: z.string().trim().min(1).max(200),
    /** Mail domains that identify the customer's people when they write to the support mailbox. */
    domains: z.array(domainSchema).max(50).default([]),
    /** Single addresses of the customer's people outside those domains (e.g. a freemail address the owner uses). */
    addresses: z.array(z.email().max(254).toLowerCase()).max(200).default([]),
    /** The support plan bought from the partner: an id of a plan in the partner's support offering. */
    supportPlanId: z.string().min(1).max(64).optional(),
    billingMode: z.enum(['included', 'perIncident', 'hourly']).default('perIncident'),
    cspSubscriptions: z
      .array(
        z.strictObject({
          service: productSchema,
          subscriptionId: z.string().min(1).max(100),
          offerName: z.string().max(200).optional(),
        }),
      )
      .max(500)
      .default([]),
    accountOwner: z.strictObject({ name: z.string().min(1).max(200), email: z.email().max(254) }).optional(),
    /**
     * The IANA time zone the customer's people read times in (e.g. Europe/Vienna); portals show a case's times in it.
     * Absent: the time zone of the service hours that apply to the case.
     */
    timeZone: timeZoneSchema.optional(),
  }),
);
export type CustomerInput = z.input<typeof customerSchema>;

export const customerRecordSchema = z.lazy(() =>
  built(customerSchema).extend({
    customerTenantId: z.guid(),
    updatedAt: z.iso.datetime(),
  }),
);
export type Customer = z.infer<typeof customerRecordSchema>;
