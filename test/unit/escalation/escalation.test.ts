import {
  escalationRequestedMessageSchema,
  escalationSchema,
  type Escalation,
  type EscalationRequestedMessage,
} from '../../../shared/domain/escalation';

const escalation: Escalation = {
  id: 'esc-1',
  vehicle: 'premierSupportForPartners',
  microsoftSeverity: 'A',
  reason: 'VMs in West Europe fail to start after platform update',
  requestedAt: '2025-03-08T22:30:00Z',
  requestedBy: 'agent-7',
  status: 'requested',
  responseDueAt: '2025-03-08T23:30:00Z',
  microsoftResponses: [],
};

const message: EscalationRequestedMessage = {
  tenantId: 'tenant-1',
  caseId: 'case-42',
  escalationId: 'esc-1',
  vehicle: 'commercialSupport',
  caseSeverity: 'B',
  microsoftSeverity: 'moderate',
  product: 'microsoft365',
  category: 'licensing',
  title: 'Licences not assigned after NCE renewal',
  description: 'After the renewal on 1 March the E3 licences are missing for 40 users.',
  reason: 'Provisioning issue only Microsoft can fix',
  supportTopicId: '32569836',
  require24X7Response: false,
  customer: { id: 'cust-9', name: 'Fabrikam GmbH', microsoftTenantId: '6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e' },
  contactDetails: {
    firstName: 'Ada',
    lastName: 'Lovelace',
    primaryEmailAddress: 'ada@partner.example',
    preferredContactMethod: 'email',
    preferredSupportLanguage: 'de-DE',
    country: 'DEU',
  },
  requestedAt: '2025-03-10T08:00:00Z',
  requestedBy: 'agent-7',
  responseDueAt: '2025-03-10T15:00:00Z',
};

describe('escalation record', () => {
  it('given a Premier escalation with a Microsoft response, then it is accepted as is', () => {
    const answered = {
      ...escalation,
      status: 'waitingOnPartner',
      microsoftTicketId: '2503080010001234',
      microsoftResponses: [{ at: '2025-03-08T23:05:00Z', summary: 'Engineer assigned, requesting VM ids' }],
    };
    expect(escalationSchema.parse(answered)).toEqual(answered);
  });

  it('given a commercial escalation with an A/B/C severity, then it is rejected for using the wrong scale', () => {
    const result = escalationSchema.safeParse({ ...escalation, vehicle: 'commercialSupport', microsoftSeverity: 'A' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['microsoftSeverity']);
  });

  it('given an unknown status or a timestamp without zone, then it is rejected', () => {
    expect(escalationSchema.safeParse({ ...escalation, status: 'pending' }).success).toBe(false);
    expect(escalationSchema.safeParse({ ...escalation, requestedAt: '2025-03-08 22:30' }).success).toBe(false);
  });
});

describe('escalation-requested message', () => {
  it('given a commercial support request, then it carries Partner Center fields and is accepted', () => {
    expect(escalationRequestedMessageSchema.parse(message)).toEqual(message);
  });

  it('given a technical Azure request, then Azure ticket fields are accepted on the A/B/C scale', () => {
    const azure = {
      ...message,
      vehicle: 'advancedSupportForPartners',
      caseSeverity: 'A',
      microsoftSeverity: 'A',
      product: 'azure',
      category: 'technical',
      supportTopicId: undefined,
      problemClassificationId: '/providers/Microsoft.Support/services/vm/problemClassifications/start',
      serviceId: '/providers/Microsoft.Support/services/vm',
      require24X7Response: true,
      problemStartTime: '2025-03-10T07:40:00+01:00',
    };
    expect(escalationRequestedMessageSchema.safeParse(azure).success).toBe(true);
  });

  it('given a message without a way to reach the contact, then it is rejected', () => {
    const { contactDetails, ...rest } = message;
    expect(escalationRequestedMessageSchema.safeParse(rest).success).toBe(false);
    expect(
      escalationRequestedMessageSchema.safeParse({
        ...message,
        contactDetails: { ...contactDetails, primaryEmailAddress: 'not-an-email' },
      }).success,
    ).toBe(false);
  });

  it('given a severity on the wrong scale for the vehicle, then it is rejected', () => {
    expect(escalationRequestedMessageSchema.safeParse({ ...message, microsoftSeverity: 'B' }).success).toBe(false);
  });
});
