import { z } from 'zod';
import { customerTenantIdSchema } from './customerTenantId';
import { caseFlagSchema } from './case';
import { categorySchema, productSchema, severitySchema, supportTierSchema } from './caseFields';
import { caseStatusSchema } from './lifecycle/caseStatus';
import { slaViews } from './workQueue';

/** A comma-separated list of up to ten values of one kind, e.g. `severity=A,B`. */
function listOf<Value extends string>(item: z.ZodType<Value, string>, description: string) {
  return z
    .string()
    .max(400)
    .transform((value) => value.split(',').map((part) => part.trim()))
    .pipe(z.array(item).min(1).max(10))
    .describe(description);
}

export const caseSortKeys = ['due', 'created', 'updated', 'severity'] as const;
export type CaseSortKey = (typeof caseSortKeys)[number];

/** Query parameters of GET /api/cases: filters that combine (all must hold), a sort order and paging. */
export const caseListQuerySchema = z.lazy(() =>
  z.strictObject({
    status: listOf(
      z.union([caseStatusSchema, z.literal('open')]),
      'One or several statuses, comma-separated; `open` stands for every status before resolved',
    ).optional(),
    assignee: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('An agent id; `me` for the signed-in agent (or the calling key); `none` for unassigned cases'),
    severity: listOf(severitySchema, 'One or several severities, e.g. A,B').optional(),
    product: listOf(productSchema, 'One or several products').optional(),
    category: listOf(categorySchema, 'One or several categories').optional(),
    tier: listOf(supportTierSchema, 'One or several support tiers').optional(),
    customer: customerTenantIdSchema.optional().describe("The customer's Microsoft Entra tenant id (any letter case)"),
    escalated: z
      .enum(['true', 'microsoft', 'partner'])
      .optional()
      .describe(
        'Cases escalated to Microsoft (`microsoft`), handed to a partner tenant (`partner`), or either (`true`)',
      ),
    sla: z
      .enum(slaViews)
      .optional()
      .describe('`atRisk`: past its warning, not breached; `breached`; `paused`: every counting clock paused'),
    waitingOn: z
      .enum(['customer', 'microsoft'])
      .optional()
      .describe(
        'Open cases waiting on the customer (pending_customer), or on Microsoft (an escalation awaiting its answer)',
      ),
    /** Cases carrying a flag, e.g. `stuck`: what the watchdog could not bring to `enriched`. */
    flag: caseFlagSchema.optional(),
    updatedSince: z.iso
      .datetime({ offset: true })
      .max(40)
      .optional()
      .describe('Only cases changed at or after this instant'),
    q: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('A case number (e.g. CS-000123), or words that must all occur in the title or the customer name'),
    sort: z
      .enum(caseSortKeys)
      .optional()
      .describe(
        '`due`: the next SLA deadline (the default for open cases); `created` (the default otherwise); `updated`; `severity`',
      ),
    order: z.enum(['asc', 'desc']).optional().describe('`asc` (the default) or `desc`'),
    pageSize: z.coerce.number().int().min(1).max(100).default(25),
    /** What the previous page returned; signed for this tenant and these filters, a few hundred characters. */
    continuationToken: z
      .string()
      .min(1)
      .max(2048)
      .optional()
      .describe('The continuationToken of the previous page, sent with the same filters; any other token is a 400'),
  }),
);
export type CaseListQuery = z.infer<typeof caseListQuerySchema>;
