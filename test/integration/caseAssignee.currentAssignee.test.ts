import { randomUUID } from 'node:crypto';
import { startTestHost, type TestHost, type TestResponse } from '../support/testHost';
import { seedCase, tenantWithKeys } from './caseWorkFixtures';

/*
 * PATCH /api/cases/{id} now checks a named assignee against the agents directory (caseWork.ts assignableAgent), as
 * POST /api/cases/{id}/assignment does, whose definition promises that "assigning the current assignee again changes
 * nothing". A client that sends the case's fields back as it read them, with one corrected, names the current assignee
 * again: a case taken by staff who work under their own API key (its key id, which no agents directory holds), or by an
 * agent who has since left. Naming the current assignee changes nothing, so it must not refuse the correction with it.
 */
describe('a correction that names the case’s current assignee again', () => {
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost();
  });
  afterAll(() => desk.stop());

  const patch = (key: string, caseId: string, body: unknown): Promise<TestResponse> =>
    desk.request('PATCH', `/api/cases/${caseId}`, { key, body });

  it('given a case an agent working under its own API key took, when an admin corrects its severity and sends the assignee back unchanged, then 200 and the severity changes', async () => {
    const tenant = await tenantWithKeys(desk);
    const staffKeyId: string = (await desk.request('GET', '/api/queues/summary', { key: tenant.agent })).body.me;
    const supportCase = await seedCase(desk, tenant.tenantId, { status: 'in_progress' });
    const taken = await desk.request('POST', `/api/cases/${supportCase.id}/assignment`, {
      key: tenant.agent,
      body: { assignee: staffKeyId },
    });
    expect(taken.status).toBe(200);

    const corrected = await patch(tenant.admin, supportCase.id, {
      severity: 'A',
      assignee: staffKeyId,
      reason: 'Production is down',
    });

    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({ severity: 'A', assignee: staffKeyId });
  });

  it('given a case of an agent who has since been deactivated, when an agent corrects its severity and sends the assignee back unchanged, then 200 and the severity changes', async () => {
    const tenant = await tenantWithKeys(desk);
    const lee = {
      id: 'lee',
      tenantId: tenant.tenantId,
      name: 'Lee Former',
      email: 'lee@example.com',
      role: 'agent' as const,
      entra: { tenantId: randomUUID(), objectId: randomUUID() },
      tiers: ['tier1' as const],
      active: false,
      updatedAt: new Date().toISOString(),
    };
    await desk.desk.agents.put(lee);
    const supportCase = await seedCase(desk, tenant.tenantId, { status: 'in_progress', assignee: 'lee' });

    const corrected = await patch(tenant.agent, supportCase.id, {
      severity: 'A',
      assignee: 'lee',
      reason: 'Production is down',
    });

    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({ severity: 'A', assignee: 'lee' });
  });
});
