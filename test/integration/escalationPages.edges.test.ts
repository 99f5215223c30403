import type { SupportCase } from '../../shared/domain/case';
import { startTestHost, type TestHost } from '../support/testHost';
import { openEscalation, seedCase, tenantWithKeys } from './caseWorkFixtures';

/*
 * GET /api/escalations resumes at a position (case id, index of the escalation within the case) sealed into the token
 * (microsoftEscalation.ts watchEscalationPage). Escalations are only appended, so an index keeps its escalation: one
 * requested on the very case a page stopped inside, before the next page is read, comes once, after those of that case
 * already listed.
 */
describe('escalation pages when a case the list stopped inside changes', () => {
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost();
  });
  afterAll(() => desk.stop());

  it('given a page that stopped inside a case, when that case gets another escalation before the next page, then the rest of the list holds it once and repeats nothing', async () => {
    const tenant = await tenantWithKeys(desk);
    const cases: SupportCase[] = [];
    for (const count of [3, 1])
      cases.push(
        await seedCase(desk, tenant.tenantId, {
          status: 'in_progress',
          escalations: Array.from({ length: count }, (_, index) => openEscalation(`esc-${index + 1}`)),
        }),
      );
    const [a, b] = cases.sort((x, y) => (x.id < y.id ? -1 : 1)) as [SupportCase, SupportCase];
    const listed = (body: { items: Array<{ caseId: string; escalationId: string }> }): string[] =>
      body.items.map((item) => `${item.caseId}/${item.escalationId}`);

    const first = await desk.request('GET', '/api/escalations?pageSize=2', { key: tenant.agent });
    const stored = await desk.desk.cases.get(tenant.tenantId, a.id);
    const appended = {
      ...stored!.supportCase,
      escalations: [...stored!.supportCase.escalations, openEscalation('esc-4')],
    };
    expect((await desk.desk.cases.update(stored!, appended, [])).kind).toBe('saved');
    const rest: string[] = [];
    let token: string | null = first.body.continuationToken;
    while (token) {
      const page = await desk.request(
        'GET',
        `/api/escalations?pageSize=2&continuationToken=${encodeURIComponent(token)}`,
        {
          key: tenant.agent,
        },
      );
      expect(page.status).toBe(200);
      rest.push(...listed(page.body));
      token = page.body.continuationToken;
    }

    expect(listed(first.body)).toEqual([`${a.id}/esc-1`, `${a.id}/esc-2`]);
    expect(rest).toEqual([`${a.id}/esc-3`, `${a.id}/esc-4`, `${b.id}/esc-1`]);
  });
});
