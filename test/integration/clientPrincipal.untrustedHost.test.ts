import { randomUUID } from 'node:crypto';
import { encodeClientPrincipal } from '../../shared/http/clientPrincipal';
import { settingNames } from '../../shared/resourceNames';
import { startTestHost, type TestHost } from '../support/testHost';

/*
 * Behind no App Service Authentication (Azure without Easy Auth, or a host that does not play it), nothing removes a
 * client's own X-MS-CLIENT-PRINCIPAL: the app must not believe it. AUTH_CLIENT_PRINCIPAL says whether it may; Bicep sets
 * it to trusted only together with authsettingsV2.
 */

const forgedHeadersFor = (identity: { tenantId: string; objectId: string }): Record<string, string> => ({
  'x-ms-client-principal': encodeClientPrincipal({
    auth_typ: 'aad',
    claims: [
      { typ: 'tid', val: identity.tenantId },
      { typ: 'oid', val: identity.objectId },
    ],
  }),
  'x-ms-client-principal-name': 'forged@evil.example',
  'x-ms-client-principal-idp': 'aad',
});

/** Starts a host that passes principal headers through, with the app's trust setting as given. */
async function hostWithout(trust: 'trusted' | 'ignored'): Promise<TestHost> {
  process.env[settingNames.clientPrincipal] = trust;
  return startTestHost({ appServiceAuthentication: false });
}

/** An active admin agent of a fresh tenant, and the Entra identity a forger would name. */
async function adminAgent(
  desk: TestHost,
): Promise<{ tenantId: string; key: string; entra: { tenantId: string; objectId: string } }> {
  const { tenantId, key } = await desk.newTenantKey('admin');
  const entra = { tenantId: randomUUID(), objectId: randomUUID() };
  const body = { name: 'Real Admin', email: 'admin@contoso-partner.example', role: 'admin', entra };
  expect((await desk.request('PUT', '/api/agents/real-admin', { key, body })).status).toBe(201);
  return { tenantId, key, entra };
}

afterAll(() => {
  delete process.env[settingNames.clientPrincipal];
});

describe('a forged client principal sent to a host that does not trust it', () => {
  let desk: TestHost;

  beforeAll(async () => {
    desk = await hostWithout('ignored');
  });
  afterAll(() => desk.stop());

  it('given a forged principal naming an admin agent and no key, when the API is called, then 401: it is ignored', async () => {
    const { entra } = await adminAgent(desk);
    const response = await desk.request('GET', '/api/agents', { headers: forgedHeadersFor(entra) });
    expect(response.status).toBe(401);
  });

  it('given a forged admin principal and an agent key, when an agent is put, then the key decides: 403', async () => {
    const { tenantId, entra } = await adminAgent(desk);
    const { key: agentKey } = await desk.newTenantKey('agent', tenantId);
    const response = await desk.request('PUT', '/api/agents/mallory', {
      key: agentKey,
      headers: forgedHeadersFor(entra),
      body: {
        name: 'Mallory',
        email: 'm@evil.example',
        role: 'admin',
        entra: { tenantId: randomUUID(), objectId: randomUUID() },
      },
    });
    expect(response.status).toBe(403);
  });

  it('given a malformed principal header, when sent with a valid key, then it is ignored too: 200', async () => {
    const { key } = await adminAgent(desk);
    const response = await desk.request('GET', '/api/agents', { key, headers: { 'x-ms-client-principal': '%%%' } });
    expect(response.status).toBe(200);
  });
});

describe('the same header where the app is told to trust it (what Easy Auth makes safe)', () => {
  let desk: TestHost;

  beforeAll(async () => {
    desk = await hostWithout('trusted');
  });
  afterAll(() => desk.stop());

  it('given a principal naming an admin agent, when the API is called without a key, then it acts as that agent: the header reaches the app, and only the trust setting kept it out above', async () => {
    const { entra } = await adminAgent(desk);
    const response = await desk.request('GET', '/api/agents', { headers: forgedHeadersFor(entra) });
    expect(response.status).toBe(200);
    expect(response.body.agents.map((agent: { id: string }) => agent.id)).toEqual(['real-admin']);
  });

  it('given a malformed principal header, when the API is called, then 401 with a problem, never a 500', async () => {
    const response = await desk.request('GET', '/api/agents', { headers: { 'x-ms-client-principal': 'bm90IGpzb24=' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });
});
