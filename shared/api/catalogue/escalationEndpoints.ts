import { z } from 'zod';
import { escalationSchema } from '../../domain/escalation/escalation';
import { ladderStepRequestSchema } from '../../services/escalationLadder';
import {
  escalationCreateRequestSchema,
  escalationListQuerySchema,
  escalationListSchema,
  escalationUpdateRequestSchema,
} from '../escalationRequests';
import { defineEndpoint, named, type Endpoint } from '../endpoint';
import { caseIdParameter, escalationIdParameter } from '../pathParameters';
import { caseResponse, caseWrite } from './caseEndpoints';

const escalation = named('Escalation', escalationSchema);

export const createEscalationEndpoint = defineEndpoint({
  name: 'createEscalation',
  method: 'POST',
  route: 'cases/{id}/escalations',
  tag: 'Escalations',
  summary: 'Escalate a case to Microsoft',
  description:
    'Records the escalation (vehicle, Microsoft severity, when Microsoft should answer) and asks the Microsoft adapter to file it. ' +
    'Without a vehicle, billing, subscription and licensing go to commercial support and technical cases to the first technical ' +
    'entitlement in the tenant settings.',
  access: 'escalations:request',
  ...caseWrite,
  body: named('EscalationRequest', escalationCreateRequestSchema),
  responses: {
    201: { description: 'The escalation; the ETag is the case version after it', body: escalation, headers: ['ETag'] },
  },
  conflicts:
    'The case cannot go to Microsoft: `code` is needsTechnicalEntitlement (a technical case and no technical entitlement), vehicleNotHeld, ' +
    'severityMissing, categoryMissing, alreadyEscalated (open escalation through that vehicle) or caseNotOpen.',
});

export const updateEscalationEndpoint = defineEndpoint({
  name: 'updateEscalation',
  method: 'PATCH',
  route: 'cases/{id}/escalations/{escalationId}',
  tag: 'Escalations',
  summary: "Record Microsoft's ticket number, an answer from Microsoft, or a new status",
  description:
    'Recording a ticket number on a requested escalation makes it open unless a status is given. An answer dated ' +
    'before the escalation was requested or after now (beyond five minutes) is a 400 on `microsoftResponse.at`.',
  access: 'escalations:update',
  ...caseWrite,
  path: z.strictObject({ id: caseIdParameter, escalationId: escalationIdParameter }),
  body: named('EscalationUpdateRequest', escalationUpdateRequestSchema),
  responses: {
    200: { description: 'The escalation; the ETag is the case version after it', body: escalation, headers: ['ETag'] },
  },
});

export const listEscalationsEndpoint = defineEndpoint({
  name: 'listEscalations',
  method: 'GET',
  route: 'escalations',
  tag: 'Escalations',
  summary: 'What waits on Microsoft, and for how long, a page at a time',
  description:
    "The escalations of the tenant's own cases, then those of cases other tenants handed to it; within each, by case id " +
    '(case ids begin with the time the case was opened, so oldest first) and, within a case, in the order they were ' +
    'requested. The order does not change as time passes, so following `continuationToken` (sent back with the same ' +
    '`status` and `overdue`; another filter is a 400) lists every matching escalation once; `overdue` and ' +
    '`waitingMinutes` say what needs attention first. A page holds at most `pageSize` escalations and may hold fewer, ' +
    'even none, while more follow: only `continuationToken: null` ends the list. ' +
    '`overdue=true` lists only what needs attention now, `overdue=false` the rest. Whether an escalation is overdue is ' +
    "decided when each page is read, at the page's `asOf`, exactly as its `overdue` field: one that becomes overdue " +
    'while a client pages is on a later page if the list has not reached it yet, and otherwise only in the next listing ' +
    'from the start (the list never goes back); one answered or finished meanwhile drops out of `overdue=true` pages ' +
    'still to come. Nothing is listed twice.',
  access: 'escalations:read',
  query: escalationListQuerySchema,
  responses: {
    200: { description: 'One page of the matching escalations', body: named('EscalationList', escalationListSchema) },
  },
});

export const addLadderStepEndpoint = defineEndpoint({
  name: 'addLadderStep',
  method: 'POST',
  route: 'cases/{id}/ladder-steps',
  tag: 'Escalations',
  summary: "Move the case up one step of its tenant's escalation ladder",
  description: 'A tier, a partner tenant that supports this one, or Microsoft, as the tenant settings order them.',
  access: 'escalations:request',
  ...caseWrite,
  body: named('LadderStepRequest', ladderStepRequestSchema),
  responses: { 200: caseResponse('The case on its new step') },
  conflicts:
    'The case is resolved or closed (`caseNotOpen`), on the top step, or Microsoft cannot take it (`code` says why).',
});

export const escalationEndpoints: readonly Endpoint[] = [
  createEscalationEndpoint,
  updateEscalationEndpoint,
  listEscalationsEndpoint,
  addLadderStepEndpoint,
];
