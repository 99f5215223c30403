import type { SupportCase } from '../../../shared/domain/case';
import type { Escalation } from '../../../shared/domain/escalation';
import {
  azureSupportTicketName,
  azureTicketSeverity,
  bestMatch,
  chooseSupportTopic,
  microsoftChannel,
  partnerCenterSeverity,
  recordFiling,
  recordMicrosoftActivity,
  statusOfAzureTicket,
  statusOfServiceRequest,
  type MicrosoftCommunication,
} from '../../../shared/domain/escalation/microsoftFiling';

describe('which Microsoft channel an escalation is filed through', () => {
  it.each([
    ['azure', 'technical', 'azureSupportTicket'],
    ['azure', 'billing', 'partnerCenterServiceRequest'],
    ['azure', 'subscription', 'partnerCenterServiceRequest'],
    ['microsoft365', 'technical', 'partnerCenterServiceRequest'],
    ['dynamics365', 'technical', 'partnerCenterServiceRequest'],
    ['microsoft365', 'licensing', 'partnerCenterServiceRequest'],
    ['other', 'technical', 'partnerCenterServiceRequest'],
  ] as const)('given a %s %s case, then it goes to %s', (product, category, channel) => {
    expect(microsoftChannel(product, category)).toBe(channel);
  });
});

describe('severity on the Microsoft scales', () => {
  it.each([
    ['A', 'critical'],
    ['B', 'moderate'],
    ['C', 'minimal'],
  ] as const)('given case severity %s, then Azure and Partner Center get %s', (severity, expected) => {
    expect(azureTicketSeverity(severity)).toBe(expected);
    expect(partnerCenterSeverity(severity)).toBe(expected);
  });
});

describe('the Azure support ticket name', () => {
  it('given the same escalation twice, then the name is the same, and another escalation gets another name', () => {
    const name = azureSupportTicketName('contoso', 'case-1', 'esc-1');
    expect(azureSupportTicketName('contoso', 'case-1', 'esc-1')).toBe(name);
    expect(azureSupportTicketName('contoso', 'case-1', 'esc-2')).not.toBe(name);
    expect(azureSupportTicketName('fabrikam', 'case-1', 'esc-1')).not.toBe(name);
    expect(name).toMatch(/^desk-[0-9a-f]{40}$/);
  });
});

describe('matching Azure services and problem classifications by the case text', () => {
  const services = [
    { id: 'svc/storage', displayName: 'Storage Account Management' },
    { id: 'svc/vm-windows', displayName: 'Virtual Machine running Windows' },
    { id: 'svc/vm-linux', displayName: 'Virtual Machine running Linux' },
  ];

  it('given a case about a Windows VM, then the Windows VM service is chosen', () => {
    expect(bestMatch(services, 'Our Windows virtual machine does not start')?.id).toBe('svc/vm-windows');
  });

  it('given a case that names no service, then nothing is chosen and the agent must pick', () => {
    expect(bestMatch(services, 'Something is broken')).toBeUndefined();
  });
});

describe('matching Partner Center support topics by product and category', () => {
  const topics = [
    { id: 'billing', displayName: 'Billing and invoices' },
    { id: 'subscriptions', displayName: 'Subscription management' },
    { id: 'licensing', displayName: 'Licensing' },
    { id: 'exchange', displayName: 'Office 365 Exchange Online' },
    { id: 'teams', displayName: 'Microsoft 365 Teams' },
    { id: 'dynamics', displayName: 'Dynamics 365 Sales' },
  ];

  it.each([
    ['microsoft365', 'billing', 'Invoice shows 25 seats', 'billing'],
    ['azure', 'subscription', 'Cannot transfer the subscription', 'subscriptions'],
    ['microsoft365', 'licensing', 'E3 licences missing', 'licensing'],
    ['microsoft365', 'technical', 'Teams calls drop', 'teams'],
    ['microsoft365', 'technical', 'Exchange mailbox bounces', 'exchange'],
    ['dynamics365', 'technical', 'Opportunities do not save', 'dynamics'],
  ] as const)('given a %s %s case "%s", then topic %s', (product, category, text, topic) => {
    expect(chooseSupportTopic(topics, product, category, text)?.id).toBe(topic);
  });

  it('given a technical case of a product no topic names, then nothing is chosen', () => {
    expect(chooseSupportTopic(topics, 'other', 'technical', 'Printer offline')).toBeUndefined();
  });
});

describe('Microsoft ticket status', () => {
  it.each([
    ['none', 'requested'],
    ['open', 'waitingOnMicrosoft'],
    ['attention_needed', 'waitingOnPartner'],
    ['closed', 'closed'],
  ] as const)('given a Partner Center service request %s, then the escalation is %s', (status, expected) => {
    expect(statusOfServiceRequest(status)).toBe(expected);
  });

  it('given an Azure ticket Open or Closed, then waitingOnMicrosoft or closed', () => {
    expect(statusOfAzureTicket('Open')).toBe('waitingOnMicrosoft');
    expect(statusOfAzureTicket('Closed')).toBe('closed');
  });
});

const now = new Date('2026-12-01T10:00:00Z');
const escalation: Escalation = {
  id: 'esc-1',
  vehicle: 'premierSupportForPartners',
  microsoftSeverity: 'B',
  reason: 'VM down',
  requestedAt: '2026-12-01T08:00:00Z',
  requestedBy: 'agent-1',
  status: 'requested',
  responseDueAt: '2026-12-01T12:00:00Z',
  microsoftResponses: [],
};
const supportCase = { id: 'case-1', tenantId: 'contoso', escalations: [escalation] } as unknown as SupportCase;
const reference = { kind: 'partnerCenterServiceRequest', serviceRequestId: '6161' } as const;

describe('recording the filing', () => {
  it('given an escalation without a reference, then the reference and ticket id are stored with escalationFiled', () => {
    const outcome = recordFiling(supportCase, 'esc-1', reference, now);
    expect(outcome.kind).toBe('recorded');
    if (outcome.kind !== 'recorded') return;
    expect(outcome.next.escalations[0]).toMatchObject({
      microsoftReference: reference,
      microsoftTicketId: '6161',
      status: 'open',
    });
    expect(outcome.events.map((event) => event.type)).toEqual(['escalationFiled']);
  });

  it('given an escalation that already has a reference, then nothing is recorded again', () => {
    const filed = { ...supportCase, escalations: [{ ...escalation, microsoftReference: reference }] };
    expect(recordFiling(filed, 'esc-1', reference, now)).toEqual({ kind: 'alreadyFiled', reference });
  });
});

describe('recording what Microsoft wrote', () => {
  const fromMicrosoft: MicrosoftCommunication = {
    id: 'c-2',
    at: '2026-12-01T09:30:00Z',
    from: 'Azure support',
    text: 'Redeploy the VM.',
    fromMicrosoft: true,
  };
  const fromPartner: MicrosoftCommunication = {
    ...fromMicrosoft,
    id: 'c-1',
    text: 'More details',
    fromMicrosoft: false,
  };

  it('given a new communication from Microsoft, then microsoftReplied with its text and a Microsoft response on the escalation', () => {
    const step = recordMicrosoftActivity(
      supportCase,
      'esc-1',
      { status: 'waitingOnMicrosoft', communications: [fromPartner, fromMicrosoft] },
      now,
    );
    expect(step?.events).toEqual([
      expect.objectContaining({
        type: 'microsoftReplied',
        data: expect.objectContaining({ text: 'Redeploy the VM.' }),
      }),
    ]);
    expect(step?.next.escalations[0]).toMatchObject({
      microsoftResponses: [{ at: '2026-12-01T09:30:00.000Z', summary: 'Redeploy the VM.' }],
      seenMicrosoftCommunicationIds: ['c-1', 'c-2'],
    });
  });

  it('given communications already seen, then nothing is recorded', () => {
    const seen = { ...supportCase, escalations: [{ ...escalation, seenMicrosoftCommunicationIds: ['c-1', 'c-2'] }] };
    expect(
      recordMicrosoftActivity(
        seen,
        'esc-1',
        { status: 'waitingOnMicrosoft', communications: [fromPartner, fromMicrosoft] },
        now,
      ),
    ).toBeUndefined();
  });

  it('given Microsoft needs something from the partner (attention_needed), then the escalation waits on the partner, and back on Microsoft when it has it', () => {
    const waiting = recordMicrosoftActivity(
      supportCase,
      'esc-1',
      { status: 'waitingOnPartner', communications: [] },
      now,
    );
    expect(waiting?.next.escalations[0]?.status).toBe('waitingOnPartner');
    expect(waiting?.events.map((event) => event.type)).toEqual(['escalationUpdated']);
    const back = recordMicrosoftActivity(
      waiting!.next,
      'esc-1',
      { status: 'waitingOnMicrosoft', communications: [] },
      now,
    );
    expect(back?.next.escalations[0]?.status).toBe('waitingOnMicrosoft');
  });

  it('given Microsoft closed the ticket, then microsoftClosed and the escalation is closed, once', () => {
    const step = recordMicrosoftActivity(supportCase, 'esc-1', { status: 'closed', communications: [] }, now);
    expect(step?.events.map((event) => event.type)).toEqual(['microsoftClosed']);
    expect(step?.next.escalations[0]?.status).toBe('closed');
    expect(recordMicrosoftActivity(step!.next, 'esc-1', { status: 'closed', communications: [] }, now)).toBeUndefined();
  });
});
