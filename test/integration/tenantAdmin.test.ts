import { randomUUID } from 'node:crypto';
import { startTestHost, type TestHost } from '../support/testHost';

describe('tenant administration: triage rules, customers, support mailboxes, ignored mail', () => {
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost();
  });
  afterAll(() => desk.stop());

  const customer = {
    name: 'Litware Inc',
    domains: ['litware.example'],
    supportPlanId: 'premium',
    billingMode: 'included',
  };

  describe('triage rules', () => {
    it('given no rules of its own, when an agent reads them, then the desk defaults come back', async () => {
      const { key } = await desk.newTenantKey('agent');
      const response = await desk.request('GET', '/api/triage-rules', { key });
      expect(response.status).toBe(200);
      expect(response.body.length).toBeGreaterThan(10);
    });

    it('given an admin puts rules, when the next case is triaged, then the tenant rule decides and is named on the timeline', async () => {
      const { key: admin } = await desk.newTenantKey('admin');
      const rules = [
        {
          id: 'litware-erp',
          description: 'ERP tickets are Dynamics 365 severity B',
          when: { keywords: { any: ['ERP'] } },
          set: { product: 'dynamics365', severity: 'B', category: 'technical' },
        },
      ];
      const put = await desk.request('PUT', '/api/triage-rules', { key: admin, body: rules });
      expect(put.status).toBe(200);

      const created = await desk.request('POST', '/api/cases', {
        key: admin,
        body: {
          title: 'ERP posting fails',
          description: 'Posting of invoices fails in our ERP.',
          product: 'other',
          customer: { tenantId: randomUUID(), name: 'X' },
          contact: { email: 'a@x.example' },
        },
      });
      await desk.host.idle();
      const supportCase = (await desk.request('GET', `/api/cases/${created.body.id}`, { key: admin })).body;

      expect(supportCase.severity).toBe('B');
      expect(supportCase.triage.matchedRuleIds).toContain('litware-erp');
      expect(supportCase.timeline.find((event: { type: string }) => event.type === 'triaged').summary).toMatch(
        /litware-erp/,
      );
      expect((await desk.request('GET', '/api/triage-rules', { key: admin })).body).toEqual(put.body);
    });

    it('given invalid rules or a non-admin, when put, then 400 listing the problem or 403, and the rules stay', async () => {
      const { key: admin } = await desk.newTenantKey('admin');
      const invalid = await desk.request('PUT', '/api/triage-rules', {
        key: admin,
        body: [{ id: 'x', when: {}, set: { severity: 'Z' } }],
      });
      expect(invalid.status).toBe(400);
      expect(invalid.body.errors.length).toBeGreaterThan(0);
      const defaults = (await desk.request('GET', '/api/triage-rules', { key: admin })).body;
      expect(defaults.length).toBeGreaterThan(10);

      const { key: agent } = await desk.newTenantKey('agent');
      expect((await desk.request('PUT', '/api/triage-rules', { key: agent, body: [] })).status).toBe(403);
    });
  });

  describe('customer directory', () => {
    it('given an admin, when a customer is put and read, then 201 then 200 with the record, and agents may read it', async () => {
      const { key: admin, tenantId } = await desk.newTenantKey('admin');
      const { key: agent } = await desk.newTenantKey('agent', tenantId);
      const id = randomUUID();

      const created = await desk.request('PUT', `/api/customers/${id}`, { key: admin, body: customer });
      const replaced = await desk.request('PUT', `/api/customers/${id}`, {
        key: admin,
        body: { ...customer, name: 'Litware GmbH' },
      });
      const read = await desk.request('GET', `/api/customers/${id}`, { key: agent });

      expect(created.status).toBe(201);
      expect(replaced.status).toBe(200);
      expect(read.body).toMatchObject({
        customerTenantId: id,
        name: 'Litware GmbH',
        domains: ['litware.example'],
        supportPlanId: 'premium',
      });
    });

    it('given a bad id, a bad body, a portal key or another tenant, then 400, 400, 403 and 404', async () => {
      const { key: admin } = await desk.newTenantKey('admin');
      const { key: otherAdmin } = await desk.newTenantKey('admin');
      const { key: portal } = await desk.newTenantKey('portal');
      const id = randomUUID();
      await desk.request('PUT', `/api/customers/${id}`, { key: admin, body: customer });

      expect((await desk.request('PUT', '/api/customers/not-a-guid', { key: admin, body: customer })).status).toBe(400);
      const badBody = await desk.request('PUT', `/api/customers/${randomUUID()}`, {
        key: admin,
        body: { ...customer, domains: ['not a domain'] },
      });
      expect(badBody.status).toBe(400);
      expect(badBody.body.errors[0].field).toBe('domains.0');
      expect((await desk.request('GET', `/api/customers/${id}`, { key: portal })).status).toBe(403);
      expect((await desk.request('GET', `/api/customers/${id}`, { key: otherAdmin })).status).toBe(404);
    });
  });

  describe('support mailboxes and ignored mail', () => {
    it('given a mailbox registered by one tenant, when another tenant claims it, then 409 and mail keeps going to the first', async () => {
      const { key: first, tenantId } = await desk.newTenantKey('admin');
      const { key: second } = await desk.newTenantKey('admin');
      const mailbox = `help-${randomUUID().slice(0, 6)}@partner.example`;

      expect(
        (
          await desk.request('PUT', '/api/tenant-profile', {
            key: first,
            body: { name: 'First', supportAddresses: [mailbox] },
          })
        ).status,
      ).toBe(200);
      await desk.desk.tenants.confirmMailbox(tenantId, mailbox);
      const claim = await desk.request('PUT', '/api/tenant-profile', {
        key: second,
        body: { name: 'Second', supportAddresses: [mailbox] },
      });

      expect(claim.status).toBe(409);
      expect(await desk.desk.tenants.tenantForMailbox(mailbox)).toBe(tenantId);
      expect((await desk.request('GET', '/api/tenant-profile', { key: first })).body.supportAddresses).toEqual([
        mailbox,
      ]);
    });

    it('given an auto-reply to the mailbox, when an agent lists ignored mail, then it is there with its reason', async () => {
      const { key: admin, tenantId } = await desk.newTenantKey('admin');
      const mailbox = `help-${randomUUID().slice(0, 6)}@partner.example`;
      await desk.request('PUT', '/api/tenant-profile', {
        key: admin,
        body: { name: 'Partner', supportAddresses: [mailbox] },
      });
      await desk.desk.tenants.confirmMailbox(tenantId, mailbox);
      desk.host.broker.queue('email-intake').send({
        body: {
          internetMessageId: `<${randomUUID()}@contoso.com>`,
          subject: 'Automatic reply: your case',
          from: 'someone@contoso.com',
          toRecipients: mailbox,
          body: 'I am out of office.',
          isHtml: false,
          receivedDateTime: '2026-03-02T10:00:00Z',
        },
      });
      await desk.host.idle();
      const { key: agent } = await desk.newTenantKey('agent', tenantId);

      const ignored = await desk.request('GET', '/api/intake/ignored', { key: agent });

      expect(ignored.status).toBe(200);
      expect(ignored.body.count).toBe(1);
      expect(ignored.body.items[0]).toMatchObject({ from: 'someone@contoso.com', rule: 'automated-subject' });
      expect((await desk.request('GET', '/api/cases', { key: agent })).body.items).toHaveLength(0);
    });
  });
});
