import { openPortalCase, newCaseRequestSchema } from '../../shared/domain/newCase';
import { changeCase } from '../../shared/services/caseUpdates';
import { newCaseId } from '../../shared/services/ids';
import { startTestHost, type TestHost } from '../support/testHost';

const customerTenantId = '2d6c1f7e-5a4b-4c3d-9e8f-1a2b3c4d5e6f';

const portalCase = {
  title: 'Rechnung für Oktober doppelt belastet',
  description:
    'Hallo, wir haben die Rechnung für Microsoft 365 Business Premium im Oktober zweimal bezahlt. Bitte um Gutschrift.',
  product: 'microsoft365',
  customer: { tenantId: customerTenantId, name: 'Fabrikam GmbH' },
  contact: { name: 'Jana Beispiel', email: 'jana@fabrikam.example' },
};

describe('triage and enrichment pipeline', () => {
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost();
  });
  afterAll(() => desk.stop());

  async function openAndSettle(key: string, body: unknown = portalCase): Promise<any> {
    const created = await desk.request('POST', '/api/cases', { key, body });
    expect(created.status).toBe(201);
    await desk.host.idle();
    return (await desk.request('GET', `/api/cases/${created.body.id}`, { key })).body;
  }

  it('given a portal case of a known customer, when the pipeline runs, then it is triaged, enriched, entitled and its SLA started', async () => {
    const { key, tenantId } = await desk.newTenantKey('agent');
    await desk.desk.customers.put(tenantId, {
      customerTenantId,
      name: 'Fabrikam GmbH',
      domains: ['fabrikam.example'],
      addresses: [],
      supportPlanId: 'standard',
      billingMode: 'included',
      cspSubscriptions: [],
      updatedAt: new Date().toISOString(),
    });

    const supportCase = await openAndSettle(key);

    expect(supportCase.status).toBe('enriched');
    expect(supportCase).toMatchObject({ product: 'microsoft365', category: 'billing' });
    expect(supportCase.triage).toMatchObject({ scope: expect.any(String), matchedRuleIds: expect.any(Array) });
    expect(supportCase.entitlement).toMatchObject({ customerKnown: true, planId: 'standard' });
    expect(supportCase.flags).not.toContain('unknownCustomer');
    expect(supportCase.slaHistory[0]).toMatchObject({ type: 'opened', at: Date.parse(supportCase.createdAt) });
    expect(supportCase.sla.clocks.find((clock: { metric: string }) => clock.metric === 'firstResponse')).toMatchObject({
      state: 'running',
    });
    const types = supportCase.timeline.map((event: { type: string }) => event.type);
    expect(types).toEqual(['created', 'queuedForTriage', 'triaged', 'enriched', 'slaStarted']);
    const triaged = supportCase.timeline.find((event: { type: string }) => event.type === 'triaged');
    expect(triaged.summary).toMatch(/billing/);
    expect(triaged.data.explanation.length).toBeGreaterThan(0);
  });

  it('given a customer the tenant does not know, when enriched, then the case is flagged for follow-up and billed per incident', async () => {
    const { key } = await desk.newTenantKey('agent');

    const supportCase = await openAndSettle(key);

    expect(supportCase.status).toBe('enriched');
    expect(supportCase.flags).toContain('unknownCustomer');
    expect(supportCase.entitlement).toMatchObject({
      customerKnown: false,
      covered: false,
      billable: true,
      billingMode: 'perIncident',
    });
  });

  it('given two similar requests of one customer within a day, when the second is enriched, then it is linked as a possible duplicate', async () => {
    const { key } = await desk.newTenantKey('agent');
    const first = await openAndSettle(key);

    const second = await openAndSettle(key, { ...portalCase, title: 'Rechnung Oktober doppelt belastet?' });

    expect(second.flags).toContain('possibleDuplicate');
    expect(second.linkedCaseIds).toEqual([first.id]);
    expect(first.flags).not.toContain('possibleDuplicate');
  });

  it('given every stage message delivered three times, when the pipeline settles, then the case state and timeline are as after one delivery', async () => {
    const { key, tenantId } = await desk.newTenantKey('agent');
    const created = await desk.request('POST', '/api/cases', { key, body: portalCase });
    await desk.host.idle();
    const once = (await desk.request('GET', `/api/cases/${created.body.id}`, { key })).body;

    for (const queue of ['case-triage', 'case-enrichment']) {
      for (let copy = 0; copy < 3; copy += 1) {
        desk.host.broker
          .queue(queue)
          .send({ body: { tenantId, caseId: created.body.id }, messageId: `redelivery-${queue}-${copy}` });
      }
    }
    await desk.host.idle();
    const after = (await desk.request('GET', `/api/cases/${created.body.id}`, { key })).body;

    expect(after.timeline).toEqual(once.timeline);
    expect(after.status).toBe('enriched');
    expect(
      desk.host.broker
        .queue('case-enrichment')
        .acceptedMessageIds()
        .filter((id) => id === `enrich-${created.body.id}`),
    ).toHaveLength(1);
  });

  it('given an agent took a new case into work before triage, when the pipeline runs, then it is still triaged, enriched and timed', async () => {
    const { key, tenantId } = await desk.newTenantKey('agent');
    const created = await desk.desk.cases.create(tenantId, (caseNumber) =>
      openPortalCase(newCaseRequestSchema.parse(portalCase), {
        id: newCaseId(new Date()),
        tenantId,
        caseNumber,
        now: new Date(),
        actor: { kind: 'agent' },
      }),
    );
    const caseId = created.stored.supportCase.id;
    await changeCase(desk.desk.cases, tenantId, caseId, (current) => ({
      next: { ...current.supportCase, status: 'in_progress' },
      events: [],
    }));

    desk.host.broker.queue('case-triage').send({ body: { tenantId, caseId }, messageId: `triage-${caseId}` });
    await desk.host.idle();

    const supportCase = (await desk.request('GET', `/api/cases/${caseId}`, { key })).body;
    expect(supportCase.status).toBe('in_progress');
    expect(supportCase.triage).toBeDefined();
    expect(supportCase.entitlement).toBeDefined();
    expect(supportCase.sla.clocks.find((clock: { metric: string }) => clock.metric === 'firstResponse').state).toBe(
      'running',
    );
  });

  it('given a stage message that does not fit, when delivered, then it is dead-lettered at its first delivery; one that names no case is completed, as there is nothing to triage; others still pass', async () => {
    const { key } = await desk.newTenantKey('agent');
    const queue = desk.host.broker.queue('case-triage');
    queue.send({ body: { caseId: 'x' }, messageId: 'bad-shape' });
    queue.send({ body: { tenantId: 'nobody', caseId: 'missing' }, messageId: 'missing-case' });
    const good = await openAndSettle(key);

    await desk.host.idle(20_000);

    expect(good.status).toBe('enriched');
    const letters = Object.fromEntries(queue.deadLetters().map((letter) => [letter.messageId, letter]));
    expect(letters['bad-shape']).toMatchObject({
      deliveryCount: 1,
      deadLetterReason: 'InvalidMessage',
      deadLetterErrorDescription: expect.stringMatching(/^triageCase cannot process message bad-shape: tenantId/),
    });
    // A case is saved before any message about it is sent, so one missing now will not appear on a redelivery.
    expect(letters['missing-case']).toBeUndefined();
    expect(queue.depth).toBe(0);
  });
});
