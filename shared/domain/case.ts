import { z } from 'zod';
import { categorySchema, productSchema, severitySchema, supportTierSchema } from './caseFields';
import { caseStatusSchema } from './lifecycle/caseStatus';

/** Who did something to a case: the timeline names them, and roles decide what they may do. */
export const actorSchema = z.object({
  kind: z.enum(['portal', 'agent', 'admin', 'customer', 'system']),
  id: z.string().optional(),
  name: z.string().optional(),
});
export type Actor = z.infer<typeof actorSchema>;

export const systemActor: Actor = { kind: 'system', id: 'pipeline' };

export const attachmentSchema = z.object({
  name: z.string().trim().min(1).max(255),
  url: z.url(),
});

export const customerRefSchema = z.object({
  /** The customer's Entra tenant GUID, as in Partner Center; unknown for mail from an unregistered domain. */
  tenantId: z.guid().optional(),
  name: z.string().trim().min(1).max(200),
});

export const contactSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  email: z.email(),
  phone: z.string().trim().min(3).max(40).optional(),
});

/** The fields a customer chose themselves; triage keeps them unless a rule overrides one with a recorded reason. */
export const customerGivenSchema = z.object({
  product: productSchema.optional(),
  category: categorySchema.optional(),
  severity: severitySchema.optional(),
});

export const supportCaseSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  caseNumber: z.string(),
  title: z.string(),
  description: z.string(),
  status: caseStatusSchema,
  source: z.enum(['portal', 'email']),
  product: productSchema,
  category: categorySchema.optional(),
  severity: severitySchema.optional(),
  tier: supportTierSchema.optional(),
  customerGiven: customerGivenSchema,
  customer: customerRefSchema,
  contact: contactSchema,
  subscriptionId: z.string().optional(),
  attachments: z.array(attachmentSchema),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type SupportCase = z.infer<typeof supportCaseSchema>;

export const timelineEventTypeSchema = z.enum([
  'created',
  'queuedForTriage',
  'triaged',
  'enriched',
  'customerMessage',
  'agentReply',
  'note',
  'statusChanged',
  'fieldChanged',
  'slaWarning',
  'slaBreached',
  'escalated',
  'escalationUpdated',
  'reopened',
  'linked',
]);
export type TimelineEventType = z.infer<typeof timelineEventTypeSchema>;

export const timelineEventSchema = z.object({
  seq: z.number().int().positive(),
  type: timelineEventTypeSchema,
  at: z.iso.datetime(),
  actor: actorSchema,
  /** Internal entries (agent notes, rule explanations) are never shown to a customer portal. */
  visibility: z.enum(['public', 'internal']),
  summary: z.string(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type TimelineEvent = z.infer<typeof timelineEventSchema>;

/** An event before the store has given it its place on the timeline. */
export type NewTimelineEvent = Omit<TimelineEvent, 'seq'>;
