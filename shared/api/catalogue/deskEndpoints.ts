import { healthSchema, openApiDocumentSchema } from '../deskResponses';
import { named, type Endpoint } from '../endpoint';

const health = named('Health', healthSchema);

export const deskEndpoints: Endpoint[] = [
  {
    name: 'health',
    method: 'GET',
    route: 'health',
    tag: 'Desk',
    summary: 'Liveness: 200 once case storage answers, 503 otherwise',
    access: 'anyone',
    responses: { 200: { description: 'The desk is up', body: health }, 503: { description: 'Case storage does not answer', body: health } },
  },
  {
    name: 'openApi',
    method: 'GET',
    route: 'openapi.json',
    tag: 'Desk',
    summary: 'This contract as an OpenAPI 3.1 document',
    access: 'anyone',
    responses: { 200: { description: 'The OpenAPI document', body: named('OpenApiDocument', openApiDocumentSchema) } },
  },
];
