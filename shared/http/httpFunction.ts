import type { HttpHandler, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import type { Principal } from '../domain/apiKey';
import { currentDesk, type Desk } from '../composition';
import { authenticate } from '../services/authentication';
import { problemResponse } from './problems';

export type DeskHttpHandler = (request: HttpRequest, context: InvocationContext, desk: Desk) => Promise<HttpResponseInit>;

/**
 * Headers every answer carries. Answers hold case data (customers, contacts, mail text) or problems that name cases,
 * so no browser or proxy may keep them (`no-store`) unless a handler chose its own caching for public data, and no
 * browser may sniff a JSON answer into something it renders (`nosniff`).
 */
export function withSafetyHeaders(response: HttpResponseInit): HttpResponseInit {
  const headers = new Headers(response.headers);
  if (!headers.has('cache-control')) headers.set('cache-control', 'no-store');
  headers.set('x-content-type-options', 'nosniff');
  return { ...response, headers: Object.fromEntries(headers.entries()) };
}

/** Gives a handler the wired desk, turns whatever it throws into one problem response and adds the safety headers, in one place. */
export function deskHttpHandler(handler: DeskHttpHandler): HttpHandler {
  return async (request, context) => {
    let response: HttpResponseInit;
    try {
      response = await handler(request, context, currentDesk());
    } catch (error) {
      response = problemResponse(error, context, new URL(request.url).pathname);
    }
    return withSafetyHeaders(response);
  };
}

export function principalOf(request: HttpRequest, desk: Desk): Promise<Principal> {
  return authenticate(desk.apiKeys, request.headers.get('x-api-key'));
}
