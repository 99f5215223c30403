import { healthSchema, openApiDocumentSchema } from '../deskResponses';
import { defineEndpoint, named, type Endpoint } from '../endpoint';

const health = named('Health', healthSchema);

export const healthEndpoint = defineEndpoint({
  name: 'health',
  method: 'GET',
  route: 'health',
  tag: 'Desk',
  summary: 'Liveness: 200 once case storage answers, 503 otherwise',
  access: 'anyone',
  responses: {
    200: { description: 'The desk is up', body: health },
    503: { description: 'Case storage does not answer', body: health },
  },
});

export const openApiEndpoint = defineEndpoint({
  name: 'openApi',
  method: 'GET',
  route: 'openapi.json',
  tag: 'Desk',
  summary: 'This contract as an OpenAPI 3.1 document',
  access: 'anyone',
  responses: { 200: { description: 'The OpenAPI document', body: named('OpenApiDocument', openApiDocumentSchema) } },
});

export const deskEndpoints: readonly Endpoint[] = [healthEndpoint, openApiEndpoint];
