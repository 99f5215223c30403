import { startTestHost, type TestHost } from '../support/testHost';
import { newCaseBody, seedCase, tenantWithKeys, type TenantKeys } from './caseWorkFixtures';

/*
 * A partner's portal and its agents often share one API key. The timeline must still say which person acted: the key's
 * label, and the person the caller names in the Acted-By header.
 */

type Entry = {
  type: string;
  visibility: string;
  actor: { kind: string; id?: string; name?: string; actedBy?: string };
};

describe('timeline entries name the person who acted', () => {
  let desk: TestHost;
  let tenant: TenantKeys;
  let portalKey: { secret: string; keyId: string };
  let agentKey: { secret: string; keyId: string };

  const issue = async (role: string, label: string): Promise<{ secret: string; keyId: string }> => {
    const response = await desk.request('POST', '/api/keys', { key: tenant.admin, body: { role, label } });
    expect(response.status).toBe(201);
    return { secret: response.body.secret, keyId: response.body.keyId };
  };

  beforeAll(async () => {
    desk = await startTestHost();
    tenant = await tenantWithKeys(desk);
    portalKey = await issue('portal', 'Fabrikam customer portal');
    agentKey = await issue('agent', 'Service desk shared key');
  });
  afterAll(() => desk.stop());

  const timelineOf = async (caseId: string, key: string): Promise<Entry[]> =>
    (await desk.request('GET', `/api/cases/${caseId}`, { key })).body.timeline as Entry[];

  it('given a shared portal key and a user named in Acted-By (UTF-8, percent-encoded), when the portal opens a case, then the entry names the key and the person', async () => {
    const opened = await desk.request('POST', '/api/cases', {
      key: portalKey.secret,
      body: newCaseBody,
      headers: { 'acted-by': encodeURIComponent('Jörg Weiß') },
    });
    expect(opened.status).toBe(201);

    const [created] = await timelineOf(opened.body.id, tenant.agent);
    expect(created?.actor).toEqual({
      kind: 'portal',
      id: portalKey.keyId,
      name: 'Fabrikam customer portal',
      actedBy: 'Jörg Weiß',
    });
  });

  it('given a Persian name whose spelling needs a zero-width non-joiner, when a note is added with it in Acted-By, then the entry names the person as written', async () => {
    const supportCase = await seedCase(desk, tenant.tenantId, { status: 'in_progress' });
    const name = 'Sara Nik\u200cnam (\u0646\u06cc\u06a9\u200c\u0646\u0627\u0645)';

    const noted = await desk.request('POST', `/api/cases/${supportCase.id}/notes`, {
      key: agentKey.secret,
      body: { text: 'Checked the logs.' },
      headers: { 'acted-by': encodeURIComponent(name) },
    });

    expect(noted.status).toBe(201);
    const notes = (await timelineOf(supportCase.id, tenant.agent)).filter((entry) => entry.type === 'note');
    expect(notes.map((entry) => entry.actor.actedBy)).toEqual([name]);
  });

  it('given an agent on a shared key naming themselves, when they reply, then agents see key and person and the customer sees the person only', async () => {
    const supportCase = await seedCase(desk, tenant.tenantId, { status: 'in_progress' });
    const replied = await desk.request('POST', `/api/cases/${supportCase.id}/replies`, {
      key: agentKey.secret,
      body: { text: 'We restarted the host; please try again.' },
      headers: { 'acted-by': 'Dana Agent' },
    });
    expect(replied.status).toBe(201);

    const agentView = (await timelineOf(supportCase.id, tenant.agent)).filter((entry) => entry.type === 'agentReply');
    const portalView = (await timelineOf(supportCase.id, tenant.portal)).filter((entry) => entry.type === 'agentReply');
    expect(agentView.map((entry) => entry.actor)).toEqual([
      { kind: 'agent', id: agentKey.keyId, name: 'Service desk shared key', actedBy: 'Dana Agent' },
    ]);
    expect(portalView.map((entry) => entry.actor)).toEqual([{ kind: 'agent', name: 'Dana Agent' }]);
  });

  it('given an agent reply without Acted-By, when the customer reads it, then the internal key label is not shown to them', async () => {
    const supportCase = await seedCase(desk, tenant.tenantId, { status: 'in_progress' });
    await desk.request('POST', `/api/cases/${supportCase.id}/replies`, {
      key: agentKey.secret,
      body: { text: 'Looking into it.' },
    });

    const agentView = (await timelineOf(supportCase.id, tenant.agent)).filter((entry) => entry.type === 'agentReply');
    const portalView = (await timelineOf(supportCase.id, tenant.portal)).filter((entry) => entry.type === 'agentReply');
    expect(agentView.map((entry) => entry.actor.name)).toEqual(['Service desk shared key']);
    expect(portalView.map((entry) => entry.actor)).toEqual([{ kind: 'agent' }]);
  });

  it.each([
    ['longer than 200 characters', 'x'.repeat(201)],
    ['a control character', 'Dana%0AAgent'],
    ['broken percent-encoding', 'J%C3rg'],
    ['only spaces', '   '],
    ['only invisible characters', '%E2%80%8B%E2%80%8C'],
    ['a right-to-left override', 'Dana%E2%80%AEtnegA'],
    ['a right-to-left mark', 'Dana%E2%80%8F Agent'],
    ['a line separator', 'Dana%E2%80%A8Agent'],
    ['a paragraph separator', 'Dana%E2%80%A9Agent'],
    ['a zero-width space inside the name', 'Da%E2%80%8Bna Agent'],
    ['a byte order mark inside the name', 'Dana%EF%BB%BF Agent'],
  ])(
    'given Acted-By %s, when a note is added, then it is a 400 naming the header and the case is unchanged',
    async (_what, value) => {
      const supportCase = await seedCase(desk, tenant.tenantId, { status: 'in_progress' });
      const before = await timelineOf(supportCase.id, tenant.agent);

      const response = await desk.request('POST', `/api/cases/${supportCase.id}/notes`, {
        key: agentKey.secret,
        body: { text: 'Checked the logs.' },
        headers: { 'acted-by': value },
      });

      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'Acted-By' })]);
      expect(await timelineOf(supportCase.id, tenant.agent)).toHaveLength(before.length);
    },
  );

  it('given the OpenAPI document, then every operation that needs a key documents Acted-By and the public ones do not', async () => {
    const document = (await desk.request('GET', '/api/openapi.json')).body as {
      paths: Record<string, Record<string, { security: unknown[]; parameters: { name: string; in: string }[] }>>;
    };
    const operations = Object.values(document.paths).flatMap((methods) => Object.values(methods));
    for (const operation of operations) {
      const documents = operation.parameters.some(
        (parameter) => parameter.in === 'header' && parameter.name === 'Acted-By',
      );
      expect(documents).toBe(operation.security.length > 0);
    }
  });
});
