import { z } from 'zod';
import { mailTemplatesSchema } from './mail/templates';

/**
 * The partner's engineer Microsoft calls back about its escalations, as the Azure support ticket API's contactDetails
 * wants them (https://learn.microsoft.com/rest/api/support/support-tickets/create); a Partner Center service request's
 * PrimaryContact takes the names, email and phone.
 */
export const microsoftSupportContactSchema = z.lazy(() =>
  z.strictObject({
    firstName: z.string().trim().min(1).max(100),
    lastName: z.string().trim().min(1).max(100),
    email: z.email().max(254),
    phone: z.string().trim().min(3).max(40).optional(),
    preferredContactMethod: z.enum(['email', 'phone']).default('email'),
    /** Windows time zone name, as Azure takes it, e.g. 'W. Europe Standard Time'. */
    timeZone: z.string().trim().min(1).max(100),
    /** ISO 3166-1 alpha-3 country code, e.g. 'DEU'. */
    country: z.string().trim().length(3),
    /** Language tag, e.g. 'en-US'; also the agent locale of Partner Center service requests. */
    language: z.string().trim().min(2).max(20),
  }),
);
export type MicrosoftSupportContact = z.infer<typeof microsoftSupportContactSchema>;

/**
 * How the tenant's escalations reach Microsoft: `record` (the default) records them and hands each request to the
 * partner's own integration (queue `escalation-integration`); `azureSupportApi+partnerCenter` lets the desk file them
 * itself (Azure support tickets on the customer's subscription, Partner Center service requests) with the desk's
 * keyless app identity, consented in the partner tenant `partnerTenantId` and the customers' tenants.
 */
export const microsoftSupportConnectionSchema = z.lazy(() =>
  z.discriminatedUnion('connection', [
    z.strictObject({ connection: z.literal('record') }),
    z.strictObject({
      connection: z.literal('azureSupportApi+partnerCenter'),
      /** The partner's own Microsoft Entra tenant (the CSP partner tenant). */
      partnerTenantId: z.guid(),
      contact: microsoftSupportContactSchema,
    }),
  ]),
);
export type MicrosoftSupportConnection = z.infer<typeof microsoftSupportConnectionSchema>;

/** A partner organisation on the desk, and the support mailboxes whose mail belongs to it. */
export const tenantProfileSchema = z.lazy(() =>
  z.strictObject({
    name: z.string().trim().min(1).max(200),
    supportAddresses: z.array(z.email().max(254).toLowerCase()).max(20).default([]),
    /**
     * Mailboxes of the partner's agents. Their mail on a case's thread is an agent reply, not a customer message, and they
     * may write into any case of the tenant.
     */
    agentAddresses: z.array(z.email().max(254).toLowerCase()).max(500).default([]),
    /** How escalations reach Microsoft; absent means `record`. */
    microsoftSupport: microsoftSupportConnectionSchema.optional(),
    /**
     * The partner's own wording of the customer notifications per language and kind; absent parts keep the desk's
     * English and German texts. See mailTemplatesSchema for the placeholders.
     */
    mailTemplates: mailTemplatesSchema.optional(),
  }),
);
export type TenantProfile = z.infer<typeof tenantProfileSchema>;
