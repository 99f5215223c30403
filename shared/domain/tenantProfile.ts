import { z } from 'zod';

/** A partner organisation on the desk, and the support mailboxes whose mail belongs to it. */
export const tenantProfileSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  supportAddresses: z.array(z.email().toLowerCase()).max(20).default([]),
});
export type TenantProfile = z.infer<typeof tenantProfileSchema>;
