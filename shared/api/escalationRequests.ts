import { z } from 'zod';
import { escalationVehicleSchema } from '../domain/caseFields';
import { caseListQuerySchema } from '../domain/caseListQuery';
import {
  escalationContactSchema,
  escalationStatusSchema,
  microsoftResponseSchema,
} from '../domain/escalation/escalation';
import { escalationFilterSchema, watchedEscalationSchema } from '../domain/escalation/escalationWatch';
import { timeZoneSchema } from '../domain/serviceHours/calendar';
import { built } from '../domain/builtSchema';

const optionalId = z.lazy(() => z.string().trim().min(1).max(200).optional());

/**
 * Whom Microsoft calls back, as a client may send it: the escalation's contact with every field bounded. The stored
 * schema stays open, since a contact taken over from the case was not typed by this caller.
 */
const contactRequestSchema = z.lazy(() =>
  built(escalationContactSchema)
    .extend({
      firstName: z.string().min(1).max(100),
      lastName: z.string().min(1).max(100),
      primaryEmailAddress: z.email().max(254),
      phoneNumber: z.string().min(1).max(40).optional(),
      /** An IANA time zone, in its canonical spelling (timeZoneSchema). */
      preferredTimeZone: timeZoneSchema.optional(),
      preferredSupportLanguage: z.string().min(2).max(35).optional(),
    })
    .strict(),
);

/** POST /api/cases/{id}/escalations. */
export const escalationCreateRequestSchema = z.lazy(() =>
  z.strictObject({
    /** Defaults from triage (commercial or technical) and the partner's technical entitlements. */
    vehicle: escalationVehicleSchema.optional(),
    reason: z.string().trim().min(1).max(2000),
    /** Partner Center support topic. */
    supportTopicId: optionalId,
    /** Azure problem classification and service resource ids. */
    problemClassificationId: optionalId,
    serviceId: optionalId,
    /** Whom Microsoft calls back; defaults to the case's contact. */
    contact: contactRequestSchema.optional(),
  }),
);

const updatableFields = ['microsoftTicketId', 'status', 'microsoftResponse'] as const;

/** PATCH /api/cases/{id}/escalations/{escalationId}. */
export const escalationUpdateRequestSchema = z.lazy(() =>
  z
    .strictObject({
      microsoftTicketId: z.string().trim().min(1).max(100).optional(),
      status: escalationStatusSchema.optional(),
      /** One answer from Microsoft, appended to the escalation's responses. */
      microsoftResponse: built(microsoftResponseSchema)
        .extend({ at: z.iso.datetime({ offset: true }).max(40), summary: z.string().min(1).max(20_000) })
        .strict()
        .optional(),
    })
    .refine((body) => updatableFields.some((field) => body[field] !== undefined), {
      message: `name at least one of ${updatableFields.join(', ')}`,
    })
    // The refinement, as the OpenAPI document shows it.
    .meta({ anyOf: updatableFields.map((field) => ({ required: [field] })) }),
);

/** GET /api/escalations: the filter, and paging as GET /api/cases pages (the same page sizes and kind of token). */
export const escalationListQuerySchema = z.lazy(() =>
  z.strictObject({
    status: escalationFilterSchema
      .default('open')
      .describe(
        'open: not resolved or closed (waiting on Microsoft or on the partner); finished: resolved or closed; all: both',
      ),
    // The two words only, as GET /api/cases takes `escalated=true`: `1`, `yes` or `TRUE` is a 400 rather than a guess.
    overdue: z
      .enum(['true', 'false'])
      .transform((value) => value === 'true')
      .optional()
      .describe(
        'true: only escalations overdue now (Microsoft has not answered an open escalation by its responseDueAt, as ' +
          'the `overdue` field says); false: only those that are not (answered, finished, or not due yet); absent: both',
      ),
    ...built(caseListQuerySchema).pick({ pageSize: true, continuationToken: true }).shape,
  }),
);

export const escalationListSchema = z.lazy(() =>
  z.object({
    asOf: z.iso.datetime(),
    items: z.array(watchedEscalationSchema),
    /** Send it back, with the same status and overdue, for the next page; null on the last page. */
    continuationToken: z.string().nullable(),
  }),
);
