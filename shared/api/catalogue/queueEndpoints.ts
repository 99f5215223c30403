import { z } from 'zod';
import { agentIdSchema } from '../../domain/agent';
import { caseNumberPattern } from '../../domain/caseNumber';
import { queueSummarySchema } from '../../domain/queueSummary';
import { defineEndpoint, named, type Endpoint } from '../endpoint';
import { casePath } from '../pathParameters';
import { caseResponse } from './caseEndpoints';

/** A case number as the desk gives them out (CS- and at least six digits), in any letter case. */
const caseNumberParameter = z.lazy(() =>
  z
    .string()
    .max(15)
    .regex(caseNumberPattern, 'a case number is CS- and six or more digits, e.g. CS-000123')
    .describe('The case number, e.g. CS-000123.'),
);

export const getCaseByNumberEndpoint = defineEndpoint({
  name: 'getCaseByNumber',
  method: 'GET',
  route: 'case-numbers/{caseNumber}',
  tag: 'Work queues',
  summary: 'Read a case by its number',
  description:
    "The tenant's case with that number, as GET /api/cases/{id} answers it: what an agent types when a customer quotes " +
    'the number on the phone. One lookup row, no search.',
  access: 'cases:read',
  path: z.strictObject({ caseNumber: caseNumberParameter }),
  responses: { 200: caseResponse('The case') },
});

export const queueSummaryEndpoint = defineEndpoint({
  name: 'getQueueSummary',
  method: 'GET',
  route: 'queues/summary',
  tag: 'Work queues',
  summary: 'Count the cases in each work queue',
  description:
    'For a console header: my open cases (the signed-in agent, or the calling key), unassigned, at risk, breached, ' +
    'waiting on the customer, waiting on Microsoft, and stuck in intake. Each count reads the index rows of one view, ' +
    'never the case documents; each view is also a GET /api/cases query (`views[].query`).',
  access: 'cases:readInternal',
  responses: { 200: { description: 'The counts', body: named('QueueSummary', queueSummarySchema) } },
});

/** POST /api/cases/{id}/assignment. */
export const assignmentRequestSchema = z.lazy(() =>
  z.strictObject({
    assignee: agentIdSchema.nullable().describe('An agent of the tenant (GET /api/agents), or null for nobody'),
    reason: z.string().trim().min(1).max(2000).optional().describe('Why; shown on the internal timeline entry'),
  }),
);

export const assignCaseEndpoint = defineEndpoint({
  name: 'assignCase',
  method: 'POST',
  route: 'cases/{id}/assignment',
  tag: 'Work queues',
  summary: 'Assign a case to an agent, or to nobody',
  description:
    'The assignee must be an active agent of the tenant in the agents directory. The change is an internal timeline ' +
    'entry naming who assigned whom; assigning the current assignee again changes nothing.',
  access: 'cases:update',
  path: casePath,
  requestHeaders: ['If-Match'],
  body: named('AssignmentRequest', assignmentRequestSchema),
  responses: { 200: caseResponse('The case with its assignee') },
});

export const queueEndpoints: readonly Endpoint[] = [getCaseByNumberEndpoint, queueSummaryEndpoint, assignCaseEndpoint];
