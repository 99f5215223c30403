import { z } from 'zod';

/**
 * The named views a console opens on, each a GET /api/cases query: what every helpdesk's home shows (my open,
 * unassigned, about to breach, breached, waiting on someone, stuck). `me` stands for the caller.
 */
export const queueViews = {
  myOpen: 'status=open&assignee=me',
  unassigned: 'status=open&assignee=none',
  atRisk: 'sla=atRisk',
  breached: 'sla=breached',
  waitingOnCustomer: 'waitingOn=customer',
  waitingOnMicrosoft: 'waitingOn=microsoft',
  stuck: 'status=open&flag=stuck',
} as const;
export type QueueViewName = keyof typeof queueViews;
export const queueViewNames = Object.keys(queueViews) as QueueViewName[];

export const queueSummarySchema = z.lazy(() =>
  z.object({
    /** The agent `me` stood for. */
    me: z.string(),
    views: z.array(
      z.object({
        name: z.enum(queueViewNames as [QueueViewName, ...QueueViewName[]]),
        count: z.number().int().min(0),
        /** The GET /api/cases query string that lists the view's cases. */
        query: z.string(),
      }),
    ),
  }),
);
export type QueueSummary = z.infer<typeof queueSummarySchema>;
