import type { z } from 'zod';

/**
 * The schema a `z.lazy()` stands for, built now if it was not yet (zod builds it once and keeps it).
 *
 * Why the desk's schemas are lazy: its modules define about 2,200 zod schema instances, and building them all when the
 * app loads was the largest part of a cold start (issue 13), although one function parses with a few of them. So a
 * module-level schema of more than a couple of parts is `z.lazy(() => ...)`, built on its first parse, and a schema
 * derived from one (`.extend`, `.pick`, `.shape`) derives inside its own `z.lazy` from `built(base)`.
 */
export const built = <T extends z.ZodType>(schema: z.ZodLazy<T>): T => schema._zod.innerType;
