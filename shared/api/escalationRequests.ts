import { z } from 'zod';
import { escalationVehicleSchema } from '../domain/caseFields';
import { escalationContactSchema, escalationStatusSchema, microsoftResponseSchema } from '../domain/escalation/escalation';
import { escalationFilterSchema, watchedEscalationSchema } from '../domain/escalation/escalationWatch';

const optionalId = z.string().trim().min(1).max(200).optional();

/** POST /api/cases/{id}/escalations. */
export const escalationCreateRequestSchema = z.strictObject({
  /** Defaults from triage (commercial or technical) and the partner's technical entitlements. */
  vehicle: escalationVehicleSchema.optional(),
  reason: z.string().trim().min(1).max(2000),
  /** Partner Center support topic. */
  supportTopicId: optionalId,
  /** Azure problem classification and service resource ids. */
  problemClassificationId: optionalId,
  serviceId: optionalId,
  /** Whom Microsoft calls back; defaults to the case's contact. */
  contact: escalationContactSchema.strict().optional(),
});

const updatableFields = ['microsoftTicketId', 'status', 'microsoftResponse'] as const;

/** PATCH /api/cases/{id}/escalations/{escalationId}. */
export const escalationUpdateRequestSchema = z
  .strictObject({
    microsoftTicketId: z.string().trim().min(1).max(100).optional(),
    status: escalationStatusSchema.optional(),
    /** One answer from Microsoft, appended to the escalation's responses. */
    microsoftResponse: microsoftResponseSchema.strict().optional(),
  })
  .refine((body) => updatableFields.some((field) => body[field] !== undefined), {
    message: `name at least one of ${updatableFields.join(', ')}`,
  });

/** GET /api/escalations. */
export const escalationListQuerySchema = z.strictObject({
  status: escalationFilterSchema
    .default('open')
    .describe('open: not resolved or closed (waiting on Microsoft or on the partner); finished: resolved or closed; all: both'),
});

export const escalationListSchema = z.object({
  asOf: z.iso.datetime(),
  items: z.array(watchedEscalationSchema),
});
