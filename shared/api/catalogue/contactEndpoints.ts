import {
  contactErasureRequestSchema,
  contactErasureSchema,
  erasureListQuerySchema,
  erasureListSchema,
} from '../erasureRequests';
import { defineEndpoint, named, type Endpoint } from '../endpoint';

const erasure = named('ContactErasure', contactErasureSchema);

export const eraseContactEndpoint = defineEndpoint({
  name: 'eraseContact',
  method: 'POST',
  route: 'contacts/erase',
  tag: 'Tenant administration',
  summary: "Erase a person's personal data from all of the tenant's cases, timelines and intake logs",
  description:
    "Wherever the person is a case's contact or wrote on a case, their name, address and phone are replaced and the words " +
    'they wrote (case description, messages, attachments) are removed; their ignored mail and refused thread matches are ' +
    "deleted and their address is taken off the customer directory. The case itself, agents' replies and notes stay. " +
    'Each erasure is logged with who asked, when, how much changed and a hash of the address, never the address. ' +
    'An address the desk holds nothing of answers 200 with zero counts.',
  access: 'contacts:erase',
  body: named('ContactErasureRequest', contactErasureRequestSchema),
  responses: { 200: { description: 'What was erased', body: erasure } },
});

export const listErasuresEndpoint = defineEndpoint({
  name: 'listErasures',
  method: 'GET',
  route: 'contacts/erasures',
  tag: 'Tenant administration',
  summary: "The tenant's erasure log, newest first",
  access: 'contacts:erase',
  query: erasureListQuerySchema,
  responses: { 200: { description: 'The erasures', body: named('ErasureList', erasureListSchema) } },
});

export const contactEndpoints: readonly Endpoint[] = [eraseContactEndpoint, listErasuresEndpoint];
