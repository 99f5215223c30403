import { z } from 'zod';

/** The {customerTenantId} route parameter: the customer's Entra tenant GUID. */
export const customerTenantIdSchema = z.guid().transform((id) => id.toLowerCase());
