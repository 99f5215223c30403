import { Agent } from 'node:https';
import { MicrosoftSupportClients } from '../../shared/adapters/microsoft/microsoftSupportClients';
import type { SupportCase } from '../../shared/domain/case';
import { azureSupportTicketName } from '../../shared/domain/escalation/microsoftFiling';
import { defaultSupportOffering } from '../../shared/domain/offering';
import type { TenantProfile } from '../../shared/domain/tenantProfile';
import { queueNames } from '../../shared/resourceNames';
import { pollMicrosoftTickets } from '../../shared/services/microsoftTicketing';
import {
  answerAzureSupportCatalogue,
  MicrosoftStandIn,
  tenantNamingCredentials,
  testCertificate,
  vmCannotStartClassification,
  vmWindowsService,
  partnerEscalationContact,
  partnerTicketContactDetails,
} from '../support/microsoftStandIn';
import { startTestHost, type TestHost } from '../support/testHost';
import { seedCase, tenantWithKeys, type TenantKeys } from './caseWorkFixtures';

const partnerTenantId = '11111111-2222-4333-8444-555555555555';
const customerTenantId = '7f3c9a52-1b2d-4e8f-9a6b-0c1d2e3f4a5b';
const subscriptionId = '132d901f-189d-4381-9214-fe68e27e05a1';
const apiVersion = 'api-version=2020-04-01';

const profile: TenantProfile = {
  name: 'Contoso Partner',
  supportAddresses: [],
  agentAddresses: [],
  microsoftSupport: {
    connection: 'azureSupportApi+partnerCenter',
    partnerTenantId,
    contact: partnerEscalationContact,
  },
};

describe('escalations filed with Microsoft (Azure Support API and Partner Center against a local stand-in)', () => {
  let desk: TestHost;
  let tenant: TenantKeys;
  let microsoft: MicrosoftStandIn;

  beforeAll(async () => {
    const { key, cert } = testCertificate();
    microsoft = await MicrosoftStandIn.start({ key, cert });
    process.env.MicrosoftSupport__azureBaseUrl = microsoft.url;
    process.env.MicrosoftSupport__partnerCenterBaseUrl = `${microsoft.url}/`;
    desk = await startTestHost({ maxDeliveryCount: 3 });
    desk.desk.microsoftSupport = new MicrosoftSupportClients(desk.desk.config.microsoftSupport, {
      credentials: tenantNamingCredentials,
      agent: new Agent({ ca: cert }),
      pollIntervalMs: 10,
    });
    tenant = await tenantWithKeys(desk);
    await desk.desk.tenants.saveProfile(tenant.tenantId, profile);
    await desk.desk.tenants.saveOffering(tenant.tenantId, {
      ...defaultSupportOffering(),
      settings: { ...defaultSupportOffering().settings, technicalEntitlements: ['premierSupportForPartners'] },
    });
  }, 60_000);
  afterAll(async () => {
    await desk.stop();
    await microsoft.stop();
    delete process.env.MicrosoftSupport__azureBaseUrl;
    delete process.env.MicrosoftSupport__partnerCenterBaseUrl;
  });

  const escalate = async (supportCase: SupportCase, reason: string): Promise<void> => {
    const response = await desk.request('POST', `/api/cases/${supportCase.id}/escalations`, {
      key: tenant.agent,
      body: { reason },
    });
    expect(response.status).toBe(201);
    await desk.host.idle();
  };
  const read = async (caseId: string): Promise<any> =>
    (await desk.request('GET', `/api/cases/${caseId}`, { key: tenant.agent })).body;
  const timelineOf = async (caseId: string, type: string): Promise<any[]> =>
    (await read(caseId)).timeline.filter((event: { type: string }) => event.type === type);

  describe('an Azure technical case', () => {
    let supportCase: SupportCase;
    const ticketPath = (name: string) =>
      `/subscriptions/${subscriptionId}/providers/Microsoft.Support/supportTickets/${name}`;
    const operationPath = `/subscriptions/${subscriptionId}/providers/Microsoft.Support/operationsStatus/op-1`;
    const serviceId = vmWindowsService;
    const classificationId = vmCannotStartClassification;
    let ticketName: string;
    let ticketStatus = 'Open';
    let communications: unknown[] = [];

    beforeAll(async () => {
      supportCase = await seedCase(desk, tenant.tenantId, {
        title: 'Production virtual machine does not start',
        description: 'Since 08:00 our Windows virtual machine vm-erp-01 fails to start after a platform update.',
        product: 'azure',
        category: 'technical',
        subscriptionId,
      });
      ticketName = azureSupportTicketName(tenant.tenantId, supportCase.id, 'esc-1');
      const ticket = () => ({
        id: ticketPath(ticketName),
        name: ticketName,
        type: 'Microsoft.Support/supportTickets',
        properties: {
          supportTicketId: '2411220010000001',
          title: 'ticket',
          status: ticketStatus,
          severity: 'moderate',
        },
      });
      microsoft.script('GET', ticketPath(ticketName), {
        status: 404,
        body: { error: { code: 'ResourceNotFound', message: 'The support ticket was not found.' } },
      });
      answerAzureSupportCatalogue(microsoft);
      // The long-running create: 202 with Azure-AsyncOperation, one poll in progress, then done.
      microsoft.route('PUT', ticketPath(ticketName), () => ({
        status: 202,
        headers: {
          'Azure-AsyncOperation': `${microsoft.url}${operationPath}?${apiVersion}`,
          Location: `${microsoft.url}${operationPath}?${apiVersion}`,
          'Retry-After': '0',
        },
      }));
      microsoft.script('GET', operationPath, { status: 200, body: { status: 'InProgress' } });
      microsoft.route('GET', operationPath, () => ({ status: 200, body: { status: 'Succeeded' } }));
      microsoft.route('GET', ticketPath(ticketName), () => ({ status: 200, body: ticket() }));
      microsoft.route('GET', `${ticketPath(ticketName)}/communications`, () => ({
        status: 200,
        body: { value: communications },
      }));
    });

    it('given a tenant connected to Microsoft, when an agent escalates, then a support ticket is created on the customer subscription on behalf of the partner and its reference is on the case', async () => {
      const before = microsoft.received.length;

      await escalate(supportCase, 'VM down since 08:00, restarts fail');

      const sent = microsoft.since(before);
      expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([
        `GET ${ticketPath(ticketName)}?${apiVersion}`,
        `GET /providers/Microsoft.Support/services?${apiVersion}`,
        `GET ${serviceId}/problemClassifications?${apiVersion}`,
        `PUT ${ticketPath(ticketName)}?${apiVersion}`,
        `GET ${operationPath}?${apiVersion}`,
        `GET ${operationPath}?${apiVersion}`,
        `GET ${ticketPath(ticketName)}?${apiVersion}`,
      ]);
      for (const request of sent) {
        expect(request.headers.authorization).toBe(`Bearer token-for-${customerTenantId}`);
        expect(request.headers['x-ms-authorization-auxiliary']).toBe(`Bearer token-for-${partnerTenantId}`);
      }
      const create = sent[3]!;
      expect(create.body).toEqual({
        properties: {
          title: `${supportCase.caseNumber}: Production virtual machine does not start`,
          description: expect.stringContaining('fails to start after a platform update'),
          serviceId,
          problemClassificationId: classificationId,
          severity: 'moderate',
          require24X7Response: false,
          contactDetails: partnerTicketContactDetails,
        },
      });

      const after = await read(supportCase.id);
      expect(after.escalations[0]).toMatchObject({
        microsoftTicketId: '2411220010000001',
        status: 'open',
        microsoftReference: {
          kind: 'azureSupportTicket',
          customerTenantId,
          subscriptionId,
          ticketName,
          supportTicketId: '2411220010000001',
        },
      });
      expect(await timelineOf(supportCase.id, 'escalationFiled')).toEqual([
        expect.objectContaining({ summary: expect.stringContaining('Azure support ticket 2411220010000001') }),
      ]);
    });

    it('given a ticket of the escalation exists already (a create whose answer was lost), when the request is delivered, then that ticket is recorded and no second one is created', async () => {
      const lostCase = await seedCase(desk, tenant.tenantId, {
        title: 'Windows virtual machine does not start',
        description: 'vm-erp-02 fails to start.',
        product: 'azure',
        category: 'technical',
        subscriptionId,
      });
      const lostName = azureSupportTicketName(tenant.tenantId, lostCase.id, 'esc-1');
      microsoft.script('GET', ticketPath(lostName), {
        status: 200,
        body: {
          id: ticketPath(lostName),
          name: lostName,
          type: 'Microsoft.Support/supportTickets',
          properties: { supportTicketId: '2411220010000002', status: 'Open' },
        },
      });
      const before = microsoft.received.length;

      await escalate(lostCase, 'VM down');

      expect(microsoft.since(before).map((request) => `${request.method} ${request.path}`)).toEqual([
        `GET ${ticketPath(lostName)}?${apiVersion}`,
      ]);
      expect((await read(lostCase.id)).escalations[0]).toMatchObject({
        microsoftTicketId: '2411220010000002',
        microsoftReference: { kind: 'azureSupportTicket', ticketName: lostName },
      });
    });

    it('given the escalation was filed, when its request is delivered again, then nothing is sent to Microsoft and nothing is filed twice', async () => {
      const before = microsoft.received.length;
      const message = desk.host.broker.queue(queueNames.escalationRequested);
      const redelivered = await desk.request('POST', `/admin/queues/${queueNames.escalationRequested}/messages`, {
        body: { messageId: `redelivery-${supportCase.id}`, body: (await lastRequestBody(supportCase.id)) ?? {} },
      });
      expect(redelivered.status).toBe(201);
      await desk.host.idle();

      expect(microsoft.since(before)).toEqual([]);
      expect(await timelineOf(supportCase.id, 'escalationFiled')).toHaveLength(1);
      expect(message.depth).toBe(0);
    });

    it('given Microsoft answered on the ticket, when the poll runs twice, then the answer is on the timeline once and stops the Microsoft response clock', async () => {
      communications = [
        {
          id: `${ticketPath(ticketName)}/communications/c-partner`,
          name: 'c-partner',
          type: 'Microsoft.Support/communications',
          properties: {
            communicationType: 'web',
            communicationDirection: 'inbound',
            sender: 'petra@contoso-partner.example',
            subject: 'More details',
            body: 'The VM is in West Europe.',
            createdDate: '2026-12-01T09:00:00Z',
          },
        },
        {
          id: `${ticketPath(ticketName)}/communications/c-microsoft`,
          name: 'c-microsoft',
          type: 'Microsoft.Support/communications',
          properties: {
            communicationType: 'web',
            communicationDirection: 'outbound',
            sender: 'azure-support@microsoft.example',
            subject: 'RE: VM down',
            body: 'Please redeploy the VM from the portal; a host node failed.',
            createdDate: '2026-12-01T09:30:00Z',
          },
        },
      ];

      const before = microsoft.received.length;
      await pollMicrosoftTickets(desk.desk);
      await pollMicrosoftTickets(desk.desk);

      const polls = microsoft.since(before).filter((request) => request.path.includes(ticketName));
      expect(polls.map((request) => `${request.method} ${request.path}`)).toEqual([
        `GET ${ticketPath(ticketName)}?${apiVersion}`,
        `GET ${ticketPath(ticketName)}/communications?${apiVersion}`,
        `GET ${ticketPath(ticketName)}?${apiVersion}`,
        `GET ${ticketPath(ticketName)}/communications?${apiVersion}`,
      ]);
      expect(polls.map((request) => request.headers.authorization)).toEqual(
        polls.map(() => `Bearer token-for-${customerTenantId}`),
      );
      const replies = await timelineOf(supportCase.id, 'microsoftReplied');
      expect(replies).toEqual([
        expect.objectContaining({
          summary: expect.stringContaining('Please redeploy the VM from the portal'),
          data: expect.objectContaining({ communicationId: 'c-microsoft' }),
        }),
      ]);
      const escalations = (await desk.request('GET', '/api/escalations?status=open', { key: tenant.agent })).body;
      const watched = (escalations.items ?? escalations).find((item: any) => item.caseId === supportCase.id);
      expect(watched).toMatchObject({
        overdue: false,
        lastMicrosoftResponse: { summary: 'Please redeploy the VM from the portal; a host node failed.' },
      });
    });

    it('given Microsoft closed the ticket, when the poll runs, then microsoftClosed is on the timeline, the escalation is closed and the ticket is no longer polled', async () => {
      ticketStatus = 'Closed';

      const report = await pollMicrosoftTickets(desk.desk);
      const before = microsoft.received.length;
      await pollMicrosoftTickets(desk.desk);

      expect(report.dropped).toBeGreaterThanOrEqual(1);
      expect(await timelineOf(supportCase.id, 'microsoftClosed')).toHaveLength(1);
      expect((await read(supportCase.id)).escalations[0].status).toBe('closed');
      expect(microsoft.since(before).filter((request) => request.path.includes(ticketName))).toEqual([]);
    });
  });

  describe('a Microsoft 365 case', () => {
    const topics = {
      totalCount: 3,
      items: [
        { name: 'Billing', description: 'Invoices', id: '32444670', attributes: { objectType: 'SupportTopic' } },
        {
          name: 'Office 365 Exchange Online',
          description: 'Mail',
          id: '32444671',
          attributes: { objectType: 'SupportTopic' },
        },
        {
          name: 'Microsoft 365 Teams calling',
          description: 'Teams',
          id: '32444672',
          attributes: { objectType: 'SupportTopic' },
        },
      ],
      attributes: { objectType: 'Collection' },
    };
    const created = (id: string) => ({
      title: 'x',
      description: 'y',
      severity: 'moderate',
      supportTopicId: '32444672',
      id,
      status: 'open',
      createdDate: '2026-12-01T10:00:00Z',
      attributes: { objectType: 'ServiceRequest' },
    });

    beforeAll(() => {
      microsoft.route('GET', '/v1/servicerequests/supporttopics', () => ({ status: 200, body: topics }));
    });

    it('given Partner Center throttles the first create (429 with Retry-After), when an agent escalates, then the service request is created once after the wait, with the documented body and headers', async () => {
      const supportCase = await seedCase(desk, tenant.tenantId, {
        title: 'Teams calls drop after ten minutes',
        description: 'Every Teams call in our Berlin branch drops after about ten minutes.',
        product: 'microsoft365',
        category: 'technical',
      });
      microsoft.script(
        'POST',
        '/v1/servicerequests/en-US',
        { status: 429, headers: { 'Retry-After': '1' }, body: { code: 429, description: 'Too many requests' } },
        { status: 201, body: created('616122292874576') },
      );
      const before = microsoft.received.length;

      await escalate(supportCase, 'Calls drop for every user');

      const sent = microsoft.since(before);
      expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([
        'GET /v1/servicerequests/supporttopics',
        'POST /v1/servicerequests/en-US',
        'POST /v1/servicerequests/en-US',
      ]);
      expect(sent[2]!.at - sent[1]!.at).toBeGreaterThanOrEqual(900);
      for (const request of sent) {
        expect(request.headers).toMatchObject({
          authorization: `Bearer token-for-${partnerTenantId}`,
          accept: 'application/json',
          'x-locale': 'en-US',
          'ms-requestid': expect.any(String),
          'ms-correlationid': expect.any(String),
        });
      }
      expect(sent[2]!.body).toEqual({
        Title: `${supportCase.caseNumber}: Teams calls drop after ten minutes`,
        Description: expect.stringContaining(`Customer: Fabrikam Ltd (tenant ${customerTenantId})`),
        Severity: 'moderate',
        SupportTopicId: '32444672',
        PrimaryContact: { FirstName: 'Petra', LastName: 'Partner', Email: 'petra@contoso-partner.example' },
        Attributes: { ObjectType: 'ServiceRequest' },
      });
      const after = await read(supportCase.id);
      expect(after.escalations[0]).toMatchObject({
        microsoftTicketId: '616122292874576',
        microsoftReference: { kind: 'partnerCenterServiceRequest', serviceRequestId: '616122292874576' },
      });

      // Microsoft writes a note, then closes the request.
      microsoft.route('GET', '/v1/servicerequests/616122292874576', () => ({
        status: 200,
        body: {
          ...created('616122292874576'),
          notes: [
            {
              createdByName: 'Microsoft Support',
              createdDate: '2026-12-01T11:00:00Z',
              text: 'Update the Teams client to 24.1.',
            },
          ],
        },
      }));
      await pollMicrosoftTickets(desk.desk);
      await pollMicrosoftTickets(desk.desk);
      expect(await timelineOf(supportCase.id, 'microsoftReplied')).toEqual([
        expect.objectContaining({ summary: expect.stringContaining('Update the Teams client to 24.1.') }),
      ]);
    });

    it('given Partner Center refuses the request (400), when an agent escalates, then the request is dead-lettered at once and the case says why', async () => {
      const supportCase = await seedCase(desk, tenant.tenantId, {
        title: 'Exchange Online mailbox cannot receive mail',
        description: 'The shared mailbox info@ bounces every external mail since yesterday.',
        product: 'microsoft365',
        category: 'technical',
      });
      microsoft.script('POST', '/v1/servicerequests/en-US', {
        status: 400,
        body: { code: 2000, description: 'Invalid support topic for this partner.', data: [], source: 'PartnerFD' },
      });
      const before = microsoft.received.length;

      await escalate(supportCase, 'Mail bounces');

      expect(microsoft.since(before).filter((request) => request.method === 'POST')).toHaveLength(1);
      const letters = (await desk.request('GET', `/admin/queues/${queueNames.escalationRequested}/deadletter`)).body;
      expect(letters.filter((letter: any) => letter.body.caseId === supportCase.id)).toEqual([
        expect.objectContaining({
          deliveryCount: 1,
          deadLetterReason: 'RequestRejected',
          deadLetterErrorDescription: expect.stringContaining('Invalid support topic for this partner.'),
        }),
      ]);
      expect(await timelineOf(supportCase.id, 'escalationFilingFailed')).toEqual([
        expect.objectContaining({ summary: expect.stringContaining('Invalid support topic for this partner.') }),
      ]);
      expect((await read(supportCase.id)).escalations[0].microsoftReference).toBeUndefined();
    });
  });

  describe('the per-tenant choice', () => {
    it('given an admin connects the tenant to Microsoft through the profile API, then the profile shows the connection', async () => {
      const { tenantId, key: admin } = await desk.newTenantKey('admin');

      const put = await desk.request('PUT', '/api/tenant-profile', { key: admin, body: profile });
      const got = await desk.request('GET', '/api/tenant-profile', { key: admin });

      expect(put.status).toBe(200);
      expect(got.body).toMatchObject({ microsoftSupport: profile.microsoftSupport });
      expect((await desk.desk.tenants.profile(tenantId))?.microsoftSupport?.connection).toBe(
        'azureSupportApi+partnerCenter',
      );
    });

    it('given a tenant without a Microsoft connection (record), when an agent escalates, then nothing is sent to Microsoft and the request goes to its own integration', async () => {
      const other = await tenantWithKeys(desk);
      await desk.desk.tenants.saveOffering(other.tenantId, {
        ...defaultSupportOffering(),
        settings: { ...defaultSupportOffering().settings, technicalEntitlements: ['premierSupportForPartners'] },
      });
      const supportCase = await seedCase(desk, other.tenantId, {
        product: 'azure',
        category: 'technical',
        subscriptionId,
      });
      const before = microsoft.received.length;

      const response = await desk.request('POST', `/api/cases/${supportCase.id}/escalations`, {
        key: other.agent,
        body: { reason: 'VM down' },
      });
      await desk.host.idle();

      expect(response.status).toBe(201);
      expect(microsoft.since(before)).toEqual([]);
      const integration = desk.host.broker.queue(queueNames.escalationIntegration);
      expect(integration.acceptedMessageIds()).toContain(`escalation-${supportCase.id}-esc-1`);
      const after = (await desk.request('GET', `/api/cases/${supportCase.id}`, { key: other.agent })).body;
      expect(after.escalations[0].microsoftReference).toBeUndefined();
      expect(after.escalations[0].status).toBe('requested');
    });
  });

  /** The escalation-requested body the desk published for the case (kept by the in-process queue). */
  async function lastRequestBody(caseId: string): Promise<unknown> {
    const stored = await desk.desk.cases.get(tenant.tenantId, caseId);
    const escalation = stored!.supportCase.escalations[0]!;
    return {
      tenantId: tenant.tenantId,
      caseId,
      escalationId: escalation.id,
      vehicle: escalation.vehicle,
      caseSeverity: 'B',
      microsoftSeverity: escalation.microsoftSeverity,
      product: 'azure',
      category: 'technical',
      title: 'again',
      description: 'again',
      reason: escalation.reason,
      require24X7Response: false,
      customer: { id: customerTenantId, name: 'Fabrikam Ltd', microsoftTenantId: customerTenantId },
      contactDetails: {
        firstName: 'Ann',
        lastName: 'Example',
        primaryEmailAddress: 'ann@fabrikam.example',
        preferredContactMethod: 'email',
      },
      requestedAt: escalation.requestedAt,
      requestedBy: escalation.requestedBy,
      responseDueAt: escalation.responseDueAt,
    };
  }
});
