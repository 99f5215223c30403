import { createHash } from 'node:crypto';
import { z } from 'zod';

/** What a key may do: a customer-facing portal, the partner's agents, or its administrators. */
export const apiKeyRoleSchema = z.enum(['portal', 'agent', 'admin']);
export type ApiKeyRole = z.infer<typeof apiKeyRoleSchema>;

export const apiKeyRecordSchema = z.object({
  keyId: z.string(),
  tenantId: z.string(),
  role: apiKeyRoleSchema,
  label: z.string().optional(),
  createdAt: z.iso.datetime(),
});
export type ApiKeyRecord = z.infer<typeof apiKeyRecordSchema>;

/** Keys are stored only as this hash: a leaked table does not leak working keys. */
export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** The caller behind a valid key: every read and write is scoped to its tenant. */
export interface Principal {
  tenantId: string;
  role: ApiKeyRole;
  keyId: string;
}
