import { app } from '@azure/functions';
import { queueSummaryEndpoint } from '../shared/api/catalogue/queueEndpoints';
import { summarizeQueues } from '../shared/services/caseQueries';
import { endpointHandler, httpTrigger } from '../shared/http/endpointFunction';

/** GET /api/queues/summary: the count of each work-queue view for the caller, for a console header. */
export const getQueueSummary = endpointHandler(queueSummaryEndpoint, async ({ principal }, desk) => ({
  status: 200,
  body: await summarizeQueues(desk, principal),
}));

app.http(queueSummaryEndpoint.name, { ...httpTrigger(queueSummaryEndpoint), handler: getQueueSummary });
