import { z } from 'zod';
import type { Principal } from '../domain/apiKey';
import {
  actorSchema,
  supportCaseSchema,
  timelineEventSchema,
  type Actor,
  type SupportCase,
  type TimelineEvent,
} from '../domain/case';
import { can } from '../domain/permissions';
import type { CaseView } from '../services/caseQueries';
import { portalLocalTimes, portalLocalTimesSchema, portalSla, portalSlaSchema } from './portalTimes';
import { built } from '../domain/builtSchema';

/** What agents and admins read: the whole case and every timeline entry, internal ones included. */
export const agentCaseSchema = z.lazy(() => built(supportCaseSchema).extend({ view: z.literal('agent') }));
export const agentCaseViewSchema = z.lazy(() =>
  built(agentCaseSchema).extend({ timeline: z.array(timelineEventSchema) }),
);

/** A timeline entry as a customer's portal shows it: public entries only, the actor by kind and name. */
export const portalTimelineEntrySchema = z.lazy(() =>
  built(timelineEventSchema).extend({
    actor: built(actorSchema).pick({ kind: true, name: true }),
    visibility: z.literal('public'),
  }),
);

/**
 * What a portal reads: the customer's side of the case. Triage, entitlement, flags, escalations and assignee are the
 * partner's business; notes and other internal entries never leave the desk.
 */
export const portalCaseSchema = z.lazy(() =>
  built(supportCaseSchema)
    .pick({
      id: true,
      tenantId: true,
      caseNumber: true,
      title: true,
      description: true,
      status: true,
      source: true,
      product: true,
      category: true,
      severity: true,
      customer: true,
      contact: true,
      subscriptionId: true,
      attachments: true,
      resolvedAt: true,
      closedAt: true,
      createdAt: true,
      updatedAt: true,
    })
    .extend({ view: z.literal('portal'), sla: portalSlaSchema.optional(), localTimes: portalLocalTimesSchema }),
);
export const portalCaseViewSchema = z.lazy(() =>
  built(portalCaseSchema).extend({ timeline: z.array(portalTimelineEntrySchema) }),
);

export const caseViewSchema = z.discriminatedUnion('view', [agentCaseViewSchema, portalCaseViewSchema]);
export type CaseViewBody = z.infer<typeof caseViewSchema>;

export const caseListSchema = z.lazy(() =>
  z.object({
    items: z.array(z.discriminatedUnion('view', [agentCaseSchema, portalCaseSchema])),
    continuationToken: z.string().nullable(),
  }),
);

/** Built field by field, so a field added to the case later stays out of the portal until someone decides otherwise. */
function portalCase(supportCase: SupportCase): z.infer<typeof portalCaseSchema> {
  return {
    view: 'portal',
    id: supportCase.id,
    tenantId: supportCase.tenantId,
    caseNumber: supportCase.caseNumber,
    title: supportCase.title,
    description: supportCase.description,
    status: supportCase.status,
    source: supportCase.source,
    product: supportCase.product,
    category: supportCase.category,
    severity: supportCase.severity,
    customer: supportCase.customer,
    contact: supportCase.contact,
    subscriptionId: supportCase.subscriptionId,
    attachments: supportCase.attachments,
    sla: portalSla(supportCase),
    resolvedAt: supportCase.resolvedAt,
    closedAt: supportCase.closedAt,
    createdAt: supportCase.createdAt,
    updatedAt: supportCase.updatedAt,
    localTimes: portalLocalTimes(supportCase),
  };
}

/**
 * Who wrote a public entry, as the customer sees it: the person, where one is known: the one the caller named (Acted-By)
 * or an agent signed in with their own name. A staff key's label is the partner's internal name for the key, so staff
 * on a key without a named person show by role only.
 */
function portalActor(actor: Actor): z.infer<typeof portalTimelineEntrySchema>['actor'] {
  const keyLabel = (actor.kind === 'agent' || actor.kind === 'admin') && actor.signedIn !== true;
  const name = actor.actedBy ?? (keyLabel ? undefined : actor.name);
  return name !== undefined ? { kind: actor.kind, name } : { kind: actor.kind };
}

/** A public entry's data without the SLA engine's snapshot (warning times, clock keys): the case's `sla` shows the clocks. */
function portalData(data: TimelineEvent['data']): TimelineEvent['data'] {
  if (data === undefined) return undefined;
  const { sla: _engine, ...rest } = data;
  return Object.keys(rest).length > 0 ? rest : undefined;
}

function portalTimeline(timeline: readonly TimelineEvent[]): z.infer<typeof portalTimelineEntrySchema>[] {
  return timeline.flatMap((event) => {
    if (event.visibility !== 'public') return [];
    const { data: _data, ...entry } = event;
    const data = portalData(event.data);
    return [{ ...entry, visibility: 'public' as const, actor: portalActor(event.actor), ...(data ? { data } : {}) }];
  });
}

/** The case as the caller's role may see it. */
export function caseBodyFor(principal: Principal, view: CaseView): CaseViewBody {
  if (can(principal.role, 'cases:readInternal')) return { ...view.supportCase, view: 'agent', timeline: view.timeline };
  return { ...portalCase(view.supportCase), timeline: portalTimeline(view.timeline) };
}

export function caseListItemFor(
  principal: Principal,
  supportCase: SupportCase,
): z.infer<typeof caseListSchema>['items'][number] {
  return can(principal.role, 'cases:readInternal') ? { ...supportCase, view: 'agent' } : portalCase(supportCase);
}

/** A case answer: the role's view of the case as the body, its version as the ETag. */
export function caseAnswer(principal: Principal, view: CaseView): { body: CaseViewBody; etag: string } {
  return { body: caseBodyFor(principal, view), etag: view.etag };
}
