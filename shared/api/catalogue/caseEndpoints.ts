import { z } from 'zod';
import { caseListQuerySchema } from '../../domain/caseListQuery';
import { newCaseRequestSchema } from '../../domain/newCase';
import {
  agentReplyRequestSchema,
  caseUpdateRequestSchema,
  customerReplyRequestSchema,
  noteRequestSchema,
  transitionRequestSchema,
} from '../caseRequests';
import { caseListSchema, caseViewSchema } from '../caseViews';
import { defineEndpoint, named, type Endpoint } from '../endpoint';
import { casePath } from '../pathParameters';
import { built } from '../../domain/builtSchema';

export const caseView = named('CaseView', caseViewSchema);
export const caseResponse = (description: string) => ({ description, body: caseView, headers: ['ETag'] as const });
export const caseWrite = { path: casePath, requestHeaders: ['If-Match'] as const };
/** A write a client may retry under the same Idempotency-Key: the retry changes nothing and answers the case as it is. */
const retryableCaseWrite = { path: casePath, requestHeaders: ['If-Match', 'Idempotency-Key'] as const };
const retried = caseResponse('A retry with the same Idempotency-Key and body: nothing changed, the case as it is now');
const reusedKey = 'The Idempotency-Key was used before with a different request (`code`: idempotencyKeyReused).';

export const createCaseEndpoint = defineEndpoint({
  name: 'createCase',
  method: 'POST',
  route: 'cases',
  tag: 'Cases',
  summary: 'Open a case',
  description:
    'Stores and numbers the case, queues it for triage and mails the contact an acknowledgement carrying the case number token. ' +
    'Send an Idempotency-Key to retry safely: the same key and body answer 200 with the case opened first. The key belongs to ' +
    'the API key that sent it: another key using the same value opens its own case. Should storage stay too busy to number ' +
    'the case, the answer is 503 with Retry-After and no case is opened.',
  access: 'cases:create',
  requestHeaders: ['Idempotency-Key'],
  body: named('NewCaseRequest', newCaseRequestSchema),
  responses: {
    201: { description: 'The case was opened', body: caseView, headers: ['ETag', 'Location'] },
    200: {
      description: 'A retry with the same Idempotency-Key and body: the case opened first',
      body: caseView,
      headers: ['ETag', 'Location'],
    },
  },
  forbidden: 'A portal key that serves only some customers opens cases for them only (`customer.tenantId`).',
  conflicts: 'The Idempotency-Key was used before with a different body.',
  unavailable: 'Storage stayed too busy to number the case; no case was opened.',
});

export const listCasesEndpoint = defineEndpoint({
  name: 'listCases',
  method: 'GET',
  route: 'cases',
  tag: 'Cases',
  summary: "List the tenant's cases, a page at a time",
  description:
    'Portals get the customer view of each case, agents and admins the whole case. A portal key that serves only some ' +
    'customers lists their cases only.',
  access: 'cases:read',
  query: caseListQuerySchema,
  responses: { 200: { description: 'One page of cases', body: named('CaseList', caseListSchema) } },
});

export const listSharedCasesEndpoint = defineEndpoint({
  name: 'listSharedCases',
  method: 'GET',
  route: 'shared-cases',
  tag: 'Cases',
  summary: 'Cases other tenants handed to this tenant through their escalation ladder, a page at a time',
  description:
    'A provider (for example the indirect provider of its resellers) works these cases; the originating tenant keeps read access. ' +
    'By case id (case ids begin with the time the case was opened, so oldest first). Paged as GET /api/cases: a page holds at ' +
    'most `pageSize` cases and may hold fewer while more follow (a case its origin no longer shares is left out); only ' +
    '`continuationToken: null` ends the list.',
  access: 'cases:readInternal',
  query: z.lazy(() => built(caseListQuerySchema).pick({ pageSize: true, continuationToken: true })),
  responses: { 200: { description: 'One page of the shared cases', body: named('CaseList', caseListSchema) } },
});

export const getCaseEndpoint = defineEndpoint({
  name: 'getCase',
  method: 'GET',
  route: 'cases/{id}',
  tag: 'Cases',
  summary: 'Read a case with its timeline',
  description:
    'Portals see the customer view with public timeline entries only (never notes). Agents of a tenant that another tenant ' +
    'handed the case to through its escalation ladder read it too. The ETag is the version to send as If-Match on writes.',
  access: 'cases:read',
  path: casePath,
  responses: { 200: caseResponse('The case') },
});

export const updateCaseEndpoint = defineEndpoint({
  name: 'updateCase',
  method: 'PATCH',
  route: 'cases/{id}',
  tag: 'Cases',
  summary: 'Correct severity, category, product, tier or assignee',
  description:
    'Each change is an internal timeline entry with who and why; a severity change moves the SLA targets, ' +
    'and every SLA deadline is recomputed.',
  access: 'cases:update',
  ...caseWrite,
  body: named('CaseUpdateRequest', caseUpdateRequestSchema),
  responses: { 200: caseResponse('The case after the change (unchanged when every field already had the value)') },
});

export const transitionCaseEndpoint = defineEndpoint({
  name: 'transitionCase',
  method: 'POST',
  route: 'cases/{id}/transitions',
  tag: 'Cases',
  summary: 'Move a case to another status',
  description:
    'new -> triaged -> enriched -> in_progress -> pending_customer <-> in_progress -> resolved -> closed, and back to in_progress ' +
    "from resolved or closed within the tenant's reopen window. Agents and admins move cases as support staff; a portal moves them " +
    'as the customer (answer, confirm a resolution by closing, reopen). Waiting on the customer pauses the SLA clocks, resolving ' +
    'stops them, reopening restarts them. Resolving mails the customer a resolution notice. The reason is shown to the customer.',
  access: 'cases:transition',
  ...retryableCaseWrite,
  body: named('TransitionRequest', transitionRequestSchema),
  responses: {
    200: caseResponse('The case in its new status, or as it is now for a retry with the same Idempotency-Key and body'),
  },
  conflicts: `The move is not allowed from the current status (or the reopen window has passed); \`allowed\` lists the statuses allowed now. ${reusedKey}`,
});

export const replyToCaseEndpoint = defineEndpoint({
  name: 'replyToCase',
  method: 'POST',
  route: 'cases/{id}/replies',
  tag: 'Cases',
  summary: 'Reply to the customer',
  description:
    'A public timeline entry, mailed to the contact with the case number token in the subject; it stops the ' +
    'first-response and next-response clocks. On a case whose contact was erased nothing is mailed, and an internal ' +
    '`mailFailed` entry (reason `ContactErased`) says so.',
  access: 'cases:replyAsAgent',
  ...retryableCaseWrite,
  body: named('AgentReplyRequest', agentReplyRequestSchema),
  responses: { 201: caseResponse('The case with the reply'), 200: retried },
  conflicts: `The case is closed; reopen it first. ${reusedKey}`,
});

export const addCustomerReplyEndpoint = defineEndpoint({
  name: 'addCustomerReply',
  method: 'POST',
  route: 'cases/{id}/customer-replies',
  tag: 'Cases',
  summary: "Add the customer's reply",
  description: 'A case pending on the customer goes back to in_progress and its SLA clocks resume.',
  access: 'cases:replyAsCustomer',
  ...retryableCaseWrite,
  body: named('CustomerReplyRequest', customerReplyRequestSchema),
  responses: { 201: caseResponse('The case with the reply'), 200: retried },
  conflicts: `The case is resolved or closed; reopen it first (\`allowed\` lists the statuses allowed now). ${reusedKey}`,
});

export const addCaseNoteEndpoint = defineEndpoint({
  name: 'addCaseNote',
  method: 'POST',
  route: 'cases/{id}/notes',
  tag: 'Cases',
  summary: 'Add an internal note',
  description: 'Internal: never shown to a portal and never mailed.',
  access: 'cases:addNote',
  ...retryableCaseWrite,
  body: named('NoteRequest', noteRequestSchema),
  responses: { 201: caseResponse('The case with the note'), 200: retried },
  conflicts: reusedKey,
});

export const caseEndpoints: readonly Endpoint[] = [
  createCaseEndpoint,
  listCasesEndpoint,
  listSharedCasesEndpoint,
  getCaseEndpoint,
  updateCaseEndpoint,
  transitionCaseEndpoint,
  replyToCaseEndpoint,
  addCustomerReplyEndpoint,
  addCaseNoteEndpoint,
];
