import { startTestHost, type TestHost } from '../support/testHost';
import { seedCase, tenantWithKeys, type TenantKeys } from './caseWorkFixtures';

/*
 * The Microsoft vehicle follows the case: billing, subscription and licensing go to commercial support, technical
 * matters to the partner's technical entitlement. An agent's correction of the category is the case's category from
 * then on, whatever triage concluded before it.
 */

describe('the escalation vehicle follows an agent’s category correction', () => {
  let desk: TestHost;
  let tenant: TenantKeys;

  beforeAll(async () => {
    desk = await startTestHost();
  });
  beforeEach(async () => {
    tenant = await tenantWithKeys(desk);
  });
  afterAll(() => desk.stop());

  const triaged = (vehicleKind: 'commercial' | 'technical') => ({
    decidedAt: new Date().toISOString(),
    scope: 'beyondBasicSupport' as const,
    escalationCandidate: true,
    vehicleKind,
    matchedRuleIds: [],
  });

  it('given a case triage took for technical, when an agent corrects it to billing and escalates, then it goes to commercial support', async () => {
    const seeded = await seedCase(desk, tenant.tenantId, {
      status: 'in_progress',
      category: 'technical',
      triage: triaged('technical'),
    });
    const patched = await desk.request('PATCH', `/api/cases/${seeded.id}`, {
      key: tenant.agent,
      body: { category: 'billing', reason: 'A question about the invoice, not a fault' },
    });
    expect(patched.status).toBe(200);

    const escalated = await desk.request('POST', `/api/cases/${seeded.id}/escalations`, {
      key: tenant.agent,
      body: { reason: 'Invoice lists seats we never had' },
    });

    expect(escalated.status).toBe(201);
    expect(escalated.body).toMatchObject({ vehicle: 'commercialSupport' });
  });

  it('given a case triage took for commercial, when an agent corrects it to technical and escalates without a technical entitlement, then the desk refuses with needsTechnicalEntitlement', async () => {
    const seeded = await seedCase(desk, tenant.tenantId, {
      status: 'in_progress',
      category: 'billing',
      triage: triaged('commercial'),
    });
    const patched = await desk.request('PATCH', `/api/cases/${seeded.id}`, {
      key: tenant.agent,
      body: { category: 'technical', reason: 'The VM does not start; the invoice was a side remark' },
    });
    expect(patched.status).toBe(200);

    const escalated = await desk.request('POST', `/api/cases/${seeded.id}/escalations`, {
      key: tenant.agent,
      body: { reason: 'VM does not boot' },
    });

    expect(escalated.status).toBe(409);
    expect(escalated.body.code).toBe('needsTechnicalEntitlement');
  });

  it('given a technical case flagged for want of a technical entitlement, when an agent corrects it to licensing, then the flag is cleared and the next ladder step goes to commercial support', async () => {
    const seeded = await seedCase(desk, tenant.tenantId, {
      status: 'in_progress',
      category: 'technical',
      triage: triaged('technical'),
      flags: ['needsTechnicalEntitlement'],
      escalationLevel: 1,
    });

    const patched = await desk.request('PATCH', `/api/cases/${seeded.id}`, {
      key: tenant.agent,
      body: { category: 'licensing', reason: 'The customer lacks licences; nothing is broken' },
    });
    const stepped = await desk.request('POST', `/api/cases/${seeded.id}/ladder-steps`, {
      key: tenant.agent,
      body: { reason: 'Microsoft must assign the licences' },
    });

    expect(patched.status).toBe(200);
    expect(patched.body.flags).not.toContain('needsTechnicalEntitlement');
    expect(stepped.status).toBe(200);
    expect(stepped.body.escalations).toEqual([expect.objectContaining({ vehicle: 'commercialSupport' })]);
  });
});
