import { z } from 'zod';
import { customerTenantIdSchema } from '../domain/customerTenantId';
import { caseIdPattern, storageKeyIdPattern } from '../services/ids';

/*
 * Ids a client puts in a path. Each is checked before anything is looked up, so a `/`, `#`, `?`, control characters or
 * 300 characters never reach a Table Storage key that would refuse them: they are the client's mistake, a 400.
 */

export const caseIdParameter = z.lazy(() =>
  z
    .string()
    .regex(caseIdPattern, 'a case id is 25 lowercase letters and digits')
    .describe('The case id (not the case number).'),
);

export const escalationIdParameter = z.lazy(() =>
  z
    .string()
    .regex(/^esc-\d{1,6}$/, 'an escalation id is esc- and a number')
    .describe('The escalation id, e.g. esc-1; numbered per case.'),
);

export const apiKeyIdParameter = z.lazy(() =>
  z
    .string()
    .regex(storageKeyIdPattern, 'a key id is 1-100 characters without / \\ # ? or control characters')
    .describe('The key id (not the secret).'),
);

export const tenantIdParameter = z.lazy(() =>
  z
    .string()
    .regex(storageKeyIdPattern, 'a tenant id is 1-100 characters without / \\ # ? or control characters')
    .describe('The tenant id of the partner.'),
);

export const customerTenantIdParameter = z.lazy(() =>
  customerTenantIdSchema.describe("The customer's Microsoft Entra tenant id (GUID)."),
);

/** The path of every route that names one case. */
export const casePath = z.strictObject({ id: caseIdParameter });
