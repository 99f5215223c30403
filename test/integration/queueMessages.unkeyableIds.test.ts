import { queueNames } from '../../shared/resourceNames';
import { startTestHost, type TestHost } from '../support/testHost';

/*
 * Every id a queue message names that the handler uses as a Table Storage PartitionKey or RowKey (tenant, case, staff
 * alert, customer) may not hold what a key may not: '/', '\', '#', '?' or a control character
 * (https://learn.microsoft.com/en-us/rest/api/storageservices/understanding-the-table-service-data-model#characters-disallowed-in-key-fields).
 * Storage would answer such a read or write with a 400 or 404, and every redelivery the same, so each queue
 * dead-letters the message at its first delivery, as InvalidMessage naming the field.
 */
describe('queue messages naming ids that no Table key can hold', () => {
  let desk: TestHost;

  beforeAll(async () => {
    // Few deliveries, so a message the desk wrongly retries ends soon, as MaxDeliveryCountExceeded.
    desk = await startTestHost({ maxDeliveryCount: 3 });
  });
  afterAll(() => desk.stop());

  const now = new Date().toISOString();
  const ids = { tenantId: 'tenant-keys', caseId: 'case-keys' };
  /** A body that fits each queue's schema, for ids that a key can hold. */
  const validBodies: Array<[string, string, Record<string, unknown>]> = [
    ['triageCase', queueNames.caseTriage, { ...ids }],
    ['enrichCase', queueNames.caseEnrichment, { ...ids }],
    ['slaDeadline', queueNames.slaDeadlines, { ...ids, dueAt: now }],
    [
      'sendNotification',
      queueNames.notifications,
      {
        kind: 'acknowledgement',
        ...ids,
        caseNumber: 'CS-000001',
        to: [{ email: 'ann@fabrikam.example' }],
        subject: '[CS-000001] We have your request',
        text: 'We have your request.',
        references: [],
        createdAt: now,
        notificationId: 'notification-keys',
      },
    ],
    [
      'alertStaff',
      queueNames.staffAlerts,
      {
        alertId: 'alert-case-keys-slaWarning-firstResponse',
        kind: 'slaWarning',
        ...ids,
        caseNumber: 'CS-000001',
        title: 'VM does not start',
        customerName: 'Fabrikam',
        raisedAt: now,
      },
    ],
    [
      'escalateToMicrosoft',
      queueNames.escalationRequested,
      {
        ...ids,
        escalationId: 'esc-1',
        vehicle: 'commercialSupport',
        caseSeverity: 'B',
        microsoftSeverity: 'moderate',
        product: 'microsoft365',
        category: 'licensing',
        title: 'Licences not assigned after NCE renewal',
        description: 'After the renewal the E3 licences are missing for 40 users.',
        reason: 'Provisioning issue only Microsoft can fix',
        require24X7Response: false,
        customer: { id: 'cust-9', name: 'Fabrikam GmbH' },
        contactDetails: {
          firstName: 'Ada',
          lastName: 'Lovelace',
          primaryEmailAddress: 'ada@partner.example',
          preferredContactMethod: 'email',
        },
        requestedAt: now,
        requestedBy: 'agent-7',
        responseDueAt: now,
      },
    ],
    [
      'recomputeCaseTerms',
      queueNames.caseTerms,
      {
        change: 'customerPlan',
        changeId: 'change-keys',
        tenantId: ids.tenantId,
        customerTenantId: '7f3c9a52-1b2d-4e8f-9a6b-0c1d2e3f4a5b',
        actor: { kind: 'admin', id: 'key-1' },
      },
    ],
  ];
  const keyFieldsOf: Record<string, string[]> = {
    alertStaff: ['tenantId', 'caseId', 'alertId'],
    recomputeCaseTerms: ['tenantId', 'customerTenantId'],
  };
  const unkeyable = [
    ['a slash', 'a/b'],
    ['a backslash', 'a\\b'],
    ['a hash', 'a#b'],
    ['a question mark', 'a?b'],
    ['a control character', 'a\u0007b'],
    ['a line feed', 'a\nb'],
  ];
  const cases = validBodies.flatMap(([functionName, queue, body]) =>
    (keyFieldsOf[functionName] ?? ['tenantId', 'caseId']).flatMap((field) =>
      unkeyable.map(([what, value]) => [functionName, field, what, queue, { ...body, [field]: value }] as const),
    ),
  );

  it.each(cases)(
    'given a %s message whose %s has %s, when delivered, then it is dead-lettered at its first delivery as InvalidMessage naming the field',
    async (functionName, field, _what, queue, body) => {
      const messageId = `unkeyable-${Math.random().toString(36).slice(2)}`;

      const put = await desk.request('POST', `/admin/queues/${queue}/messages`, { body: { body, messageId } });
      expect(put.status).toBe(201);
      await desk.host.idle();

      const letters = (await desk.request('GET', `/admin/queues/${queue}/deadletter`)).body;
      expect(letters.filter((letter: { messageId: string }) => letter.messageId === messageId)).toEqual([
        expect.objectContaining({
          deliveryCount: 1,
          deadLetterReason: 'InvalidMessage',
          deadLetterErrorDescription: expect.stringMatching(
            new RegExp(`^${functionName} cannot process message ${messageId}: .*${field}: not a Table Storage key`),
          ),
        }),
      ]);
      expect(desk.host.broker.queue(queue).depth).toBe(0);
    },
  );
});
