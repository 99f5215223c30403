import { z } from 'zod';
import { erasureRecordSchema } from '../domain/retention';

/** POST /api/contacts/erase: the address of the person whose data the tenant erases. */
export const contactErasureRequestSchema = z.lazy(() =>
  z.strictObject({
    email: z.email().max(254),
  }),
);

/** The answer to POST /api/contacts/erase, as the erasure log keeps it. */
export const contactErasureSchema = erasureRecordSchema;

/** GET /api/contacts/erasures. */
export const erasureListQuerySchema = z.lazy(() =>
  z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
);
export const erasureListSchema = z.object({ items: z.array(erasureRecordSchema) });
