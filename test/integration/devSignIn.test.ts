import { randomUUID } from 'node:crypto';
import { devAgents, seedDevelopmentDirectory } from '../../scripts/localHost/devDirectory';
import { devTenantId } from '../../scripts/localHost/devSeed';
import { encodeClientPrincipal } from '../../shared/http/clientPrincipal';
import { startTestHost, type TestHost } from '../support/testHost';
import { seedCase } from './caseWorkFixtures';

/*
 * The local host plays App Service Authentication: a development sign-in sets a session cookie, and for each request
 * with it the host adds the X-MS-CLIENT-PRINCIPAL headers the platform would; any a client sends itself are removed.
 * The app maps the signed-in Entra user to an agent of the directory, exactly as in Azure.
 */

type Entry = {
  type: string;
  actor: { kind: string; id?: string; name?: string; actedBy?: string; signedIn?: boolean };
};

const entraPrincipalHeader = (identity: { tenantId: string; objectId: string }): string =>
  encodeClientPrincipal({
    auth_typ: 'aad',
    claims: [
      { typ: 'http://schemas.microsoft.com/identity/claims/tenantid', val: identity.tenantId },
      { typ: 'http://schemas.microsoft.com/identity/claims/objectidentifier', val: identity.objectId },
    ],
  });

describe('development sign-in: the local host signs agents in as App Service Authentication does', () => {
  let desk: TestHost;
  let tenantId: string;
  let admin: string;

  beforeAll(async () => {
    desk = await startTestHost();
    ({ tenantId, key: admin } = await desk.newTenantKey('admin'));
  });
  afterAll(() => desk.stop());

  /** Puts an agent with a fresh Entra identity and returns that identity. */
  const putAgent = async (agentId: string, fields: Record<string, unknown> = {}) => {
    const entra = { tenantId: randomUUID(), objectId: randomUUID() };
    const body = { name: 'Dana Agent', email: 'dana@contoso-partner.example', role: 'agent', entra, ...fields };
    const response = await desk.request('PUT', `/api/agents/${agentId}`, { key: admin, body });
    expect([200, 201]).toContain(response.status);
    return entra;
  };

  /** Signs in through the development sign-in and returns the session cookie and where the host redirected. */
  const signIn = async (agentId: string, redirect = '/api/agents') => {
    const query = new URLSearchParams({ tenant: tenantId, agent: agentId, post_login_redirect_uri: redirect });
    const response = await fetch(`${desk.url}/.auth/login/dev?${query}`, { redirect: 'manual' });
    const setCookie = response.headers.get('set-cookie') ?? '';
    return {
      status: response.status,
      location: response.headers.get('location'),
      setCookie,
      cookie: setCookie.split(';')[0] ?? '',
    };
  };

  const asSignedIn = (cookie: string, headers: Record<string, string> = {}) => ({ headers: { cookie, ...headers } });

  it('given a directory agent, when they sign in, then an HttpOnly SameSite=Lax session cookie is set, the browser goes back to the page it came from, and /.auth/me names them', async () => {
    const entra = await putAgent('dana');
    const session = await signIn('dana');
    expect(session.status).toBe(302);
    expect(session.location).toBe('/api/agents');
    expect(session.setCookie).toMatch(/^AppServiceAuthSession=[^;]+; Path=\/; HttpOnly; SameSite=Lax/);

    const me = await desk.request('GET', '/.auth/me', asSignedIn(session.cookie));
    expect(me.status).toBe(200);
    expect(me.body[0].provider_name).toBe('aad');
    expect(me.body[0].user_claims).toEqual(
      expect.arrayContaining([
        { typ: 'http://schemas.microsoft.com/identity/claims/tenantid', val: entra.tenantId },
        { typ: 'http://schemas.microsoft.com/identity/claims/objectidentifier', val: entra.objectId },
      ]),
    );
  });

  it('given a signed-in agent, when they reply to a case, then the reply is theirs and the timeline names them, to the customer too', async () => {
    await putAgent('dana', { name: 'Dana Example' });
    const { cookie } = await signIn('dana');
    const supportCase = await seedCase(desk, tenantId, { status: 'in_progress' });
    const { key: portal } = await desk.newTenantKey('portal', tenantId);

    const replied = await desk.request('POST', `/api/cases/${supportCase.id}/replies`, {
      ...asSignedIn(cookie),
      body: { text: 'We restarted the host; please try again.' },
    });
    expect(replied.status).toBe(201);
    const reply = (replied.body.timeline as Entry[]).find((entry) => entry.type === 'agentReply');
    expect(reply?.actor).toEqual({ kind: 'agent', id: 'dana', name: 'Dana Example', signedIn: true });
    const customerView = await desk.request('GET', `/api/cases/${supportCase.id}`, { key: portal });
    const seen = (customerView.body.timeline as Entry[]).find((entry) => entry.type === 'agentReply');
    expect(seen?.actor).toEqual({ kind: 'agent', name: 'Dana Example' });
  });

  it('given a signed-in agent of the agent role, when they put an agent, then 403: the role of the directory applies', async () => {
    await putAgent('dana');
    const { cookie } = await signIn('dana');
    const refused = await desk.request('PUT', '/api/agents/eve', {
      ...asSignedIn(cookie),
      body: {
        name: 'Eve',
        email: 'eve@x.example',
        role: 'admin',
        entra: { tenantId: randomUUID(), objectId: randomUUID() },
      },
    });
    expect(refused.status).toBe(403);
    expect((await desk.request('GET', '/api/agents', asSignedIn(cookie))).status).toBe(200);
  });

  it('given a signed-in user whose identity no agent holds any more, when they call the API, then 403 telling them to ask their admin', async () => {
    await putAgent('frank');
    const { cookie } = await signIn('frank');
    await putAgent('frank'); // the admin gave frank another Entra identity

    const refused = await desk.request('GET', '/api/agents', asSignedIn(cookie));
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toMatch(
      /signed in as dana@contoso-partner\.example but are not an agent of any desk tenant; ask your desk admin/,
    );
  });

  it('given an inactive agent, when they call the API signed in, then 403', async () => {
    const entra = await putAgent('gina');
    const { cookie } = await signIn('gina');
    await desk.request('PUT', '/api/agents/gina', {
      key: admin,
      body: { name: 'Gina', email: 'gina@contoso-partner.example', role: 'admin', entra, active: false },
    });
    const refused = await desk.request('GET', '/api/agents', asSignedIn(cookie));
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toMatch(/inactive/);
  });

  it('given a client that sends its own X-MS-CLIENT-PRINCIPAL naming an admin, when it calls the API, then the host removed it: 401 without a key, and the key acts with one', async () => {
    const entra = await putAgent('hal', { role: 'admin', name: 'Hal Admin' });
    const forged = { 'x-ms-client-principal': entraPrincipalHeader(entra), 'x-ms-client-principal-idp': 'aad' };

    expect((await desk.request('GET', '/api/agents', { headers: forged })).status).toBe(401);
    const { key: agentKey } = await desk.newTenantKey('agent', tenantId);
    const supportCase = await seedCase(desk, tenantId, { status: 'in_progress' });
    const replied = await desk.request('POST', `/api/cases/${supportCase.id}/replies`, {
      key: agentKey,
      headers: forged,
      body: { text: 'Sent with a forged principal.' },
    });
    expect(replied.status).toBe(201);
    const reply = (replied.body.timeline as Entry[]).find((entry) => entry.type === 'agentReply');
    expect(reply?.actor).toEqual({ kind: 'agent', id: expect.stringMatching(/^key-/) });
  });

  it('given a signed-in agent who also sends a portal key, when they reply, then the sign-in decides who acts', async () => {
    await putAgent('ivy', { name: 'Ivy Agent' });
    const { cookie } = await signIn('ivy');
    const { key: portal } = await desk.newTenantKey('portal', tenantId);
    const supportCase = await seedCase(desk, tenantId, { status: 'in_progress' });
    const replied = await desk.request('POST', `/api/cases/${supportCase.id}/replies`, {
      key: portal,
      ...asSignedIn(cookie),
      body: { text: 'Answered from the console.' },
    });
    expect(replied.status).toBe(201);
    expect((replied.body.timeline as Entry[]).find((entry) => entry.type === 'agentReply')?.actor.id).toBe('ivy');
  });

  it('given a signed-in agent, when they send Acted-By, then 400: the sign-in already names them', async () => {
    await putAgent('jo');
    const { cookie } = await signIn('jo');
    const refused = await desk.request('GET', '/api/agents', asSignedIn(cookie, { 'acted-by': 'Somebody Else' }));
    expect(refused.status).toBe(400);
  });

  it('given a session cookie that was tampered with, when used, then it signs nobody in', async () => {
    await putAgent('kai');
    const { cookie } = await signIn('kai');
    const [name, value] = cookie.split('=');
    const [payload, signature] = (value ?? '').split('.');
    const tampered = `${name}=${payload}x.${signature}`;
    expect((await desk.request('GET', '/api/agents', asSignedIn(tampered))).status).toBe(401);
    expect((await desk.request('GET', '/.auth/me', asSignedIn(tampered))).status).toBe(401);
  });

  it('given a redirect to another site, when signing in, then the browser goes to / instead', async () => {
    await putAgent('lu');
    for (const redirect of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)']) {
      expect((await signIn('lu', redirect)).location).toBe('/');
    }
    expect((await signIn('lu', '/api/cases?status=open')).location).toBe('/api/cases?status=open');
  });

  it('given a signed-in agent, when they sign out, then the cookie is cleared and /.auth/me answers 401', async () => {
    await putAgent('max');
    const { cookie } = await signIn('max');
    const out = await fetch(`${desk.url}/.auth/logout?post_logout_redirect_uri=/`, {
      headers: { cookie },
      redirect: 'manual',
    });
    expect(out.status).toBe(302);
    expect(out.headers.get('set-cookie')).toMatch(/^AppServiceAuthSession=; .*Max-Age=0/);
    expect((await desk.request('GET', '/.auth/me')).status).toBe(401);
  });

  it('given the development directory npm start seeds, when the sign-in page is opened and Kim is chosen, then it lists the dev agents and Kim works signed in', async () => {
    await seedDevelopmentDirectory(desk.desk);
    const page = await desk.request('GET', '/.auth/login/dev');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    for (const agent of devAgents) expect(page.text).toContain(`tenant=${devTenantId}&#38;agent=${agent.id}`);

    const query = new URLSearchParams({ tenant: devTenantId, agent: 'kim' });
    const session = await fetch(`${desk.url}/.auth/login/dev?${query}`, { redirect: 'manual' });
    const cookie = (session.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const listed = await desk.request('GET', '/api/agents', asSignedIn(cookie));
    expect(listed.status).toBe(200);
    expect(listed.body.agents.map((agent: { id: string }) => agent.id)).toEqual(expect.arrayContaining(['kim', 'sam']));
  });

  it('given an agent whose name holds markup, when the sign-in page lists it, then the name is shown as text', async () => {
    await desk.desk.agents.put({
      id: `dev-${randomUUID().slice(0, 8)}`,
      tenantId: devTenantId,
      name: 'Page <script>alert(1)</script>',
      email: 'page@contoso-partner.example',
      role: 'agent',
      entra: { tenantId: randomUUID(), objectId: randomUUID() },
      tiers: [],
      active: true,
      updatedAt: new Date().toISOString(),
    });
    const page = await desk.request('GET', '/.auth/login/dev');
    expect(page.text).toContain('Page &#60;script&#62;alert(1)&#60;/script&#62;');
    expect(page.text).not.toContain('<script>');
  });

  it('given an agent that does not exist, when signing in as it, then 404 and no cookie', async () => {
    const response = await signIn('nobody-here');
    expect(response.status).toBe(404);
    expect(response.setCookie).toBe('');
  });
});
