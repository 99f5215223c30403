import { startTestHost, type TestHost } from '../support/testHost';
import { caseHandedToProvider, putDirectoryAgent } from './caseWorkFixtures';

/*
 * Once a reseller's ladder hands a case to its provider, the provider works it (README "Partner tenant step"), so
 * `POST /api/cases/{id}/assignment` by a provider's agent gives the case to one of the provider's agents. The
 * reseller's agents directory is not the provider's to read: an id only the reseller has is a 400 naming nobody.
 */
describe('assignment of a case a reseller handed to its provider', () => {
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost();
  });
  afterAll(() => desk.stop());

  it('given a handed case, when a provider agent assigns it to an agent of the provider, then 200 and the case is theirs', async () => {
    const { caseId, providerAdmin } = await caseHandedToProvider(desk);

    const assigned = await desk.request('POST', `/api/cases/${caseId}/assignment`, {
      key: providerAdmin,
      body: { assignee: 'pia' },
    });

    expect(assigned.status).toBe(200);
    expect(assigned.body.assignee).toBe('pia');
    expect(assigned.body.timeline.at(-1).data).toMatchObject({ field: 'assignee', to: 'pia' });
    expect(assigned.body.timeline.at(-1).summary).toContain('Pia Provider');
  });

  it('given a handed case, when a provider agent assigns it to an id only the reseller has, then 400 naming nobody of the reseller and the case keeps no assignee', async () => {
    const { caseId, providerAdmin, resellerAdmin } = await caseHandedToProvider(desk);

    const refused = await desk.request('POST', `/api/cases/${caseId}/assignment`, {
      key: providerAdmin,
      body: { assignee: 'rex' },
    });

    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.text).not.toContain('Rex Reseller');
    const read = await desk.request('GET', `/api/cases/${caseId}`, { key: resellerAdmin });
    expect(read.body.assignee).toBeUndefined();
    expect(read.text).not.toContain('Rex Reseller');
  });

  it("given the provider gave a handed case to its pia and the reseller has a pia of its own, when the reseller lists pia's cases, then the handed case is not hers; listed without the filter it is still there", async () => {
    const { caseId, providerAdmin, resellerAdmin } = await caseHandedToProvider(desk);
    await putDirectoryAgent(desk, resellerAdmin, 'pia', 'Pia Reseller');
    const assigned = await desk.request('POST', `/api/cases/${caseId}/assignment`, {
      key: providerAdmin,
      body: { assignee: 'pia' },
    });
    expect(assigned.status).toBe(200);

    const piasCases = await desk.request('GET', '/api/cases?assignee=pia', { key: resellerAdmin });
    const piasOpenCases = await desk.request('GET', '/api/cases?assignee=pia&status=enriched', { key: resellerAdmin });
    const allCases = await desk.request('GET', '/api/cases', { key: resellerAdmin });

    expect(piasCases.status).toBe(200);
    expect(piasCases.body.items.map((item: { id: string }) => item.id)).not.toContain(caseId);
    expect(piasOpenCases.body.items.map((item: { id: string }) => item.id)).not.toContain(caseId);
    expect(allCases.body.items.map((item: { id: string }) => item.id)).toContain(caseId);
  });
});
