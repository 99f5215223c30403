import { z } from 'zod';
import { caseStatusSchema } from '../domain/lifecycle/caseStatus';

/** RFC 9457 problem details, as shared/http/problems.ts writes them for every failure. */
export const problemSchema = z.lazy(() =>
  z.looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    /** 400: every field that failed validation. */
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    /** 409: why the request conflicts with the case, e.g. transitionNotAllowed or needsTechnicalEntitlement. */
    code: z.string().optional(),
    /** 409 on a status change: the statuses the case may move to now. */
    allowed: z.array(caseStatusSchema).optional(),
    /** 412: the case's current version. */
    etag: z.string().optional(),
    /** 403: the permission the key's role lacks. */
    permission: z.string().optional(),
  }),
);
