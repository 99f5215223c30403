import { z } from 'zod';
import { categorySchema, productSchema, severitySchema } from './caseFields';
import {
  attachmentSchema,
  contactSchema,
  customerRefSchema,
  freshCaseRecords,
  type Actor,
  type NewTimelineEvent,
  type SupportCase,
} from './case';
import { built } from './builtSchema';

/** What a partner portal sends to open a case (POST /api/cases). */
export const newCaseRequestSchema = z.lazy(() =>
  z.strictObject({
    title: z.string().trim().min(1).max(200),
    description: z.string().trim().min(1).max(100_000),
    product: productSchema,
    severity: severitySchema.optional(),
    category: categorySchema.optional(),
    customer: built(customerRefSchema).omit({ timeZone: true }).required({ tenantId: true }).strict(),
    // Bounded here rather than in the case schemas, which also read cases opened from mail.
    contact: built(contactSchema)
      .extend({ email: z.email().max(254) })
      .strict(),
    subscriptionId: z.guid().optional(),
    // Links every reader opens in a browser: web links only, never javascript:, data: or file:.
    attachments: z
      .array(
        built(attachmentSchema)
          .extend({ url: z.url({ protocol: /^https?$/ }).max(2048) })
          .strict(),
      )
      .max(20)
      .optional(),
  }),
);
export type NewCaseRequest = z.infer<typeof newCaseRequestSchema>;

export interface NewCaseFacts {
  id: string;
  tenantId: string;
  caseNumber: string;
  now: Date;
  actor: Actor;
}

/** A freshly opened portal case and the first entries of its timeline. */
export function openPortalCase(
  request: NewCaseRequest,
  facts: NewCaseFacts,
): { supportCase: SupportCase; events: NewTimelineEvent[] } {
  const at = facts.now.toISOString();
  const supportCase: SupportCase = {
    id: facts.id,
    tenantId: facts.tenantId,
    caseNumber: facts.caseNumber,
    title: request.title,
    description: request.description,
    status: 'new',
    source: 'portal',
    product: request.product,
    category: request.category,
    severity: request.severity,
    customerGiven: { product: request.product, category: request.category, severity: request.severity },
    customer: request.customer,
    contact: request.contact,
    subscriptionId: request.subscriptionId,
    attachments: request.attachments ?? [],
    ...freshCaseRecords(),
    createdAt: at,
    updatedAt: at,
  };
  const events: NewTimelineEvent[] = [
    {
      type: 'created',
      at,
      actor: facts.actor,
      visibility: 'public',
      summary: `Case ${facts.caseNumber} opened through the ${facts.actor.kind === 'portal' ? 'portal' : 'API'}`,
    },
    { type: 'queuedForTriage', at, actor: facts.actor, visibility: 'internal', summary: 'Queued for triage' },
  ];
  return { supportCase, events };
}
