import { randomUUID } from 'node:crypto';
import type { Agent } from '../../shared/domain/agent';
import { startTestHost, type TestHost } from '../support/testHost';
import { seedCase, tenantWithKeys } from './caseWorkFixtures';

/*
 * Review of 5cb204b (caseWork.ts correctCaseFields): the "current assignee sent back unchanged" exemption compares the
 * PATCH's assignee with the case as workableCase read it, but the correction is applied to a fresh read
 * (correctCheckedFields -> work). A reassignment in between turns the exemption into a way to give the case to an
 * agent who is no longer active, which the assignee rule (c734c13) refuses. On Azurite.
 */
describe('a correction naming the current assignee while the case is reassigned', () => {
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost();
  });
  afterAll(() => desk.stop());

  const agent = (tenantId: string, id: string, active: boolean): Agent => ({
    id,
    tenantId,
    name: id,
    email: `${id}@example.com`,
    role: 'agent',
    entra: { tenantId: randomUUID(), objectId: randomUUID() },
    tiers: ['tier1'],
    active,
    updatedAt: new Date().toISOString(),
  });

  it('given a case of a deactivated agent that another agent takes while a correction sending the old assignee back is under way, when the correction lands (no If-Match), then it is a 409 assigneeChanged and does not give the case back to the deactivated agent', async () => {
    const tenant = await tenantWithKeys(desk);
    await desk.desk.agents.put(agent(tenant.tenantId, 'lee', false));
    await desk.desk.agents.put(agent(tenant.tenantId, 'bob', true));
    const supportCase = await seedCase(desk, tenant.tenantId, { status: 'in_progress', assignee: 'lee' });
    const cases = desk.desk.cases;
    const read = cases.get.bind(cases);
    let reassignedInBetween = false;
    const spy = jest.spyOn(cases, 'get').mockImplementation(async (tenantId, caseId) => {
      const found = await read(tenantId, caseId);
      if (!reassignedInBetween && caseId === supportCase.id) {
        reassignedInBetween = true;
        const taken = await desk.request('POST', `/api/cases/${supportCase.id}/assignment`, {
          key: tenant.agent,
          body: { assignee: 'bob' },
        });
        expect(taken.status).toBe(200);
      }
      return found;
    });

    const corrected = await desk.request('PATCH', `/api/cases/${supportCase.id}`, {
      key: tenant.agent,
      body: { severity: 'A', assignee: 'lee', reason: 'Production is down' },
    });
    spy.mockRestore();

    expect(reassignedInBetween).toBe(true);
    const timeline = await desk.desk.cases.timeline(tenant.tenantId, supportCase.id);
    expect(timeline.map((event) => event.summary).join('\n')).toMatch(/bob/i);
    const after = await desk.desk.cases.get(tenant.tenantId, supportCase.id);
    expect(after?.supportCase.assignee).toBe('bob');
    expect(corrected.status).toBe(409);
    expect(corrected.body.code).toBe('assigneeChanged');
  });
});
