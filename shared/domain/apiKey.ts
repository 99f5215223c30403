import { createHash } from 'node:crypto';
import { z } from 'zod';
import { customerTenantIdSchema } from './customerTenantId';

/** What a key may do: a customer-facing portal, the partner's agents, or its administrators. */
export const apiKeyRoleSchema = z.enum(['portal', 'agent', 'admin']);
export type ApiKeyRole = z.infer<typeof apiKeyRoleSchema>;

/**
 * A portal key may serve only some of the tenant's customers (by their Microsoft Entra tenant id), e.g. the key a
 * customer's own service desk tool uses. Table Storage filters a case list on them, which allows at most ten. A new key
 * names them as GUIDs (a customer's name there would make a key that serves nobody); the record reads what keys stored
 * before that check, lower-cased as customer tenant ids are compared.
 */
export const servedCustomersSchema = z.lazy(() => z.array(customerTenantIdSchema).min(1).max(10));
const storedServedCustomersSchema = z.lazy(() =>
  z
    .array(
      z
        .string()
        .min(1)
        .max(100)
        .transform((id) => id.toLowerCase()),
    )
    .min(1)
    .max(10),
);

export const apiKeyRecordSchema = z.lazy(() =>
  z.object({
    keyId: z.string(),
    tenantId: z.string(),
    role: apiKeyRoleSchema,
    label: z.string().optional(),
    /** Absent: the key serves every customer of the tenant. */
    customerTenantIds: storedServedCustomersSchema.optional(),
    createdAt: z.iso.datetime(),
  }),
);
export type ApiKeyRecord = z.infer<typeof apiKeyRecordSchema>;

/** Keys are stored only as this hash: a leaked table does not leak working keys. */
export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** The caller behind a valid key: every read and write is scoped to its tenant, and a portal key's to its customers. */
/** Who is calling: the API key's tenant, role and id, its label, and the person the caller said acts through it. */
export interface Principal {
  tenantId: string;
  role: ApiKeyRole;
  keyId: string;
  customerTenantIds?: string[];
  /** The key's label, as its admin named it (e.g. "Contoso portal"). */
  label?: string;
  /** The person acting through the key, as the caller named them in the Acted-By header; not verified by the desk. */
  actedBy?: string;
  /**
   * The agent (shared/domain/agent.ts) a person signed in with Microsoft Entra ID is; absent for API keys. Their `keyId`
   * is then `entra:{agentId}` and their `label` the agent's name.
   */
  agentId?: string;
}

/** Whether the caller may see and act for a customer: always, unless its key serves only other customers. */
export function servesCustomer(principal: Principal, customerTenantId: string | undefined): boolean {
  if (principal.customerTenantIds === undefined) return true;
  return customerTenantId !== undefined && principal.customerTenantIds.includes(customerTenantId);
}
