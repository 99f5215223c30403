import { RestError } from '@azure/core-rest-pipeline';
import { queueNames } from '../../shared/resourceNames';
import { startTestHost, type TestHost } from '../support/testHost';

const portalCase = {
  title: 'Teams calls drop after ten minutes',
  description: 'Since Monday every Teams call in our Berlin office drops after about ten minutes.',
  product: 'microsoft365',
  customer: { tenantId: '7f3c9a52-1b2d-4e8f-9a6b-0c1d2e3f4a5b', name: 'Fabrikam Ltd' },
  contact: { name: 'Ann Example', email: 'ann@fabrikam.example' },
};

describe('queue functions and messages that can never be processed', () => {
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost();
  });
  afterAll(() => desk.stop());

  const deadLettersOf = async (queue: string): Promise<any[]> => {
    const listed = await desk.request('GET', `/admin/queues/${queue}/deadletter`);
    expect(listed.status).toBe(200);
    return listed.body;
  };

  it.each([
    ['triageCase', queueNames.caseTriage, { caseId: 'no-tenant' }, /tenantId/],
    ['enrichCase', queueNames.caseEnrichment, { tenantId: 42, caseId: 'c' }, /tenantId/],
    ['slaDeadline', queueNames.slaDeadlines, { tenantId: 't', caseId: 'c' }, /dueAt/],
  ])(
    'given a message for %s whose body fails its schema, when delivered, then it is dead-lettered at its first delivery as InvalidMessage',
    async (functionName, queue, body, field) => {
      const messageId = `invalid-${functionName}`;
      const put = await desk.request('POST', `/admin/queues/${queue}/messages`, { body: { body, messageId } });
      expect(put.status).toBe(201);
      await desk.host.idle();

      const letters = (await deadLettersOf(queue)).filter((letter) => letter.messageId === messageId);
      expect(letters).toEqual([
        expect.objectContaining({
          messageId,
          body,
          deliveryCount: 1,
          deadLetterReason: 'InvalidMessage',
          deadLetterErrorDescription: expect.stringMatching(
            new RegExp(`^${functionName} cannot process message ${messageId}: .*${field.source}`),
          ),
        }),
      ]);
      expect(desk.host.broker.queue(queue).depth).toBe(0);
    },
  );

  it('given tenant storage that is busy once (503) when triage reads the rules, when a portal case is opened, then triage is delivered again and the case still ends enriched', async () => {
    const { key } = await desk.newTenantKey('agent');
    const triageQueue = desk.host.broker.queue(queueNames.caseTriage);
    const receive = jest.spyOn(triageQueue, 'receive');
    const rules = jest
      .spyOn(desk.desk.tenants, 'triageRules')
      .mockRejectedValueOnce(new RestError('The server is busy.', { statusCode: 503, code: 'ServerBusy' }));
    let deliveries: number[];
    let created: { status: number; body: any };
    try {
      created = await desk.request('POST', '/api/cases', { key, body: portalCase });
      await desk.host.idle();
    } finally {
      deliveries = receive.mock.results.flatMap((result) =>
        result.value?.messageId === `triage-${created?.body?.id}` ? [result.value.deliveryCount] : [],
      );
      rules.mockRestore();
      receive.mockRestore();
    }

    expect(created.status).toBe(201);
    expect(deliveries).toEqual([1, 2]);
    expect((await desk.request('GET', `/api/cases/${created.body.id}`, { key })).body.status).toBe('enriched');
    expect(triageQueue.deadLetters().filter((letter) => letter.messageId === `triage-${created.body.id}`)).toEqual([]);
  });

  it('given the dead-letters queue, then the local host has it but no function consumes it: a message there waits, and the host still goes idle', async () => {
    expect(desk.host.describe().some((line) => line.includes(`queue ${queueNames.deadLetters}`))).toBe(false);
    const put = await desk.request('POST', `/admin/queues/${queueNames.deadLetters}/messages`, {
      body: { body: { parked: true }, messageId: 'parked-1' },
    });
    expect(put.status).toBe(201);

    await desk.host.idle();

    expect(desk.host.broker.queue(queueNames.deadLetters).depth).toBe(1);
    expect(await deadLettersOf(queueNames.deadLetters)).toEqual([]);
  });
});
