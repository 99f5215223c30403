import type { SupportCase } from '../../shared/domain/case';
import { startTestHost, type TestHost, type TestResponse } from '../support/testHost';
import { openEscalation, seedCase, tenantWithKeys, type TenantKeys } from './caseWorkFixtures';

/*
 * GET /api/escalations and GET /api/shared-cases page as GET /api/cases does: `pageSize` (default 25, at most 100),
 * a `continuationToken` signed for the tenant and the query, and only one page's worth of rows read per request.
 */

const byId = (a: SupportCase, b: SupportCase): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function expectContinuationProblem(response: TestResponse): void {
  expect(response.status).toBe(400);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(response.body.errors).toEqual([expect.objectContaining({ field: 'continuationToken' })]);
}

function expectPageSizeProblem(response: TestResponse): void {
  expect(response.status).toBe(400);
  expect(response.body.errors).toEqual([expect.objectContaining({ field: 'pageSize' })]);
}

describe('paged lists of escalations and shared cases', () => {
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost();
  });
  afterAll(() => desk.stop());
  afterEach(() => jest.restoreAllMocks());

  /** Follows continuation tokens from `path` (and `from`, if given) to the end; answers every page's body. */
  async function allPages(path: string, key: string, from: string | null = null): Promise<Array<Record<string, any>>> {
    const pages: Array<Record<string, any>> = [];
    let token: string | null = from;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const tail: string = token ? `${separator}continuationToken=${encodeURIComponent(token)}` : '';
      const page = await desk.request('GET', `${path}${tail}`, { key });
      expect(page.status).toBe(200);
      pages.push(page.body);
      token = page.body.continuationToken;
      expect(pages.length).toBeLessThan(50);
    } while (token);
    return pages;
  }

  /** A case of `origin` handed to `provider`, with a share row pointing at it. */
  async function sharedCase(origin: string, provider: string, overrides: Partial<SupportCase> = {}) {
    const supportCase = await seedCase(desk, origin, { sharedWithTenantIds: [provider], ...overrides });
    await desk.desk.caseShares.add(provider, { originTenantId: origin, caseId: supportCase.id });
    return supportCase;
  }

  describe('GET /api/escalations', () => {
    let tenant: TenantKeys;
    let expectedOpen: string[];

    beforeAll(async () => {
      tenant = await tenantWithKeys(desk);
      const origin = await tenantWithKeys(desk);
      const own = [
        await seedCase(desk, tenant.tenantId, { status: 'in_progress', escalations: [openEscalation('esc-1')] }),
        await seedCase(desk, tenant.tenantId, {
          status: 'in_progress',
          escalations: [
            openEscalation('esc-1', { status: 'closed' }),
            openEscalation('esc-2'),
            openEscalation('esc-3'),
          ],
        }),
        await seedCase(desk, tenant.tenantId, { status: 'in_progress', escalations: [openEscalation('esc-1')] }),
        await seedCase(desk, tenant.tenantId, {
          status: 'in_progress',
          escalations: [openEscalation('esc-1', { status: 'resolved' })],
        }),
        await seedCase(desk, tenant.tenantId, {
          status: 'in_progress',
          escalations: [openEscalation('esc-1', { status: 'waitingOnPartner' }), openEscalation('esc-2')],
        }),
      ].sort(byId);
      await seedCase(desk, tenant.tenantId, { status: 'in_progress' });
      const shared = [
        await sharedCase(origin.tenantId, tenant.tenantId, {
          status: 'in_progress',
          escalations: [openEscalation('esc-1')],
        }),
        await sharedCase(origin.tenantId, tenant.tenantId, {
          status: 'in_progress',
          escalations: [openEscalation('esc-1'), openEscalation('esc-2')],
        }),
      ].sort(byId);
      const open = (supportCase: SupportCase): string[] =>
        supportCase.escalations
          .filter((item) => item.status !== 'resolved' && item.status !== 'closed')
          .map((item) => `${supportCase.id}/${item.id}`);
      expectedOpen = [...own.flatMap(open), ...shared.flatMap(open)];
    });

    const listed = (pages: Array<Record<string, any>>): string[] =>
      pages.flatMap((page) => page.items.map((item: any) => `${item.caseId}/${item.escalationId}`));

    it('given more open escalations than one page, when the pages are followed, then each comes once, own cases by case id, then shared cases, each case in request order', async () => {
      const pages = await allPages('/api/escalations?status=open&pageSize=2', tenant.agent);

      expect(listed(pages)).toEqual(expectedOpen);
      expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(expectedOpen.length / 2));
      expect(pages.every((page) => page.items.length <= 2)).toBe(true);
      expect(pages[pages.length - 1]!.continuationToken).toBeNull();
    });

    it('given a page size of 1 and of 3, when the pages are followed, then the same escalations come in the same order', async () => {
      expect(listed(await allPages('/api/escalations?pageSize=1', tenant.agent))).toEqual(expectedOpen);
      expect(listed(await allPages('/api/escalations?pageSize=3', tenant.agent))).toEqual(expectedOpen);
    });

    it('given a client that changes pageSize between pages, when it follows the tokens, then nothing is repeated or lost', async () => {
      const sizes = [3, 1, 2, 1, 4];
      const seen: string[] = [];
      let token: string | null = null;
      for (let turn = 0; turn === 0 || token; turn += 1) {
        const tail: string = token ? `&continuationToken=${encodeURIComponent(token)}` : '';
        const page = await desk.request('GET', `/api/escalations?pageSize=${sizes[turn % sizes.length]}${tail}`, {
          key: tenant.agent,
        });
        expect(page.status).toBe(200);
        seen.push(...listed([page.body]));
        token = page.body.continuationToken;
      }

      expect(seen).toEqual(expectedOpen);
    });

    it('given escalations finished between two pages, when the list goes on, then nothing listed comes again and nothing after it is lost', async () => {
      const mover = await tenantWithKeys(desk);
      const cases = [];
      for (let index = 0; index < 3; index += 1)
        cases.push(
          await seedCase(desk, mover.tenantId, {
            status: 'in_progress',
            escalations: [openEscalation('esc-1'), openEscalation('esc-2')],
          }),
        );
      const [a, b, c] = cases.sort(byId) as [SupportCase, SupportCase, SupportCase];

      const first = await desk.request('GET', '/api/escalations?pageSize=3', { key: mover.agent });
      expect(listed([first.body])).toEqual([`${a.id}/esc-1`, `${a.id}/esc-2`, `${b.id}/esc-1`]);
      const stored = await desk.desk.cases.get(mover.tenantId, a.id);
      const finished = stored!.supportCase.escalations.map((item) => ({ ...item, status: 'closed' as const }));
      expect((await desk.desk.cases.update(stored!, { ...stored!.supportCase, escalations: finished }, [])).kind).toBe(
        'saved',
      );
      const rest = await allPages('/api/escalations?pageSize=3', mover.agent, first.body.continuationToken);

      expect(listed(rest)).toEqual([`${b.id}/esc-2`, `${c.id}/esc-1`, `${c.id}/esc-2`]);
    });

    it('given finished escalations, when status=finished is paged, then only the finished ones, each once', async () => {
      const pages = await allPages('/api/escalations?status=finished&pageSize=1', tenant.agent);

      expect(pages.flatMap((page) => page.items.map((item: any) => item.status)).sort()).toEqual([
        'closed',
        'resolved',
      ]);
    });

    it('given a client that sends no pageSize, when it lists, then it gets the first 25 with the fields it knew and a token for the rest', async () => {
      const busy = await tenantWithKeys(desk);
      for (let index = 0; index < 26; index += 1)
        await seedCase(desk, busy.tenantId, { status: 'in_progress', escalations: [openEscalation('esc-1')] });

      const first = await desk.request('GET', '/api/escalations', { key: busy.agent });
      const rest = await desk.request(
        'GET',
        `/api/escalations?continuationToken=${encodeURIComponent(first.body.continuationToken)}`,
        { key: busy.agent },
      );

      expect(first.status).toBe(200);
      expect(first.body.asOf).toEqual(expect.any(String));
      expect(first.body.items).toHaveLength(25);
      expect(Object.keys(first.body.items[0]).sort()).toEqual(
        expect.arrayContaining(['caseId', 'caseNumber', 'escalationId', 'overdue', 'status', 'waitingOn']),
      );
      expect(first.body.continuationToken).toEqual(expect.any(String));
      expect(rest.body.items).toHaveLength(1);
      expect(rest.body.continuationToken).toBeNull();
    });

    it('given a request for one page, when it is answered, then the tenant cases are read one page at a time', async () => {
      const list = jest.spyOn(desk.desk.cases, 'list');

      const page = await desk.request('GET', '/api/escalations?pageSize=2', { key: tenant.agent });

      expect(page.status).toBe(200);
      expect(list).toHaveBeenCalled();
      for (const [, query] of list.mock.calls) expect(query.pageSize).toBeLessThanOrEqual(2);
    });

    it('given a token, when another tenant, another status, a tampered token or a case-list token is sent, then 400 naming continuationToken', async () => {
      const stranger = await tenantWithKeys(desk);
      await seedCase(desk, stranger.tenantId, { status: 'in_progress', escalations: [openEscalation('esc-1')] });
      const token: string = (await desk.request('GET', '/api/escalations?pageSize=1', { key: tenant.agent })).body
        .continuationToken;
      const caseToken: string = (await desk.request('GET', '/api/cases?pageSize=1', { key: tenant.agent })).body
        .continuationToken;
      expect(token).toEqual(expect.any(String));
      expect(caseToken).toEqual(expect.any(String));
      const at = Math.floor(token.length / 2);
      const tampered = `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
      const send = (query: string, key = tenant.agent) => desk.request('GET', `/api/escalations?${query}`, { key });

      expectContinuationProblem(
        await send(`pageSize=1&continuationToken=${encodeURIComponent(token)}`, stranger.agent),
      );
      expectContinuationProblem(await send(`status=all&pageSize=1&continuationToken=${encodeURIComponent(token)}`));
      expectContinuationProblem(await send(`pageSize=1&continuationToken=${encodeURIComponent(tampered)}`));
      expectContinuationProblem(await send(`pageSize=1&continuationToken=${encodeURIComponent(caseToken)}`));
      expectContinuationProblem(await send('continuationToken=garbage'));
      expect((await send(`status=open&pageSize=1&continuationToken=${encodeURIComponent(token)}`)).status).toBe(200);
    });

    it('given a pageSize outside 1 to 100, when listed, then 400 naming pageSize; at the bounds, 200', async () => {
      for (const pageSize of ['0', '101', '-1', '2.5', 'many'])
        expectPageSizeProblem(
          await desk.request('GET', `/api/escalations?pageSize=${pageSize}`, { key: tenant.agent }),
        );
      for (const pageSize of ['1', '100'])
        expect((await desk.request('GET', `/api/escalations?pageSize=${pageSize}`, { key: tenant.agent })).status).toBe(
          200,
        );
    });
  });

  describe('GET /api/shared-cases', () => {
    let provider: TenantKeys;
    let origin: TenantKeys;
    let expected: string[];

    beforeAll(async () => {
      provider = await tenantWithKeys(desk);
      origin = await tenantWithKeys(desk);
      const shared: SupportCase[] = [];
      for (let index = 0; index < 5; index += 1) shared.push(await sharedCase(origin.tenantId, provider.tenantId));
      // A share whose case no longer names the provider grants nothing.
      await sharedCase(origin.tenantId, provider.tenantId, { sharedWithTenantIds: [] });
      expected = shared.sort(byId).map((supportCase) => supportCase.id);
    });

    const ids = (pages: Array<Record<string, any>>): string[] =>
      pages.flatMap((page) => page.items.map((item: { id: string }) => item.id));

    it('given more shared cases than one page, when the pages are followed, then each comes once, by case id', async () => {
      const pages = await allPages('/api/shared-cases?pageSize=2', provider.agent);

      expect(ids(pages)).toEqual(expected);
      expect(pages.length).toBeGreaterThanOrEqual(3);
      expect(pages.every((page) => page.items.length <= 2)).toBe(true);
    });

    it('given a request for one page, when it is answered, then only one page of shares is read', async () => {
      const get = jest.spyOn(desk.desk.cases, 'get');

      const page = await desk.request('GET', '/api/shared-cases?pageSize=2', { key: provider.agent });

      expect(page.status).toBe(200);
      expect(page.body.continuationToken).toEqual(expect.any(String));
      expect(get.mock.calls.length).toBeLessThanOrEqual(2);
    });

    it('given a client that sends no pageSize, when it lists, then it gets every case of the first page with the fields it knew', async () => {
      const page = await desk.request('GET', '/api/shared-cases', { key: provider.agent });

      expect(page.status).toBe(200);
      expect(page.body.continuationToken).toBeNull();
      expect(ids([page.body])).toEqual(expected);
      expect(page.body.items[0]).toMatchObject({ view: 'agent', tenantId: origin.tenantId });
    });

    it('given a token, when another tenant, a tampered token or an escalation-list token is sent, then 400 naming continuationToken', async () => {
      const other = await tenantWithKeys(desk);
      await sharedCase(origin.tenantId, other.tenantId);
      await sharedCase(origin.tenantId, other.tenantId);
      for (let index = 0; index < 2; index += 1)
        await seedCase(desk, provider.tenantId, { status: 'in_progress', escalations: [openEscalation('esc-1')] });
      const token: string = (await desk.request('GET', '/api/shared-cases?pageSize=1', { key: provider.agent })).body
        .continuationToken;
      const escalationToken: string = (
        await desk.request('GET', '/api/escalations?status=all&pageSize=1', { key: provider.agent })
      ).body.continuationToken;
      expect(token).toEqual(expect.any(String));
      const at = Math.floor(token.length / 2);
      const tampered = `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
      const send = (query: string, key = provider.agent) => desk.request('GET', `/api/shared-cases?${query}`, { key });

      expectContinuationProblem(await send(`pageSize=1&continuationToken=${encodeURIComponent(token)}`, other.agent));
      expectContinuationProblem(await send(`pageSize=1&continuationToken=${encodeURIComponent(tampered)}`));
      expect(escalationToken).toEqual(expect.any(String));
      expectContinuationProblem(await send(`pageSize=1&continuationToken=${encodeURIComponent(escalationToken)}`));
      expect((await send(`pageSize=1&continuationToken=${encodeURIComponent(token)}`)).status).toBe(200);
    });

    it('given a pageSize outside 1 to 100, when listed, then 400 naming pageSize', async () => {
      for (const pageSize of ['0', '101', 'many'])
        expectPageSizeProblem(
          await desk.request('GET', `/api/shared-cases?pageSize=${pageSize}`, { key: provider.agent }),
        );
      expect((await desk.request('GET', '/api/shared-cases?pageSize=100', { key: provider.agent })).status).toBe(200);
    });
  });
});
