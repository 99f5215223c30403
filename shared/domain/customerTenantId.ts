import { z } from 'zod';

/**
 * A customer's Microsoft Entra tenant id: a GUID, lower-cased, so the same tenant written in upper case (as the Azure
 * portal shows it) is the same customer everywhere the desk compares it (cases, lists, portal keys, the customer
 * directory, billing). GUIDs compare case-insensitively (RFC 9562 4).
 */
export const customerTenantIdSchema = z.lazy(() => z.guid().transform((id) => id.toLowerCase()));
