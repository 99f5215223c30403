import { startTestHost, type TestHost } from '../support/testHost';

const validCase = {
  title: 'Production VM does not start',
  description: 'Since 08:00 our VM vm-erp-01 fails to boot after a platform update.',
  product: 'azure',
  severity: 'A',
  customer: { tenantId: '7f3c9a52-1b2d-4e8f-9a6b-0c1d2e3f4a5b', name: 'Fabrikam Ltd' },
  contact: { name: 'Ann Example', email: 'ann@fabrikam.example', phone: '+49 30 1234567' },
};

describe('HTTP intake of portal cases', () => {
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost();
  });
  afterAll(() => desk.stop());

  const triageMessagesFor = (caseId: string): string[] =>
    desk.host.broker
      .queue('case-triage')
      .acceptedMessageIds()
      .filter((id) => id.includes(caseId));

  describe('health', () => {
    it('given storage answers, when anyone asks without a key, then it reports ok', async () => {
      const response = await desk.request('GET', '/api/health');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ status: 'ok', storage: 'ok' });
    });
  });

  describe('opening a case', () => {
    it('given a valid body and key, when posted, then it answers 201 with the numbered case, a Location and queues triage', async () => {
      const { key, tenantId } = await desk.newTenantKey();

      const response = await desk.request('POST', '/api/cases', { key, body: validCase });

      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        tenantId,
        caseNumber: 'CS-000001',
        title: validCase.title,
        product: 'azure',
        severity: 'A',
      });
      expect(response.body.id).toEqual(expect.any(String));
      expect(Date.parse(response.body.createdAt)).not.toBeNaN();
      expect(response.headers.get('location')).toBe(`/api/cases/${response.body.id}`);
      expect(response.headers.get('etag')).toBeTruthy();
      expect(response.body.timeline.map((event: { type: string }) => event.type)).toEqual(['created']);
      expect(triageMessagesFor(response.body.id)).toHaveLength(1);
      const { key: agentKey } = await desk.newTenantKey('agent', tenantId);
      const asAgent = await desk.request('GET', `/api/cases/${response.body.id}`, { key: agentKey });
      expect(asAgent.body.timeline.map((event: { type: string }) => event.type)).toContain('queuedForTriage');
    });

    it('given a description longer than one table column holds, when the case goes through triage and enrichment, then it reads back whole', async () => {
      const { key, tenantId } = await desk.newTenantKey();
      const description = `${'The VM fails to boot. '.repeat(3_000)}End of log.`;

      const response = await desk.request('POST', '/api/cases', { key, body: { ...validCase, description } });
      await desk.host.idle();

      const { key: agentKey } = await desk.newTenantKey('agent', tenantId);
      const read = await desk.request('GET', `/api/cases/${response.body.id}`, { key: agentKey });
      expect(read.body.status).toBe('enriched');
      expect(read.body.description).toBe(description);
    });

    it('given several cases for one tenant, when posted at once, then every case gets its own number', async () => {
      const { key } = await desk.newTenantKey();

      const responses = await Promise.all(
        Array.from({ length: 12 }, () => desk.request('POST', '/api/cases', { key, body: validCase })),
      );

      expect(responses.map((response) => response.status)).toEqual(Array(12).fill(201));
      const numbers = responses.map((response) => response.body.caseNumber).sort();
      expect(numbers).toEqual(Array.from({ length: 12 }, (_, index) => `CS-${String(index + 1).padStart(6, '0')}`));
    });
  });

  describe('rejected requests', () => {
    it('given no key or an unknown key, when posted, then 401 problem+json and nothing is stored', async () => {
      const { key } = await desk.newTenantKey();
      const missing = await desk.request('POST', '/api/cases', { body: validCase });
      const wrong = await desk.request('POST', '/api/cases', { key: 'not-a-key', body: validCase });

      for (const response of [missing, wrong]) {
        expect(response.status).toBe(401);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
      }
      expect((await desk.request('GET', '/api/cases', { key })).body.items).toHaveLength(0);
    });

    it('given wrongly typed and missing fields, when posted, then 400 lists every bad field and nothing is stored', async () => {
      const { key } = await desk.newTenantKey();
      const body = {
        ...validCase,
        product: 'sharepoint',
        severity: 'Z',
        contact: { email: 'not-an-address' },
        title: '',
      };
      delete (body as Partial<typeof validCase>).description;

      const response = await desk.request('POST', '/api/cases', { key, body });

      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      const fields = response.body.errors.map((error: { field: string }) => error.field).sort();
      expect(fields).toEqual(['contact.email', 'description', 'product', 'severity', 'title']);
      expect((await desk.request('GET', '/api/cases', { key })).body.items).toHaveLength(0);
    });

    it('given a body that is not JSON, when posted, then 400 for malformed JSON and 415 for another media type', async () => {
      const { key } = await desk.newTenantKey();

      const malformed = await desk.request('POST', '/api/cases', {
        key,
        rawBody: '{"title": ',
        headers: { 'content-type': 'application/json' },
      });
      const plainText = await desk.request('POST', '/api/cases', {
        key,
        rawBody: 'help!',
        headers: { 'content-type': 'text/plain' },
      });

      expect(malformed.status).toBe(400);
      expect(malformed.body.detail).toMatch(/not valid JSON/);
      expect(plainText.status).toBe(415);
      expect((await desk.request('GET', '/api/cases', { key })).body.items).toHaveLength(0);
    });

    it('given a body over 256 KB, when posted, then 413 and nothing is stored', async () => {
      const { key } = await desk.newTenantKey();

      const response = await desk.request('POST', '/api/cases', {
        key,
        body: { ...validCase, description: 'x'.repeat(300 * 1024) },
      });

      expect(response.status).toBe(413);
      expect((await desk.request('GET', '/api/cases', { key })).body.items).toHaveLength(0);
    });
  });

  describe('Idempotency-Key', () => {
    it('given the same key and body twice, when posted, then the second answer is 200 with the same case and no second triage message', async () => {
      const { key } = await desk.newTenantKey();
      const headers = { 'idempotency-key': 'portal-retry-1' };

      const first = await desk.request('POST', '/api/cases', { key, body: validCase, headers });
      const second = await desk.request('POST', '/api/cases', { key, body: validCase, headers });

      expect(first.status).toBe(201);
      expect(second.status).toBe(200);
      expect(second.body.id).toBe(first.body.id);
      expect((await desk.request('GET', '/api/cases', { key })).body.items).toHaveLength(1);
      expect(triageMessagesFor(first.body.id)).toHaveLength(1);
    });

    it('given the same key with a different body, when posted, then 409 and the first case stays the only one', async () => {
      const { key } = await desk.newTenantKey();
      const headers = { 'idempotency-key': 'portal-retry-2' };
      await desk.request('POST', '/api/cases', { key, body: validCase, headers });

      const response = await desk.request('POST', '/api/cases', {
        key,
        body: { ...validCase, title: 'Another problem' },
        headers,
      });

      expect(response.status).toBe(409);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect((await desk.request('GET', '/api/cases', { key })).body.items).toHaveLength(1);
    });

    it('given ten concurrent retries with one key, when posted, then exactly one case exists', async () => {
      const { key } = await desk.newTenantKey();
      const headers = { 'idempotency-key': 'storm-1' };

      const responses = await Promise.all(
        Array.from({ length: 10 }, () => desk.request('POST', '/api/cases', { key, body: validCase, headers })),
      );

      expect(responses.filter((response) => response.status === 201)).toHaveLength(1);
      expect(responses.filter((response) => response.status === 200)).toHaveLength(9);
      expect(new Set(responses.map((response) => response.body.id)).size).toBe(1);
      expect((await desk.request('GET', '/api/cases', { key })).body.items).toHaveLength(1);
    });
  });

  describe('reading cases', () => {
    it('given a case, when read by id, then it comes with its timeline and an ETag that changes only when the case does', async () => {
      const { key } = await desk.newTenantKey();
      const created = await desk.request('POST', '/api/cases', { key, body: validCase });
      await desk.host.idle();

      const read = await desk.request('GET', `/api/cases/${created.body.id}`, { key });
      const again = await desk.request('GET', `/api/cases/${created.body.id}`, { key });

      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ id: created.body.id, caseNumber: created.body.caseNumber });
      expect(read.body.timeline[0]).toMatchObject({ seq: 1, type: 'created' });
      expect(again.headers.get('etag')).toBe(read.headers.get('etag'));
      expect(read.headers.get('etag')).not.toBe(created.headers.get('etag'));
    });

    it('given many cases, when listed with a page size, then pages follow the continuation token until all are seen', async () => {
      const { key } = await desk.newTenantKey();
      for (let index = 0; index < 5; index += 1)
        await desk.request('POST', '/api/cases', { key, body: { ...validCase, title: `Case ${index}` } });

      const seen: string[] = [];
      let token: string | null = null;
      do {
        const query: string = token ? `?pageSize=2&continuationToken=${encodeURIComponent(token)}` : '?pageSize=2';
        const page = await desk.request('GET', `/api/cases${query}`, { key });
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.items.map((item: { title: string }) => item.title));
        token = page.body.continuationToken;
      } while (token);

      expect(seen).toEqual(['Case 0', 'Case 1', 'Case 2', 'Case 3', 'Case 4']);
    });

    it('given cases in different states, when listed by status, then only matching cases come back', async () => {
      const { key } = await desk.newTenantKey();
      await desk.request('POST', '/api/cases', { key, body: validCase });

      const fresh = await desk.request('GET', '/api/cases?status=new', { key });
      const closed = await desk.request('GET', '/api/cases?status=closed', { key });
      const invalid = await desk.request('GET', '/api/cases?status=sleeping', { key });

      expect(fresh.body.items.every((item: { status: string }) => item.status === 'new')).toBe(true);
      expect(closed.body.items).toHaveLength(0);
      expect(invalid.status).toBe(400);
    });
  });

  describe('tenant isolation', () => {
    it("given two tenants, when one reads the other's case, then it is not found and never listed", async () => {
      const owner = await desk.newTenantKey();
      const stranger = await desk.newTenantKey();
      const created = await desk.request('POST', '/api/cases', { key: owner.key, body: validCase });

      const read = await desk.request('GET', `/api/cases/${created.body.id}`, { key: stranger.key });
      const list = await desk.request('GET', '/api/cases', { key: stranger.key });

      expect(read.status).toBe(404);
      expect(read.headers.get('content-type')).toContain('application/problem+json');
      expect(list.body.items).toHaveLength(0);
    });
  });
});
