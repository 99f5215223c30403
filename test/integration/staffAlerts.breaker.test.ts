import { randomUUID } from 'node:crypto';
import type { SupportCase } from '../../shared/domain/case';
import { staffAlertFor, type StaffAlert } from '../../shared/domain/staffAlerts';
import { queueNames } from '../../shared/resourceNames';
import { staffAlertMailOf } from '../support/keptMail';
import { startTestHost, type TestHost } from '../support/testHost';
import { caseHandedToProvider, type HandedCase } from './caseWorkFixtures';

/*
 * Breaking "a staff alert is delivered to the case as it is now" for cases handed to a provider. Agent ids are each
 * tenant's own (the reseller's `kim` is not the provider's `kim`), but a case has one `assignee` field, written by
 * whichever tenant worked the case last. Through the local host on Azurite; alerts are put on the queue as the SLA
 * enforcement raises them (staffAlertFor).
 */
describe('staff alerts of a case handed to a provider, when agent ids of the two tenants coincide', () => {
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost({ maxDeliveryCount: 3 });
  });
  afterAll(() => desk.stop());

  /** Records an agent with an address of its tenant's own, so mails tell the reseller's kim from the provider's. */
  async function putAgent(adminKey: string, id: string, email: string, tiers: string[], active = true): Promise<void> {
    const answer = await desk.request('PUT', `/api/agents/${id}`, {
      key: adminKey,
      body: {
        name: id,
        email,
        role: 'agent',
        entra: { tenantId: randomUUID(), objectId: randomUUID() },
        tiers,
        active,
      },
    });
    expect({ id, status: answer.status }).toEqual({ id, status: 201 });
  }

  const caseNow = async (tenantId: string, caseId: string): Promise<SupportCase> =>
    (await desk.desk.cases.get(tenantId, caseId))!.supportCase;

  /** The handed case, placed by the provider on its tier 1 (where its directory has pia). */
  async function handedCase(
    beforeHandOver?: (caseId: string, resellerAdmin: string) => Promise<void>,
  ): Promise<HandedCase> {
    const handed = await caseHandedToProvider(desk, beforeHandOver);
    const placed = await desk.request('PATCH', `/api/cases/${handed.caseId}`, {
      key: handed.providerAgent,
      body: { tier: 'tier1', reason: 'First line looks first' },
    });
    expect(placed.status).toBe(200);
    return handed;
  }

  const raise = (supportCase: SupportCase): StaffAlert =>
    staffAlertFor(supportCase, 'slaBreach', desk.desk.clock.now(), {
      metric: 'firstResponse',
      cycle: 1,
      dueAt: desk.desk.clock.now().toISOString(),
    });

  async function deliver(alert: StaffAlert): Promise<void> {
    await desk.host.broker.publish(queueNames.staffAlerts, { body: alert, messageId: alert.alertId });
    await desk.host.idle();
  }

  const mailedAbout = (caseId: string): Promise<string[]> => staffAlertMailOf(desk, caseId);

  it('given the reseller’s kim had the case before the hand-over and the provider has a kim of its own on another tier, when a breach alert arrives, then the provider’s tier 1 agent is told, not the provider’s unrelated kim', async () => {
    // Assigned to the reseller's kim before its ladder hands the case over.
    const handed = await handedCase(async (caseId, resellerAdmin) => {
      await putAgent(resellerAdmin, 'kim', 'kim@reseller.example', ['tier1']);
      const assigned = await desk.request('PATCH', `/api/cases/${caseId}`, {
        key: resellerAdmin,
        body: { assignee: 'kim', reason: 'Kim knows the customer' },
      });
      expect(assigned.status).toBe(200);
    });
    await putAgent(handed.providerAdmin, 'kim', 'kim@provider.example', ['tier2']);
    expect((await caseNow(handed.resellerTenantId, handed.caseId)).assignee).toBeUndefined();
    const timeline = await desk.desk.cases.timeline(handed.resellerTenantId, handed.caseId);
    expect(timeline.find((event) => event.type === 'escalated')?.data).toMatchObject({ unassigned: 'kim' });

    await deliver(raise(await caseNow(handed.resellerTenantId, handed.caseId)));

    // kim@provider.example never had the case: the `kim` on it is the reseller's.
    expect(await mailedAbout(handed.caseId)).toEqual(['pia@example.com']);
  });

  it('given the provider gave the case to its pete and then deactivated its agents, when a breach alert falls back to the reseller, then the reseller’s tier 1 agent is told, not the reseller’s unrelated pete', async () => {
    const handed = await handedCase();
    await putAgent(handed.providerAdmin, 'pete', 'pete@provider.example', ['tier1']);
    const assigned = await desk.request('POST', `/api/cases/${handed.caseId}/assignment`, {
      key: handed.providerAgent,
      body: { assignee: 'pete' },
    });
    expect(assigned.status).toBe(200);
    for (const id of ['pia', 'pete']) {
      const agent = await desk.desk.agents.get(handed.providerTenantId, id);
      await desk.desk.agents.put({ ...agent!.value, active: false }, agent!.etag);
    }
    await putAgent(handed.resellerAdmin, 'pete', 'pete@reseller.example', ['tier2']);

    await deliver(raise(await caseNow(handed.resellerTenantId, handed.caseId)));

    // The reseller's pete has nothing to do with the case; its tier 1 (rex) is who the fallback should reach.
    expect(await mailedAbout(handed.caseId)).toEqual(['rex@example.com']);
  });
});
