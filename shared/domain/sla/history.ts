import { z } from 'zod';
import { severitySchema } from '../caseFields';

/** Instants inside the domain are epoch ms; ISO 8601 with an offset is accepted at the edge and converted. */
export const instantSchema = z.lazy(() =>
  z.union([z.number().int(), z.iso.datetime({ offset: true }).transform((iso) => Date.parse(iso))]),
);

const plainEventTypes = z.enum(['customerMessage', 'agentReply', 'paused', 'resumed', 'resolved', 'reopened']);

/**
 * One SLA-relevant entry of a case's history. `paused`/`resumed` bracket time pending on the customer;
 * `opened` and `severityChanged` carry the (new) severity.
 */
export const slaHistoryEventSchema = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('opened'), at: instantSchema, severity: severitySchema }),
    z.object({ type: z.literal('severityChanged'), at: instantSchema, severity: severitySchema }),
    z.object({ type: plainEventTypes, at: instantSchema }),
  ]),
);
export type SlaHistoryEvent = z.output<typeof slaHistoryEventSchema>;
export type SlaHistoryEventInput = z.input<typeof slaHistoryEventSchema>;
export type SlaHistoryEventType = SlaHistoryEvent['type'];
