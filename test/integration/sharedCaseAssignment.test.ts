import { randomUUID } from 'node:crypto';
import { slaTestOffering } from '../fixtures/sla/slaOffering';
import { startTestHost, type TestHost } from '../support/testHost';

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

  async function putAgent(adminKey: string, agentId: string, name: string): Promise<void> {
    const answer = await desk.request('PUT', `/api/agents/${agentId}`, {
      key: adminKey,
      body: {
        name,
        email: `${agentId}@example.com`,
        role: 'agent',
        entra: { tenantId: randomUUID(), objectId: randomUUID() },
        tiers: ['tier1'],
      },
    });
    if (answer.status !== 201) throw new Error(`PUT /api/agents/${agentId} answered ${answer.status}: ${answer.text}`);
  }

  /** A case of the reseller, handed to the provider by a ladder step. */
  async function handedCase(): Promise<{ caseId: string; providerAdmin: string; resellerAdmin: string }> {
    const provider = await desk.newTenantKey('admin');
    const reseller = await desk.newTenantKey('admin');
    await desk.desk.tenants.saveOffering(
      reseller.tenantId,
      slaTestOffering({
        escalationLadder: [
          { kind: 'tier', tier: 'tier1' },
          { kind: 'partnerTenant', tenantId: provider.tenantId, name: 'Contoso Distribution' },
        ],
      }),
    );
    await putAgent(provider.key, 'pia', 'Pia Provider');
    await putAgent(reseller.key, 'rex', 'Rex Reseller');
    const opened = await desk.request('POST', '/api/cases', {
      key: reseller.key,
      body: {
        title: 'Mailbox quota warnings',
        description: 'Several users get quota warnings although their mailboxes are half empty.',
        product: 'microsoft365',
        customer: { tenantId: '7f3c9a52-1b2d-4e8f-9a6b-0c1d2e3f4a5b', name: 'Fabrikam' },
        contact: { name: 'Max Muster', email: 'max@fabrikam.example' },
      },
    });
    if (opened.status !== 201) throw new Error(`POST /api/cases answered ${opened.status}: ${opened.text}`);
    await desk.host.idle();
    const step = await desk.request('POST', `/api/cases/${opened.body.id}/ladder-steps`, {
      key: reseller.key,
      body: { reason: 'Needs the distributor' },
    });
    if (step.status !== 200) throw new Error(`ladder step answered ${step.status}: ${step.text}`);
    return { caseId: opened.body.id, providerAdmin: provider.key, resellerAdmin: reseller.key };
  }

  it('given a handed case, when a provider agent assigns it to an agent of the provider, then 200 and the case is theirs', async () => {
    const { caseId, providerAdmin } = await handedCase();

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
    const { caseId, providerAdmin, resellerAdmin } = await handedCase();

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
});
