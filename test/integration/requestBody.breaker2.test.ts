import { randomUUID } from 'node:crypto';
import { startTestHost, type TestHost } from '../support/testHost';

/*
 * Probing "a body member a request does not take is a 400 on every endpoint, also where the schema is not strict"
 * (shared/http/requestBody.ts) as the console and a careless or hostile client would: what a GET answered must still
 * save when sent back with its If-Match, and member names JavaScript treats specially must be refused, not obeyed.
 */
describe('body members a request does not take, against what clients send back', () => {
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost();
  });
  afterAll(() => desk.stop());

  /** GET then PUT of the same body with the GET's ETag: the answer of the PUT. */
  async function roundTrip(key: string, path: string) {
    const read = await desk.request('GET', path, { key });
    expect(read.status).toBe(200);
    return desk.request('PUT', path, { key, body: read.body, headers: { 'if-match': read.headers.get('etag') ?? '' } });
  }

  it('given an offering saved with every optional member (a provider step, labelled contact methods, Microsoft hours in their own zone, a webhook, a console URL), when the console sends back what GET answered, then it is saved', async () => {
    const { key } = await desk.newTenantKey('admin');
    const offering = (await desk.request('GET', '/api/offering', { key })).body;
    offering.services.azure.contactMethods = [
      { kind: 'email', address: 'azure@partner.example', label: 'Azure desk' },
      { kind: 'phone', number: '+493012345678', label: 'Hotline' },
      { kind: 'webPortal', url: 'https://portal.partner.example/', label: 'Portal' },
    ];
    offering.settings = {
      ...offering.settings,
      escalationLadder: [
        { kind: 'tier', tier: 'tier1' },
        { kind: 'partnerTenant', tenantId: 'provider-tenant', name: 'Contoso Distribution' },
        { kind: 'microsoft' },
      ],
      technicalEntitlements: ['premierSupportForPartners'],
      microsoftSupportHours: { timeZone: 'Europe/Vienna', weekly: offering.settings.microsoftSupportHours.weekly },
      teamsWebhookUrl: 'https://prod-00.westeurope.logic.azure.com/workflows/abc',
      consoleUrl: 'https://desk.partner.example',
      microsoftStep: 'automatic',
    };
    const saved = await desk.request('PUT', '/api/offering', { key, body: offering });
    expect(saved.status).toBe(200);

    const again = await roundTrip(key, '/api/offering');

    expect(again.status).toBe(200);
  });

  it('given an agent with service hours, when the console saves the agent as its admin page does (service hours as GET answered them, the form’s fields beside), then it is saved', async () => {
    const { key } = await desk.newTenantKey('admin');
    const agent = {
      name: 'Kim Agent',
      email: 'kim@partner.example',
      role: 'agent',
      entra: { tenantId: randomUUID(), objectId: randomUUID() },
      tiers: ['tier1'],
      serviceHours: {
        timeZone: 'europe/berlin',
        weekly: [{ day: 'mon', start: '08:00', end: '16:00' }],
        holidays: ['12-24'],
      },
    };
    expect((await desk.request('PUT', '/api/agents/kim', { key, body: agent })).status).toBe(201);
    const current = await desk.request('GET', '/api/agents/kim', { key });

    const saved = await desk.request('PUT', '/api/agents/kim', {
      key,
      headers: { 'if-match': current.headers.get('etag') ?? '' },
      body: {
        serviceHours: current.body.serviceHours,
        name: current.body.name,
        email: current.body.email,
        role: current.body.role,
        tiers: current.body.tiers,
        entra: current.body.entra,
        active: false,
      },
    });

    expect(saved.status).toBe(200);
  });

  it('given triage rules saved, when they are sent back as GET answered them, then they are saved', async () => {
    const { key } = await desk.newTenantKey('admin');

    expect((await roundTrip(key, '/api/triage-rules')).status).toBe(200);
  });

  it.each([
    [
      'settings.__proto__',
      (text: string) =>
        text.replace('"settings":{', '"settings":{"__proto__":{"teamsWebhookUrl":"https://evil.example/"},'),
    ],
    [
      'settings.constructor',
      (text: string) => text.replace('"settings":{', '"settings":{"constructor":{"prototype":{"x":1}},'),
    ],
    ['__proto__', (text: string) => text.replace(/^\{/, '{"__proto__":{"settings":{}},')],
  ])(
    'given an offering sent back with a %s member, when it is PUT, then 400 naming that member and nothing is saved',
    async (field, edit) => {
      const { key } = await desk.newTenantKey('admin');
      const read = await desk.request('GET', '/api/offering', { key });

      const put = await desk.request('PUT', '/api/offering', {
        key,
        rawBody: edit(JSON.stringify(read.body)),
        headers: { 'content-type': 'application/json', 'if-match': read.headers.get('etag') ?? '' },
      });

      expect(put.status).toBe(400);
      expect(put.body.errors).toEqual([expect.objectContaining({ field })]);
      const after = await desk.request('GET', '/api/offering', { key });
      expect(after.headers.get('etag')).toBe(read.headers.get('etag'));
      expect(after.body.settings.teamsWebhookUrl).toBeUndefined();
    },
  );
});
