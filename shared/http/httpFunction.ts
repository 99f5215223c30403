import type { HttpHandler, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import type { Principal } from '../domain/apiKey';
import { currentDesk, type Desk } from '../composition';
import { authenticate } from '../services/authentication';
import { problemResponse } from './problems';

export type DeskHttpHandler = (request: HttpRequest, context: InvocationContext, desk: Desk) => Promise<HttpResponseInit>;

/** Gives a handler the wired desk and turns whatever it throws into one problem response, in one place. */
export function deskHttpHandler(handler: DeskHttpHandler): HttpHandler {
  return async (request, context) => {
    try {
      return await handler(request, context, currentDesk());
    } catch (error) {
      return problemResponse(error, context, new URL(request.url).pathname);
    }
  };
}

export function principalOf(request: HttpRequest, desk: Desk): Promise<Principal> {
  return authenticate(desk.apiKeys, request.headers.get('x-api-key'));
}
