import type { ApiKeyRole, Principal } from './apiKey';
import type { Actor } from './case';
import type { CaseActor } from './lifecycle/caseStatus';

/**
 * What each role may do, one row per permission. A portal acts for the partner's customers; agents do all case work
 * of their tenant; admins run the tenant (offering, triage rules, customers, keys) and can do every agent's work too,
 * because at a small partner the admin is often also the one who answers cases.
 */
export const permissionTable = {
  'cases:create': { roles: ['portal', 'agent', 'admin'], what: 'open cases' },
  'cases:read': { roles: ['portal', 'agent', 'admin'], what: 'read cases' },
  'cases:readInternal': { roles: ['agent', 'admin'], what: 'read internal case details and timeline entries' },
  'cases:transition': { roles: ['portal', 'agent', 'admin'], what: 'change the status of cases' },
  'cases:replyAsAgent': { roles: ['agent', 'admin'], what: 'reply to customers' },
  'cases:replyAsCustomer': { roles: ['portal'], what: "add the customer's replies" },
  'cases:addNote': { roles: ['agent', 'admin'], what: 'add internal notes' },
  'cases:update': { roles: ['agent', 'admin'], what: 'change case fields' },
  'escalations:request': { roles: ['agent', 'admin'], what: 'escalate cases to Microsoft' },
  'escalations:update': { roles: ['agent', 'admin'], what: 'record Microsoft tickets and answers' },
  'escalations:read': { roles: ['agent', 'admin'], what: 'list escalations to Microsoft' },
  'offering:readPublic': { roles: ['portal', 'agent', 'admin'], what: 'read the public support offering' },
  'offering:read': { roles: ['agent', 'admin'], what: 'read the support offering with its tenant settings' },
  'offering:manage': { roles: ['admin'], what: 'change the support offering' },
  'triageRules:read': { roles: ['agent', 'admin'], what: 'read triage rules' },
  'triageRules:manage': { roles: ['admin'], what: 'change triage rules' },
  'customers:read': { roles: ['agent', 'admin'], what: 'read customers' },
  'customers:manage': { roles: ['admin'], what: 'change customers' },
  'keys:manage': { roles: ['admin'], what: 'issue, list and revoke API keys' },
  'agents:read': { roles: ['agent', 'admin'], what: 'read the agents directory' },
  'agents:manage': { roles: ['admin'], what: 'add or change agents' },
  'contacts:erase': { roles: ['admin'], what: "erase a person's personal data or read the erasure log" },
  'billing:read': { roles: ['admin'], what: 'export billable support for invoicing' },
} as const satisfies Record<string, { roles: readonly ApiKeyRole[]; what: string }>;

export type Permission = keyof typeof permissionTable;

export const permissionNames = Object.keys(permissionTable) as Permission[];

export function can(role: ApiKeyRole, permission: Permission): boolean {
  return (permissionTable[permission].roles as readonly ApiKeyRole[]).includes(role);
}

export function rolesWith(permission: Permission): ApiKeyRole[] {
  return [...permissionTable[permission].roles];
}

/** The sentence a 403 answers with, e.g. "A portal key may not reply to customers.", "An agent key may not …". */
export function refusalFor(role: ApiKeyRole, permission: Permission): string {
  const article = /^[aeiou]/.test(role) ? 'An' : 'A';
  return `${article} ${role} key may not ${permissionTable[permission].what}.`;
}

/** A portal moves a case on the customer's behalf; agents and admins move it as the partner's support staff. */
export function lifecycleActorFor(role: ApiKeyRole): CaseActor {
  return role === 'portal' ? 'customer' : 'agent';
}

/**
 * How the timeline names the caller: by role, the id and label of the key it used, and the person acting through it; a
 * signed-in agent by their agent id and name, marked `signedIn`.
 */
export function actorFor(principal: Principal): Actor {
  return {
    kind: principal.role,
    id: principal.agentId ?? principal.keyId,
    ...(principal.label !== undefined ? { name: principal.label } : {}),
    ...(principal.actedBy !== undefined ? { actedBy: principal.actedBy } : {}),
    ...(principal.agentId !== undefined ? { signedIn: true as const } : {}),
  };
}
