import { escalationRequestedMessageSchema, type Escalation } from '../../shared/domain/escalation';
import { defaultSupportOffering } from '../../shared/domain/offering';
import { sweepDueCases } from '../../shared/services/slaEnforcement';
import { startTestHost, type TestHost, type TestResponse } from '../support/testHost';
import { acceptedIdsFor, openEscalation, seedCase, tenantWithKeys, type TenantKeys } from './caseWorkFixtures';

const hour = 60 * 60 * 1000;

describe('escalations to Microsoft through the API', () => {
  let desk: TestHost;
  let tenant: TenantKeys;

  beforeAll(async () => {
    desk = await startTestHost();
    tenant = await tenantWithKeys(desk);
  });
  afterAll(() => desk.stop());

  const escalate = (caseId: string, body: unknown, key = tenant.agent): Promise<TestResponse> =>
    desk.request('POST', `/api/cases/${caseId}/escalations`, { key, body });
  const update = (caseId: string, escalationId: string, body: unknown): Promise<TestResponse> =>
    desk.request('PATCH', `/api/cases/${caseId}/escalations/${escalationId}`, { key: tenant.agent, body });
  const read = (caseId: string): Promise<TestResponse> =>
    desk.request('GET', `/api/cases/${caseId}`, { key: tenant.agent });

  /**
   * The escalation requests of a case as the tenant's own integration gets them: a tenant whose Microsoft support
   * connection is `record` (the default) has them handed on to `escalation-integration` by escalateToMicrosoft.
   */
  async function requestedMessagesFor(caseId: string): Promise<unknown[]> {
    await desk.host.idle();
    const queue = desk.host.broker.queue('escalation-integration');
    const bodies: unknown[] = [];
    for (let message = queue.receive(); message; message = queue.receive()) {
      if ((message.body as { caseId?: string }).caseId === caseId) bodies.push(message.body);
      queue.complete(message.lockToken);
    }
    return bodies;
  }

  it('given a billing case, when an agent escalates it without a vehicle, then commercial support is recorded, announced and on the timeline', async () => {
    const supportCase = await seedCase(desk, tenant.tenantId, { status: 'in_progress', category: 'billing' });

    const response = await escalate(supportCase.id, { reason: 'Invoice shows seats the customer never ordered' });

    expect(response.status).toBe(201);
    expect(response.headers.get('etag')).toBeTruthy();
    expect(response.body).toMatchObject({
      id: 'esc-1',
      vehicle: 'commercialSupport',
      microsoftSeverity: 'moderate',
      status: 'requested',
    });
    const messages = await requestedMessagesFor(supportCase.id);
    expect(messages).toHaveLength(1);
    expect(escalationRequestedMessageSchema.parse(messages[0])).toMatchObject({
      escalationId: 'esc-1',
      vehicle: 'commercialSupport',
      caseSeverity: 'B',
    });
    expect(acceptedIdsFor(desk, 'escalation-requested', supportCase.id)).toEqual([
      `escalation-${supportCase.id}-esc-1`,
    ]);
    const after = (await read(supportCase.id)).body;
    expect(after).toMatchObject({ tier: 'microsoft', escalations: [response.body] });
    expect(after.outbox).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ queue: 'escalation-requested', messageId: `escalation-${supportCase.id}-esc-1` }),
      ]),
    );
    expect(after.timeline.at(-1)).toMatchObject({
      type: 'escalated',
      visibility: 'internal',
      actor: { kind: 'agent' },
    });
    expect(response.headers.get('etag')).toBe((await read(supportCase.id)).headers.get('etag'));
  });

  it('given the queue refuses the request when an agent escalates, when the SLA sweep runs a minute later, then the escalation was accepted and the request is sent once and taken off the case', async () => {
    const supportCase = await seedCase(desk, tenant.tenantId, { status: 'in_progress', category: 'billing' });
    const publish = desk.desk.publisher.publish.bind(desk.desk.publisher);
    const refusing = jest.spyOn(desk.desk.publisher, 'publish').mockImplementation(async (queue, message) => {
      if (queue === 'escalation-requested') throw new Error('Service Bus is unavailable');
      return publish(queue, message);
    });

    const response = await escalate(supportCase.id, { reason: 'Invoice shows seats the customer never ordered' });
    refusing.mockRestore();

    expect(response.status).toBe(201);
    const saved = (await read(supportCase.id)).body;
    expect(saved.escalations).toEqual([expect.objectContaining({ id: 'esc-1', status: 'requested' })]);
    expect(saved.outbox).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          queue: 'escalation-requested',
          body: expect.objectContaining({ escalationId: 'esc-1', caseId: supportCase.id }),
        }),
      ]),
    );
    expect(acceptedIdsFor(desk, 'escalation-requested', supportCase.id)).toEqual([]);

    const aMinuteLater = new Date(Date.now() + 61_000);
    await sweepDueCases({ ...desk.desk, clock: { now: () => aMinuteLater } });

    expect(acceptedIdsFor(desk, 'escalation-requested', supportCase.id)).toEqual([
      `escalation-${supportCase.id}-esc-1`,
    ]);
    expect(await requestedMessagesFor(supportCase.id)).toEqual([
      expect.objectContaining({ escalationId: 'esc-1', reason: 'Invoice shows seats the customer never ordered' }),
    ]);
    expect(
      (await read(supportCase.id)).body.outbox.filter(
        (message: { queue: string }) => message.queue === 'escalation-requested',
      ),
    ).toEqual([]);
  });

  it('given escalated and never escalated cases, when the store lists escalated cases, then Table Storage returns only the escalated ones', async () => {
    const own = await tenantWithKeys(desk);
    const escalated = await seedCase(desk, own.tenantId, { status: 'in_progress', category: 'billing' });
    const quiet = await seedCase(desk, own.tenantId, { status: 'in_progress', category: 'billing' });
    expect((await escalate(escalated.id, { reason: 'Invoice mismatch' }, own.agent)).status).toBe(201);

    const page = await desk.desk.cases.list(own.tenantId, { escalated: 'microsoft', pageSize: 100 });

    expect(page.cases.map((supportCase) => supportCase.id)).toEqual([escalated.id]);
    expect(
      (await desk.desk.cases.list(own.tenantId, { pageSize: 100 })).cases.map((supportCase) => supportCase.id).sort(),
    ).toEqual([escalated.id, quiet.id].sort());
  });

  it('given a technical case and no technical entitlement, when escalated, then 409 needsTechnicalEntitlement and nothing changes', async () => {
    const supportCase = await seedCase(desk, tenant.tenantId, { status: 'in_progress', category: 'technical' });
    const before = await read(supportCase.id);

    const response = await escalate(supportCase.id, { reason: 'VM host failure' });

    expect(response.status).toBe(409);
    expect(response.body.code).toBe('needsTechnicalEntitlement');
    expect((await read(supportCase.id)).headers.get('etag')).toBe(before.headers.get('etag'));
    expect(acceptedIdsFor(desk, 'escalation-requested', supportCase.id)).toEqual([]);
  });

  it('given the tenant holds Premier, when a severity A technical case is escalated, then it goes to Premier, due within the hour', async () => {
    const entitled = await tenantWithKeys(desk);
    await desk.desk.tenants.saveOffering(entitled.tenantId, {
      ...defaultSupportOffering(),
      settings: { ...defaultSupportOffering().settings, technicalEntitlements: ['premierSupportForPartners'] },
    });
    const supportCase = await seedCase(desk, entitled.tenantId, {
      status: 'in_progress',
      category: 'technical',
      severity: 'A',
    });

    const response = await escalate(supportCase.id, { reason: 'Production down' }, entitled.agent);

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ vehicle: 'premierSupportForPartners', microsoftSeverity: 'A' });
    expect(Date.parse(response.body.responseDueAt) - Date.parse(response.body.requestedAt)).toBe(hour);
  });

  it("given an escalation, when the agent records Microsoft's ticket, an answer and the outcome, then each is kept and on the timeline", async () => {
    const supportCase = await seedCase(desk, tenant.tenantId, { status: 'in_progress', category: 'licensing' });
    await escalate(supportCase.id, { reason: 'License not assignable' });

    const ticket = await update(supportCase.id, 'esc-1', { microsoftTicketId: '2603020010000123' });
    const answer = await update(supportCase.id, 'esc-1', {
      microsoftResponse: { at: new Date().toISOString(), summary: 'Backend fix deployed' },
      status: 'resolved',
    });

    expect(ticket.status).toBe(200);
    expect(ticket.body).toMatchObject({ microsoftTicketId: '2603020010000123', status: 'open' });
    expect(answer.body).toMatchObject({
      status: 'resolved',
      microsoftResponses: [{ summary: 'Backend fix deployed' }],
    });
    const updates = (await read(supportCase.id)).body.timeline.filter(
      (event: { type: string }) => event.type === 'escalationUpdated',
    );
    expect(updates).toHaveLength(2);
    expect(updates.every((event: { visibility: string }) => event.visibility === 'internal')).toBe(true);
  });

  it('given a case, when an escalation it does not have is updated, then 404', async () => {
    const supportCase = await seedCase(desk, tenant.tenantId, { status: 'in_progress' });
    expect((await update(supportCase.id, 'esc-7', { status: 'closed' })).status).toBe(404);
  });

  it('given escalations waiting on Microsoft, when listed, then the overdue one comes first with how long it waits, finished ones apart', async () => {
    const watcher = await tenantWithKeys(desk);
    const now = Date.now();
    // Overdue unless told otherwise: Microsoft's first answer was due two hours ago.
    const escalation = (id: string, overrides: Partial<Escalation>): Escalation =>
      openEscalation(id, { responseDueAt: new Date(now - 2 * hour).toISOString(), ...overrides });
    const overdue = await seedCase(desk, watcher.tenantId, {
      status: 'in_progress',
      escalations: [escalation('esc-1', {})],
    });
    const answered = await seedCase(desk, watcher.tenantId, {
      status: 'pending_customer',
      escalations: [
        escalation('esc-1', { status: 'closed' }),
        escalation('esc-2', {
          status: 'waitingOnPartner',
          microsoftResponses: [{ at: new Date(now - 3 * hour).toISOString(), summary: 'Need the invoice PDF' }],
        }),
      ],
    });
    await seedCase(desk, watcher.tenantId, { status: 'in_progress' });

    const open = await desk.request('GET', '/api/escalations?status=open', { key: watcher.agent });
    const finished = await desk.request('GET', '/api/escalations?status=finished', { key: watcher.agent });
    const invalid = await desk.request('GET', '/api/escalations?status=sometimes', { key: watcher.agent });

    expect(open.status).toBe(200);
    expect(
      open.body.items.map((item: { caseId: string; escalationId: string }) => [item.caseId, item.escalationId]),
    ).toEqual([
      [overdue.id, 'esc-1'],
      [answered.id, 'esc-2'],
    ]);
    expect(open.body.items[0]).toMatchObject({ overdue: true, waitingOn: 'microsoft', caseNumber: overdue.caseNumber });
    expect(open.body.items[0].waitingMinutes).toBeGreaterThanOrEqual(600);
    expect(open.body.items[1]).toMatchObject({
      overdue: false,
      waitingOn: 'partner',
      lastMicrosoftResponse: { summary: 'Need the invoice PDF' },
    });
    expect(finished.body.items.map((item: { escalationId: string }) => item.escalationId)).toEqual(['esc-1']);
    expect(invalid.status).toBe(400);
  });
});
