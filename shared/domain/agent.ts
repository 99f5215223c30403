import { z } from 'zod';
import { apiKeyRoleSchema } from './apiKey';
import { supportTierSchema } from './caseFields';
import { calendarSchema } from './serviceHours/calendar';
import { built } from './builtSchema';

/**
 * An agent's id within the desk tenant: a slug such as `kim` or `kim.agent`, or the agent's Entra object id. Lowercase
 * letters, digits, `.`, `_` and `-`, 1 to 64 characters, starting with a letter or digit, so it is a safe Table key.
 */
export const agentIdPattern = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const agentIdSchema = z.lazy(() =>
  z.string().max(64).regex(agentIdPattern, 'an agent id is 1-64 lowercase letters, digits, . _ or -'),
);

/**
 * The words GET /api/cases?assignee= reads as the caller (`me`) and as nobody (`none`): no agent may be given one as its
 * id, or its cases would list as the caller's or as nobody's. (Checked where agents are created, not where they are
 * read, so an agent stored before stays readable.)
 */
export const assigneeMe = 'me';
export const assigneeNone = 'none';
export const assigneeWords = [assigneeMe, assigneeNone] as const;

/** The id of an agent being created or replaced: an agent id that is not one of the assignee words. */
export const newAgentIdSchema = z.lazy(() =>
  agentIdSchema.refine(
    (id) => !(assigneeWords as readonly string[]).includes(id),
    `an agent id may not be ${assigneeWords.join(' or ')}: GET /api/cases?assignee= reads those as words`,
  ),
);

/** What a person signed in with Microsoft Entra ID may do: the agent and admin roles of API keys (never portal). */
export const agentRoleSchema = z.lazy(() => apiKeyRoleSchema.exclude(['portal']));
export type AgentRole = z.infer<typeof agentRoleSchema>;

/** The partner's own support tiers (the `tier` steps of its escalation ladder); Microsoft is no tier of agents. */
export const partnerTierSchema = z.lazy(() => supportTierSchema.exclude(['microsoft']));
export type PartnerTier = z.infer<typeof partnerTierSchema>;

/**
 * The person's Microsoft Entra identity: the directory (tenant) id and their object id in it, as the `tid` and `oid`
 * claims of their token carry them (https://learn.microsoft.com/entra/identity-platform/id-token-claims-reference).
 * Stored lowercase: GUIDs compare case-insensitively.
 */
export const entraIdentitySchema = z.lazy(() =>
  z.strictObject({
    tenantId: z.guid().describe('The Microsoft Entra tenant (directory) id of the agent, the tid claim.'),
    objectId: z.guid().describe("The agent's object id in that tenant, the oid claim."),
  }),
);
export type EntraIdentity = z.infer<typeof entraIdentitySchema>;

/** An agent as the tenant's admin records it (PUT /api/agents/{agentId}). */
export const agentSchema = z.lazy(() =>
  z.strictObject({
    name: z.string().trim().min(1).max(200).describe('How the timeline and notifications name the agent.'),
    email: z.email().max(254).toLowerCase(),
    role: agentRoleSchema,
    entra: entraIdentitySchema,
    tiers: z
      .array(partnerTierSchema)
      .max(10)
      .default([])
      .refine((tiers) => new Set(tiers).size === tiers.length, 'a tier is listed once')
      .describe('The support tiers the agent works in, for assignment and notifications.'),
    /** When the agent works; absent: the tier's service hours of the offering apply. */
    serviceHours: calendarSchema.optional(),
    /** An inactive agent can no longer sign in; their name stays on the timeline entries they wrote. */
    active: z.boolean().default(true),
  }),
);
export type AgentFields = z.infer<typeof agentSchema>;

export const agentRecordSchema = z.lazy(() =>
  built(agentSchema).extend({
    id: agentIdSchema,
    /** The desk tenant (the partner) the agent works for. */
    tenantId: z.string().min(1).max(100),
    updatedAt: z.iso.datetime(),
  }),
);
export type Agent = z.infer<typeof agentRecordSchema>;

export const agentListSchema = z.object({ agents: z.array(agentRecordSchema) });

/** Entra GUIDs compare case-insensitively; the directory keeps them lowercase so one identity has one key. */
export function normalisedEntraIdentity(identity: EntraIdentity): EntraIdentity {
  return { tenantId: identity.tenantId.toLowerCase(), objectId: identity.objectId.toLowerCase() };
}

export function sameEntraIdentity(a: EntraIdentity, b: EntraIdentity): boolean {
  return a.tenantId.toLowerCase() === b.tenantId.toLowerCase() && a.objectId.toLowerCase() === b.objectId.toLowerCase();
}
