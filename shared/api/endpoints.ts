import { agentEndpoints } from './catalogue/agentEndpoints';
import { billingEndpoints } from './catalogue/billingEndpoints';
import { caseEndpoints } from './catalogue/caseEndpoints';
import { contactEndpoints } from './catalogue/contactEndpoints';
import { deskEndpoints } from './catalogue/deskEndpoints';
import { escalationEndpoints } from './catalogue/escalationEndpoints';
import { keyEndpoints } from './catalogue/keyEndpoints';
import { queueEndpoints } from './catalogue/queueEndpoints';
import { reportEndpoints } from './catalogue/reportEndpoints';
import { tenantEndpoints } from './catalogue/tenantEndpoints';
import type { Endpoint } from './endpoint';

/**
 * The HTTP contract in one place: every HTTP function of the app. GET /api/openapi.json is generated from this list,
 * and a test checks that it and the functions registered with app.http() agree, route for route and method for method.
 */
export const endpoints: readonly Endpoint[] = [
  ...deskEndpoints,
  ...caseEndpoints,
  ...queueEndpoints,
  ...reportEndpoints,
  ...escalationEndpoints,
  ...tenantEndpoints,
  ...agentEndpoints,
  ...contactEndpoints,
  ...keyEndpoints,
  ...billingEndpoints,
];
