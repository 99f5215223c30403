import { z } from 'zod';

/** A partner organisation on the desk, and the support mailboxes whose mail belongs to it. */
export const tenantProfileSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  supportAddresses: z.array(z.email().max(254).toLowerCase()).max(20).default([]),
  /**
   * Mailboxes of the partner's agents. Their mail on a case's thread is an agent reply, not a customer message, and they
   * may write into any case of the tenant.
   */
  agentAddresses: z.array(z.email().max(254).toLowerCase()).max(500).default([]),
});
export type TenantProfile = z.infer<typeof tenantProfileSchema>;
