import type { HttpRequest } from '@azure/functions';
import type { Principal } from '../domain/apiKey';
import { can, refusalFor, type Permission } from '../domain/permissions';
import { DeskError } from '../errors';
import type { Desk } from '../composition';
import { principalOf } from './httpFunction';

/**
 * The caller behind the request's API key, if its role holds `permission`: no key or an unknown (or revoked) key is a
 * 401, a role without the permission a 403. It runs before anything is looked up, so a 403 says nothing about whether
 * the object asked for exists.
 */
export async function authorize(request: HttpRequest, desk: Desk, permission: Permission): Promise<Principal> {
  const principal = await principalOf(request, desk);
  if (!can(principal.role, permission)) throw new DeskError('forbidden', refusalFor(principal.role, permission), { permission });
  return principal;
}

/** The version a person's write is based on; `*` (any version) asks for no check, like no header at all. */
export function ifMatchOf(request: HttpRequest): string | undefined {
  const value = request.headers.get('if-match')?.trim();
  return value && value !== '*' ? value : undefined;
}
