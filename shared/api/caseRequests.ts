import { z } from 'zod';
import { agentIdSchema } from '../domain/agent';
import { categorySchema, productSchema, severitySchema, supportTierSchema } from '../domain/caseFields';
import { caseStatusSchema } from '../domain/lifecycle/caseStatus';

const reasonSchema = z.lazy(() => z.string().trim().min(1).max(2000));
const messageTextSchema = z.lazy(() => z.string().trim().min(1).max(50_000));

/** POST /api/cases/{id}/transitions. */
export const transitionRequestSchema = z.strictObject({
  to: caseStatusSchema,
  /** Shown to the customer with the status change, e.g. what fixed the problem. */
  reason: reasonSchema.optional(),
});

/** POST /api/cases/{id}/replies: the agent's answer, mailed to the customer. */
export const agentReplyRequestSchema = z.strictObject({ text: messageTextSchema });

/** POST /api/cases/{id}/customer-replies: what the customer wrote in the portal. */
export const customerReplyRequestSchema = z.strictObject({ text: messageTextSchema });

/** POST /api/cases/{id}/notes: an internal note, never shown to the customer. */
export const noteRequestSchema = z.strictObject({ text: messageTextSchema });

const editableFields = ['severity', 'category', 'product', 'tier', 'assignee'] as const;

/** PATCH /api/cases/{id}: corrections to the case, each recorded on the timeline with who and why. */
export const caseUpdateRequestSchema = z.lazy(() =>
  z
    .strictObject({
      severity: severitySchema.optional(),
      category: categorySchema.optional(),
      product: productSchema.optional(),
      tier: supportTierSchema.optional(),
      /**
       * Who works the case: an active agent of the tenant that works it (checked against the agents directory, as
       * POST /api/cases/{id}/assignment does); null takes it off them.
       */
      assignee: agentIdSchema.nullable().optional(),
      reason: reasonSchema,
    })
    .refine((body) => editableFields.some((field) => body[field] !== undefined), {
      message: `name at least one of ${editableFields.join(', ')}`,
    })
    // The refinement, as the OpenAPI document shows it.
    .meta({ anyOf: editableFields.map((field) => ({ required: [field] })) }),
);
