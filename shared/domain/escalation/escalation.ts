import { z } from 'zod';
import { categorySchema, escalationVehicleSchema, productSchema, severitySchema } from '../caseFields';
import { isSeverityOnVehicleScale, microsoftSeveritySchema } from './microsoftSeverity';
import { tableKeySchema } from '../tableKeys';

const instantSchema = z.iso.datetime({ offset: true });

/**
 * Where an escalation to Microsoft stands. Partner Center service requests report none/open/closed/attention_needed:
 * an adapter maps none to `requested`, open to `open` or `waitingOnMicrosoft`, attention_needed to `waitingOnPartner`
 * and closed to `closed`.
 */
export const escalationStatusSchema = z.enum([
  'requested',
  'open',
  'waitingOnMicrosoft',
  'waitingOnPartner',
  'resolved',
  'closed',
]);
export type EscalationStatus = z.infer<typeof escalationStatusSchema>;

export const microsoftResponseSchema = z.lazy(() =>
  z.object({
    at: instantSchema,
    summary: z.string().min(1),
  }),
);
export type MicrosoftResponse = z.infer<typeof microsoftResponseSchema>;

const severityMatchesVehicle = {
  message:
    'microsoftSeverity must be on the scale of the vehicle (critical/moderate/minimal for commercial support, A/B/C otherwise)',
  path: ['microsoftSeverity'],
};

/**
 * Where the desk filed an escalation with Microsoft: an Azure support ticket on the customer's subscription (its name
 * is chosen by the desk, see `azureSupportTicketName`), or a Partner Center service request.
 */
export const microsoftReferenceSchema = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('azureSupportTicket'),
      /** The customer's Microsoft Entra tenant the ticket was filed in. */
      customerTenantId: z.string().min(1).max(64),
      subscriptionId: z.string().min(1).max(64),
      /** The ARM name of the ticket (Microsoft.Support/supportTickets/{name}). */
      ticketName: z.string().min(1).max(200),
      /** Microsoft's ticket number, as shown to the partner. */
      supportTicketId: z.string().min(1).max(100).optional(),
    }),
    z.object({
      kind: z.literal('partnerCenterServiceRequest'),
      serviceRequestId: z.string().min(1).max(100),
    }),
  ]),
);
export type MicrosoftReference = z.infer<typeof microsoftReferenceSchema>;

/** An escalation of a case to Microsoft, as kept on the case. */
export const escalationSchema = z.lazy(() =>
  z
    .object({
      id: z.string().min(1),
      vehicle: escalationVehicleSchema,
      microsoftSeverity: microsoftSeveritySchema,
      reason: z.string().min(1),
      requestedAt: instantSchema,
      /** The agent who asked for the escalation. */
      requestedBy: z.string().min(1),
      /** Microsoft's service request or support ticket id, once Microsoft has accepted the escalation. */
      microsoftTicketId: z.string().min(1).optional(),
      status: escalationStatusSchema,
      /** When Microsoft's initial response is due under the vehicle's response target. */
      responseDueAt: instantSchema,
      microsoftResponses: z.array(microsoftResponseSchema),
      /** Where the desk itself filed the escalation with Microsoft; absent when the partner files it (connection `record`). */
      microsoftReference: microsoftReferenceSchema.optional(),
      /** Microsoft's communications already on the timeline (ids), so each is recorded once. */
      seenMicrosoftCommunicationIds: z.array(z.string().min(1).max(300)).max(1000).optional(),
    })
    .refine(
      (escalation) => isSeverityOnVehicleScale(escalation.vehicle, escalation.microsoftSeverity),
      severityMatchesVehicle,
    ),
);
export type Escalation = z.infer<typeof escalationSchema>;

/**
 * The contact Microsoft calls back, named as in the Azure support ticket API's contactDetails
 * (a Partner Center ServiceRequestContact takes FirstName, LastName, Email and PhoneNumber from it).
 */
export const escalationContactSchema = z.lazy(() =>
  z.object({
    firstName: z.string().min(1),
    lastName: z.string().min(1),
    primaryEmailAddress: z.email(),
    phoneNumber: z.string().min(1).optional(),
    preferredContactMethod: z.enum(['email', 'phone']),
    /** IANA time zone; the adapter converts it to the Windows name Azure expects. */
    preferredTimeZone: z.string().min(1).optional(),
    /** Language tag such as 'en-US' or 'de-DE'. */
    preferredSupportLanguage: z.string().min(2).optional(),
    /** ISO 3166-1 alpha-3 country code, as the Azure support ticket API wants it. */
    country: z.string().length(3).optional(),
  }),
);
export type EscalationContact = z.infer<typeof escalationContactSchema>;

/**
 * Body of the `escalation-requested` queue message: everything an adapter needs to file a Partner Center service
 * request (title, description, severity, supportTopicId, primaryContact) or an Azure support ticket
 * (title, description, severity, problemClassificationId, serviceId, contactDetails, require24X7Response).
 */
export const escalationRequestedMessageSchema = z.lazy(() =>
  z
    .object({
      /** Both key the case the escalation is read from and saved on. */
      tenantId: tableKeySchema,
      caseId: tableKeySchema,
      escalationId: z.string().min(1),
      vehicle: escalationVehicleSchema,
      caseSeverity: severitySchema,
      microsoftSeverity: microsoftSeveritySchema,
      product: productSchema,
      category: categorySchema,
      title: z.string().min(1),
      description: z.string().min(1),
      reason: z.string().min(1),
      /** Partner Center support topic, when the agent picked one. */
      supportTopicId: z.string().min(1).optional(),
      /** Azure problem classification and service resource ids, when the agent picked them. */
      problemClassificationId: z.string().min(1).optional(),
      serviceId: z.string().min(1).optional(),
      require24X7Response: z.boolean(),
      problemStartTime: instantSchema.optional(),
      customer: z.object({
        id: z.string().min(1),
        name: z.string().min(1),
        /** The customer's Microsoft Entra tenant, which Microsoft uses to find the subscription. */
        microsoftTenantId: z.uuid().optional(),
      }),
      contactDetails: escalationContactSchema,
      requestedAt: instantSchema,
      requestedBy: z.string().min(1),
      responseDueAt: instantSchema,
    })
    .refine((message) => isSeverityOnVehicleScale(message.vehicle, message.microsoftSeverity), severityMatchesVehicle),
);
export type EscalationRequestedMessage = z.infer<typeof escalationRequestedMessageSchema>;
