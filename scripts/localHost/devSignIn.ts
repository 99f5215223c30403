import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { agentIdPattern, type Agent } from '../../shared/domain/agent';
import {
  clientPrincipalHeaders,
  encodeClientPrincipal,
  entraClaimTypes,
  entraProvider,
  isPlatformIdentityHeader,
  type ClientPrincipal,
} from '../../shared/http/clientPrincipal';
import type { AgentDirectory } from '../../shared/ports/agentDirectory';
import { storageKeyIdPattern } from '../../shared/services/ids';
import { sendProblem } from './httpGateway';

/*
 * The local host's stand-in for App Service Authentication (Easy Auth): it removes the client-principal headers a
 * client sends, and adds its own for a browser that signed in here, so the app reads a signed-in agent locally exactly
 * as in Azure. The routes are App Service's (https://learn.microsoft.com/azure/app-service/configure-authentication-customize-sign-in-out):
 *   GET /.auth/login/dev   a page listing the development tenants' agents; ?tenant=&agent= signs in as one of them
 *                          (loopback clients only), then redirects to post_login_redirect_uri (a path of this host)
 *   GET /.auth/logout      ends the session, then redirects to post_logout_redirect_uri
 *   GET /.auth/me          the signed-in user as App Service answers it: [{ provider_name, user_id, user_claims }]
 * The session is a cookie signed with a secret that lives only as long as this process.
 */

/** App Service's own session cookie name. */
export const sessionCookie = 'AppServiceAuthSession';
const sessionHours = 8;
/** The claim App Service names the user by (name_typ) for Microsoft Entra ID. */
const nameClaimType = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name';
const roleClaimType = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role';

const sessionSchema = z.object({
  tenantId: z.string(),
  objectId: z.string(),
  name: z.string(),
  email: z.string(),
  expiresAt: z.number(),
});
type Session = z.infer<typeof sessionSchema>;

const signInQuerySchema = z.object({
  tenant: z.string().regex(storageKeyIdPattern),
  agent: z.string().regex(agentIdPattern),
});

function isLoopback(request: IncomingMessage): boolean {
  const address = request.socket.remoteAddress ?? '';
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/**
 * Where to send the browser after signing in or out: a path on this host only (`/...`, never `//host` or `/\host`,
 * which browsers read as another host), so the sign-in cannot be used to redirect to another site. Anything else: `/`.
 */
export function sameOriginPath(requested: string | null, base: URL): string {
  if (!requested || !requested.startsWith('/') || requested.startsWith('//') || requested.startsWith('/\\')) return '/';
  try {
    const target = new URL(requested, base);
    return target.origin === base.origin ? `${target.pathname}${target.search}${target.hash}` : '/';
  } catch {
    return '/';
  }
}

/** The claims App Service would put in X-MS-CLIENT-PRINCIPAL for the agent's Microsoft Entra sign-in. */
function principalOf(session: Session): ClientPrincipal {
  return {
    auth_typ: entraProvider,
    name_typ: nameClaimType,
    role_typ: roleClaimType,
    claims: [
      { typ: entraClaimTypes.tenantId[0], val: session.tenantId },
      { typ: entraClaimTypes.objectId[0], val: session.objectId },
      { typ: nameClaimType, val: session.email },
      { typ: 'name', val: session.name },
      { typ: 'preferred_username', val: session.email },
    ],
  };
}

export class DevSignIn {
  private readonly secret = randomBytes(32);

  /**
   * @param agents the directory to sign in from.
   * @param listedTenants the desk tenants whose agents the sign-in page lists.
   */
  constructor(
    private readonly agents: () => AgentDirectory,
    private readonly listedTenants: readonly string[],
  ) {}

  /**
   * The headers the app sees: the client's own, without any client-principal or token header, plus the platform's for
   * a valid session cookie.
   */
  platformHeaders(headers: Record<string, string>): Record<string, string> {
    const kept = Object.fromEntries(Object.entries(headers).filter(([name]) => !isPlatformIdentityHeader(name)));
    const session = this.sessionOf(headers.cookie);
    if (!session) return kept;
    return {
      ...kept,
      [clientPrincipalHeaders.principal]: encodeClientPrincipal(principalOf(session)),
      [clientPrincipalHeaders.id]: session.objectId,
      [clientPrincipalHeaders.name]: session.email,
      [clientPrincipalHeaders.identityProvider]: entraProvider,
    };
  }

  /** Answers the /.auth routes; false for every other path. */
  async handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> {
    if (!url.pathname.startsWith('/.auth/')) return false;
    request.resume();
    const method = request.method ?? 'GET';
    if (method !== 'GET') {
      sendProblem(response, 405, 'Method not allowed', `${url.pathname} answers GET only.`, { allow: 'GET' });
      return true;
    }
    if (url.pathname === '/.auth/login/dev') await this.signIn(request, response, url);
    else if (url.pathname === '/.auth/logout') this.signOut(response, url);
    else if (url.pathname === '/.auth/me') this.me(request, response);
    else {
      sendProblem(
        response,
        404,
        'Not found',
        `The local host has no ${url.pathname}; sign in with the development sign-in at /.auth/login/dev.`,
      );
    }
    return true;
  }

  private async signIn(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    if (!isLoopback(request)) {
      sendProblem(response, 403, 'Forbidden', 'The development sign-in answers on loopback only.');
      return;
    }
    const redirect = sameOriginPath(url.searchParams.get('post_login_redirect_uri'), url);
    if (!url.searchParams.has('agent')) {
      await this.chooser(response, redirect);
      return;
    }
    const query = signInQuerySchema.safeParse(Object.fromEntries(url.searchParams));
    if (!query.success) {
      sendProblem(response, 400, 'Bad request', 'Name a desk tenant (tenant) and an agent id (agent).');
      return;
    }
    const agent = (await this.agents().get(query.data.tenant, query.data.agent))?.value;
    if (!agent) {
      sendProblem(
        response,
        404,
        'Not found',
        `Tenant ${query.data.tenant} has no agent ${query.data.agent}; add one with PUT /api/agents/{agentId}.`,
      );
      return;
    }
    const session: Session = {
      tenantId: agent.entra.tenantId,
      objectId: agent.entra.objectId,
      name: agent.name,
      email: agent.email,
      expiresAt: Date.now() + sessionHours * 3_600_000,
    };
    response.writeHead(302, {
      location: redirect,
      'set-cookie': `${sessionCookie}=${this.seal(session)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${sessionHours * 3600}`,
      'cache-control': 'no-store',
    });
    response.end();
  }

  private signOut(response: ServerResponse, url: URL): void {
    response.writeHead(302, {
      location: sameOriginPath(url.searchParams.get('post_logout_redirect_uri'), url),
      'set-cookie': `${sessionCookie}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`,
      'cache-control': 'no-store',
    });
    response.end();
  }

  private me(request: IncomingMessage, response: ServerResponse): void {
    const session = this.sessionOf(request.headers.cookie);
    if (!session) {
      sendProblem(response, 401, 'Unauthorized', 'Nobody is signed in; sign in at /.auth/login/dev.');
      return;
    }
    const principal = principalOf(session);
    const body = [{ provider_name: entraProvider, user_id: session.email, user_claims: principal.claims }];
    response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    response.end(JSON.stringify(body));
  }

  private async chooser(response: ServerResponse, redirect: string): Promise<void> {
    const listed: Agent[] = (
      await Promise.all(this.listedTenants.map((tenant) => this.agents().listAgents(tenant)))
    ).flat();
    const link = (agent: Agent): string => {
      const query = new URLSearchParams({ tenant: agent.tenantId, agent: agent.id, post_login_redirect_uri: redirect });
      const state = agent.active ? agent.role : `${agent.role}, inactive`;
      return `<li><a href="/.auth/login/dev?${escapeHtml(query.toString())}">${escapeHtml(agent.name)}</a> (${escapeHtml(state)}, tenant ${escapeHtml(agent.tenantId)})</li>`;
    };
    const page = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Development sign-in</title></head>
<body><h1>Development sign-in</h1>
<p>Sign in as an agent of the agents directory, as Microsoft Entra ID would sign them in on Azure.</p>
<ul>${listed.map(link).join('\n') || '<li>No agents yet: add one with PUT /api/agents/{agentId}.</li>'}</ul>
<form action="/.auth/login/dev" method="get">
<input type="hidden" name="post_login_redirect_uri" value="${escapeHtml(redirect)}">
<label>Tenant <input name="tenant" required></label> <label>Agent id <input name="agent" required></label>
<button type="submit">Sign in</button></form>
</body></html>
`;
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; form-action 'self'",
    });
    response.end(page);
  }

  private seal(session: Session): string {
    const payload = Buffer.from(JSON.stringify(session), 'utf8').toString('base64url');
    return `${payload}.${this.signature(payload)}`;
  }

  private signature(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }

  /** The session of a cookie this process signed and that has not expired; undefined for anything else. */
  private sessionOf(cookieHeader: string | undefined): Session | undefined {
    const value = cookieHeader
      ?.split(';')
      .map((cookie) => cookie.trim())
      .find((cookie) => cookie.startsWith(`${sessionCookie}=`))
      ?.slice(sessionCookie.length + 1);
    const [payload, signature] = value?.split('.') ?? [];
    if (!payload || !signature) return undefined;
    const expected = Buffer.from(this.signature(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      const session = sessionSchema.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
      return session.expiresAt > Date.now() ? session : undefined;
    } catch {
      return undefined;
    }
  }
}
