import { z } from 'zod';

/**
 * An id a queue message names that its handler uses as (part of) a Table Storage PartitionKey or RowKey: a tenant, a
 * case, a customer, a staff alert. 1 to 200 characters, none of which a key may hold (`/`, `\`, `#`, `?`, control
 * characters U+0000-U+001F and U+007F-U+009F). Storage answers a request with such a key with a 400 or 404, and would
 * on every redelivery, so a message that names one fails its schema and is dead-lettered at its first delivery.
 * Source: https://learn.microsoft.com/en-us/rest/api/storageservices/understanding-the-table-service-data-model#characters-disallowed-in-key-fields
 */
export const tableKeySchema = z.lazy(() =>
  z
    .string()
    .min(1)
    .max(200)
    .regex(/^[^/\\#?\p{Cc}]+$/u, 'not a Table Storage key: no /, \\, #, ? or control character'),
);
