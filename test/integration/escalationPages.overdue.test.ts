import type { SupportCase } from '../../shared/domain/case';
import type { Escalation } from '../../shared/domain/escalation';
import { ManualClock } from '../support/manualClock';
import { startTestHost, type TestHost, type TestResponse } from '../support/testHost';
import { caseHandedToProvider, openEscalation, seedCase, tenantWithKeys } from './caseWorkFixtures';

/*
 * GET /api/escalations?overdue=true lists only what needs attention now, paged as the whole list is: the same order
 * (own cases, then handed-over cases, by case id), at most `pageSize` a page, a token signed for the filter. Whether an
 * escalation is overdue is decided from the desk's clock when each page is read, so the clock here moves only when a
 * test moves it.
 */

const minute = 60_000;

type Page = { asOf: string; items: Array<Record<string, any>>; continuationToken: string | null };

const listed = (pages: Page[]): string[] =>
  pages.flatMap((page) => page.items.map((item) => `${item.caseId}/${item.escalationId}`));

function expectProblemNaming(response: TestResponse, field: string): void {
  expect({
    status: response.status,
    fields: response.body?.errors?.map((error: { field: string }) => error.field),
  }).toEqual({ status: 400, fields: [field] });
  expect(response.headers.get('content-type')).toContain('application/problem+json');
}

describe('the overdue filter of GET /api/escalations', () => {
  let desk: TestHost;
  const clock = new ManualClock(new Date());

  beforeAll(async () => {
    desk = await startTestHost({ clock });
  });
  afterAll(() => desk.stop());
  afterEach(() => jest.restoreAllMocks());

  /** An open escalation requested ten hours before the clock's now, its answer due `dueInMinutes` from now. */
  const escalation = (id: string, dueInMinutes: number, overrides: Partial<Escalation> = {}): Escalation =>
    openEscalation(id, {
      requestedAt: new Date(clock.now().getTime() - 600 * minute).toISOString(),
      responseDueAt: new Date(clock.now().getTime() + dueInMinutes * minute).toISOString(),
      ...overrides,
    });
  const overdue = (id: string, overrides: Partial<Escalation> = {}): Escalation => escalation(id, -60, overrides);
  const dueLater = (id: string, overrides: Partial<Escalation> = {}): Escalation => escalation(id, 120, overrides);
  const answered = {
    microsoftResponses: [{ at: new Date(clock.now().getTime() - 30 * minute).toISOString(), summary: 'On it' }],
  };

  /** Cases of the tenant, one per list of escalations, opened a millisecond apart: in case id order. */
  async function casesWith(tenantId: string, ...escalationLists: Escalation[][]): Promise<SupportCase[]> {
    const cases: SupportCase[] = [];
    for (const escalations of escalationLists) {
      clock.advance(1);
      cases.push(await seedCase(desk, tenantId, { status: 'in_progress', escalations }));
    }
    return cases;
  }

  /** Replaces a stored case's escalations, as PATCH .../escalations would leave them. */
  async function setEscalations(tenantId: string, caseId: string, escalations: Escalation[]): Promise<void> {
    const stored = await desk.desk.cases.get(tenantId, caseId);
    const saved = await desk.desk.cases.update(stored!, { ...stored!.supportCase, escalations }, []);
    expect(saved.kind).toBe('saved');
  }

  const page = async (query: string, key: string, token: string | null = null): Promise<Page> => {
    const tail = token ? `&continuationToken=${encodeURIComponent(token)}` : '';
    const response = await desk.request('GET', `/api/escalations?${query}${tail}`, { key });
    expect({ status: response.status, text: response.status === 200 ? '' : response.text }).toEqual({
      status: 200,
      text: '',
    });
    return response.body as Page;
  };

  /** Every page from `token` (or the start) to the one whose continuationToken is null. */
  async function pagesFrom(query: string, key: string, token: string | null = null): Promise<Page[]> {
    const pages: Page[] = [];
    do {
      pages.push(await page(query, key, token));
      token = pages[pages.length - 1]!.continuationToken;
      expect(pages.length).toBeLessThan(50);
    } while (token);
    return pages;
  }

  it('given overdue escalations among others on own and handed-over cases, when overdue=true is paged, then only the overdue ones come, each once, own cases first, by case id', async () => {
    const handed = await caseHandedToProvider(desk);
    await setEscalations(handed.resellerTenantId, handed.caseId, [
      overdue('esc-1'),
      dueLater('esc-2'),
      overdue('esc-3'),
    ]);
    const [a, , , d] = await casesWith(
      handed.providerTenantId,
      [overdue('esc-1'), dueLater('esc-2'), overdue('esc-3')],
      [dueLater('esc-1')],
      [overdue('esc-1', answered), overdue('esc-2', { status: 'closed' })],
      [overdue('esc-1')],
    );

    const pages = await pagesFrom('overdue=true&pageSize=2', handed.providerAgent);

    expect(listed(pages)).toEqual([
      `${a!.id}/esc-1`,
      `${a!.id}/esc-3`,
      `${d!.id}/esc-1`,
      `${handed.caseId}/esc-1`,
      `${handed.caseId}/esc-3`,
    ]);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages.every((each) => each.items.length <= 2)).toBe(true);
    expect(pages.flatMap((each) => each.items).every((item) => item.overdue === true)).toBe(true);
    expect(pages[pages.length - 1]!.continuationToken).toBeNull();
  });

  it('given overdue=true, when one page is read, then each source is read at most one storage page of at most pageSize rows', async () => {
    const handed = await caseHandedToProvider(desk);
    await casesWith(handed.providerTenantId, [dueLater('esc-1')], [dueLater('esc-1')], [overdue('esc-1')]);
    const list = jest.spyOn(desk.desk.cases, 'list');
    const shares = jest.spyOn(desk.desk.caseShares, 'listPage');

    const first = await page('overdue=true&pageSize=2', handed.providerAgent);

    expect(first.items).toEqual([]);
    expect(first.continuationToken).toEqual(expect.any(String));
    expect(list).toHaveBeenCalledTimes(1);
    expect(list.mock.calls[0]![1].pageSize).toBeLessThanOrEqual(2);
    expect(shares.mock.calls.length).toBeLessThanOrEqual(1);
  });

  it('given a token of an overdue=true list, when it is sent with overdue=false, without overdue or with another status, then 400 naming continuationToken; with the same filter, 200', async () => {
    const tenant = await tenantWithKeys(desk);
    await casesWith(tenant.tenantId, [overdue('esc-1'), overdue('esc-2')], [overdue('esc-1')]);
    const token = (await page('status=open&overdue=true&pageSize=1', tenant.agent)).continuationToken;
    const unfiltered = (await page('status=open&pageSize=1', tenant.agent)).continuationToken;
    expect(token).toEqual(expect.any(String));
    expect(unfiltered).toEqual(expect.any(String));
    const send = (query: string, continuation: string) =>
      desk.request('GET', `/api/escalations?${query}&continuationToken=${encodeURIComponent(continuation)}`, {
        key: tenant.agent,
      });

    expectProblemNaming(await send('status=open&overdue=false&pageSize=1', token!), 'continuationToken');
    expectProblemNaming(await send('status=open&pageSize=1', token!), 'continuationToken');
    expectProblemNaming(await send('status=all&overdue=true&pageSize=1', token!), 'continuationToken');
    expectProblemNaming(await send('status=open&overdue=true&pageSize=1', unfiltered!), 'continuationToken');
    expect((await send('overdue=true&pageSize=1', token!)).status).toBe(200);
    expect((await send('pageSize=1', unfiltered!)).status).toBe(200);
  });

  it('given overdue other than true or false, when listed, then 400 naming overdue; true and false are 200', async () => {
    const tenant = await tenantWithKeys(desk);
    const send = (query: string) => desk.request('GET', `/api/escalations?${query}`, { key: tenant.agent });

    for (const value of ['yes', '1', 'TRUE', 'False', '', 'true,false'])
      expectProblemNaming(await send(`overdue=${encodeURIComponent(value)}`), 'overdue');
    expectProblemNaming(await send('overdue=true&overdue=true'), 'overdue');
    expect((await send('overdue=true')).status).toBe(200);
    expect((await send('overdue=false')).status).toBe(200);
  });

  it('given escalations that fall due while a client pages overdue=true, when the clock passes their due time between two pages, then those the list has not reached come, those it passed do not, and a new listing has them all', async () => {
    const tenant = await tenantWithKeys(desk);
    const [passed, first, ahead, last] = await casesWith(
      tenant.tenantId,
      [dueLater('esc-1')],
      [overdue('esc-1')],
      [dueLater('esc-1')],
      [overdue('esc-1')],
    );
    const before: Page[] = [await page('overdue=true&pageSize=1', tenant.agent)];
    while (listed(before).length === 0 && before.length < 10)
      before.push(await page('overdue=true&pageSize=1', tenant.agent, before.at(-1)!.continuationToken));

    clock.advance(180 * minute);
    const after = await pagesFrom('overdue=true&pageSize=1', tenant.agent, before.at(-1)!.continuationToken);

    expect(listed(before)).toEqual([`${first!.id}/esc-1`]);
    expect(before[0]!.items).toEqual([]);
    expect(before[0]!.continuationToken).toEqual(expect.any(String));
    expect(listed(after)).toEqual([`${ahead!.id}/esc-1`, `${last!.id}/esc-1`]);
    expect(after.flatMap((each) => each.items).every((item) => item.overdue === true)).toBe(true);
    expect(Date.parse(after[0]!.asOf)).toBe(clock.now().getTime());
    expect(listed(await pagesFrom('overdue=true&pageSize=1', tenant.agent))).toEqual(
      [passed!, first!, ahead!, last!].map((supportCase) => `${supportCase.id}/esc-1`),
    );
  });

  it('given an overdue escalation Microsoft answers while a client pages overdue=true, when the list reaches it, then it is not listed', async () => {
    const tenant = await tenantWithKeys(desk);
    const [first, answeredLater] = await casesWith(tenant.tenantId, [overdue('esc-1')], [overdue('esc-1')]);
    const firstPage = await page('overdue=true&pageSize=1', tenant.agent);

    await setEscalations(tenant.tenantId, answeredLater!.id, [overdue('esc-1', answered)]);
    const rest = await pagesFrom('overdue=true&pageSize=1', tenant.agent, firstPage.continuationToken);

    expect(listed([firstPage])).toEqual([`${first!.id}/esc-1`]);
    expect(listed(rest)).toEqual([]);
  });

  it('given open, answered and finished escalations, when status and overdue are combined, then each list holds what both say', async () => {
    const tenant = await tenantWithKeys(desk);
    const [a, b] = await casesWith(
      tenant.tenantId,
      [overdue('esc-1'), dueLater('esc-2'), overdue('esc-3', { ...answered, status: 'waitingOnPartner' })],
      [overdue('esc-1', { status: 'closed' }), dueLater('esc-2', { status: 'resolved' }), overdue('esc-3')],
    );
    const list = async (query: string): Promise<string[]> =>
      listed(await pagesFrom(`${query}&pageSize=1`, tenant.agent)).map((id) =>
        id.replace(a!.id, 'a').replace(b!.id, 'b'),
      );

    expect(await list('status=open&overdue=true')).toEqual(['a/esc-1', 'b/esc-3']);
    expect(await list('status=open&overdue=false')).toEqual(['a/esc-2', 'a/esc-3']);
    expect(await list('status=finished&overdue=true')).toEqual([]);
    expect(await list('status=finished&overdue=false')).toEqual(['b/esc-1', 'b/esc-2']);
    expect(await list('status=all&overdue=true')).toEqual(['a/esc-1', 'b/esc-3']);
    expect(await list('status=all&overdue=false')).toEqual(['a/esc-2', 'a/esc-3', 'b/esc-1', 'b/esc-2']);
    expect(await list('overdue=true')).toEqual(await list('status=open&overdue=true'));
  });
});
