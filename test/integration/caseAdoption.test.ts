import { randomUUID } from 'node:crypto';
import type { Customer } from '../../shared/domain/customer';
import { defaultSupportOffering } from '../../shared/domain/offering';
import { queueNames } from '../../shared/resourceNames';
import { applyCaseTermsChange } from '../../shared/services/openCaseTerms';
import { caseViewOf, mailCaseFrom, mailPartner, type MailPartner } from '../support/mailPartners';
import { startTestHost, type TestHost } from '../support/testHost';

/*
 * A case opened from the mail of a sender no customer listed has no customer: flagged unknownCustomer and billed out
 * of plan. Once the partner records the customer with that mail domain or address, its open mail cases become its
 * cases with its plan's terms, by the rule intake itself decides a sender's customer with; nothing else moves.
 */

const tailspin = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const wingtip = 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e';

describe('open mail cases of a customer recorded after they came in', () => {
  let desk: TestHost;
  let partner: MailPartner;
  let admin: string;

  beforeAll(async () => {
    desk = await startTestHost();
  });
  beforeEach(async () => {
    partner = await mailPartner(desk);
    admin = (await desk.newTenantKey('admin', partner.tenantId)).key;
  });
  afterAll(() => desk.stop());

  const mailCase = (from: string): Promise<string> => mailCaseFrom(desk, partner, from);
  const view = (caseId: string) => caseViewOf(desk, partner, caseId);

  const putCustomer = async (id: string, body: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const saved = await desk.request('PUT', `/api/customers/${id}`, { key: admin, body, headers });
    expect([200, 201]).toContain(saved.status);
    await desk.host.idle(20_000);
  };

  /** Records a customer (plan standard unless told) straight in storage: nothing is queued for its open cases. */
  const storeCustomer = (id: string, fields: Partial<Customer> & Pick<Customer, 'name'>): Promise<string> =>
    desk.desk.customers.put(partner.tenantId, {
      customerTenantId: id,
      domains: [],
      addresses: [],
      supportPlanId: 'standard',
      billingMode: 'perIncident',
      cspSubscriptions: [],
      updatedAt: new Date().toISOString(),
      ...fields,
    });

  /** Handles a change of the customer as the case-terms queue would (again, for a redelivery). */
  const handleChangeOf = (id: string): Promise<void> =>
    applyCaseTermsChange(desk.desk, {
      change: 'customerPlan',
      changeId: randomUUID(),
      tenantId: partner.tenantId,
      customerTenantId: id,
      actor: { kind: 'admin', id: 'admin-key' },
    });

  const adoptionEntries = (supportCase: any): any[] =>
    supportCase.timeline.filter((entry: any) => entry.type === 'fieldChanged' && entry.data?.field === 'customer');

  it('given a mail case from a domain no customer lists, when the admin records the customer with that domain and a plan, then the case is its case with the plan, the flag clears and the timeline names the record and who saved it', async () => {
    const caseId = await mailCase('sam@tailspin.example');
    const before = (await view(caseId)).body;
    expect(before.customer.tenantId).toBeUndefined();
    expect(before.flags).toContain('unknownCustomer');
    expect(before.entitlement).toMatchObject({ customerKnown: false, billable: true, rule: 'noPlan' });

    await putCustomer(
      tailspin,
      { name: 'Tailspin Toys', domains: ['tailspin.example'], supportPlanId: 'standard' },
      { 'acted-by': 'Petra Admin' },
    );

    const after = (await view(caseId)).body;
    expect(after.customer).toEqual({ tenantId: tailspin, name: 'Tailspin Toys' });
    expect(after.flags).not.toContain('unknownCustomer');
    expect(after.flags).not.toContain('notCoveredByPlan');
    expect(after.entitlement).toMatchObject({
      customerKnown: true,
      planId: 'standard',
      covered: true,
      billable: false,
    });
    const standard = defaultSupportOffering().services.azure.plans.find((plan) => plan.id === 'standard');
    const firstResponse = after.sla.clocks.find((clock: { metric: string }) => clock.metric === 'firstResponse');
    expect(after.severity).toBe('C');
    expect(firstResponse.targetMinutes).toBe(standard?.targets.C?.firstResponseMinutes);
    expect(adoptionEntries(after)).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ kind: 'admin', actedBy: 'Petra Admin' }),
        data: expect.objectContaining({ from: null, to: tailspin, sender: 'sam@tailspin.example' }),
      }),
    ]);
    expect(adoptionEntries(after)[0].summary).toContain(`customer record ${tailspin}`);
    expect(after.timeline.find((entry: any) => entry.type === 'entitlementChanged')).toMatchObject({
      actor: expect.objectContaining({ kind: 'admin', actedBy: 'Petra Admin' }),
      data: expect.objectContaining({ fields: [{ field: 'supportPlan', from: null, to: 'standard' }] }),
    });
    const listed = await desk.request('GET', `/api/cases?customer=${tailspin}`, { key: partner.key });
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([caseId]);
  });

  it('given mail cases from two freemail addresses, when the customer is recorded with one of those addresses, then only that sender’s case is adopted', async () => {
    const owner = await mailCase('tailspin.owner@mailbox.example');
    const stranger = await mailCase('someone.else@mailbox.example');

    await putCustomer(tailspin, { name: 'Tailspin Toys', addresses: ['Tailspin.Owner@mailbox.example'] });

    expect((await view(owner)).body).toMatchObject({
      customer: { tenantId: tailspin },
      entitlement: { customerKnown: true },
    });
    const untouched = (await view(stranger)).body;
    expect(untouched.customer.tenantId).toBeUndefined();
    expect(untouched.flags).toContain('unknownCustomer');
  });

  it('given a customer recorded without a mail domain, when a later PUT adds the domain of an open mail case, then that PUT adopts it', async () => {
    const caseId = await mailCase('sam@tailspin.example');
    await putCustomer(tailspin, { name: 'Tailspin Toys', supportPlanId: 'premium' });
    expect((await view(caseId)).body.customer.tenantId).toBeUndefined();

    await putCustomer(tailspin, { name: 'Tailspin Toys', supportPlanId: 'premium', domains: ['tailspin.example'] });

    expect((await view(caseId)).body).toMatchObject({
      customer: { tenantId: tailspin, name: 'Tailspin Toys' },
      entitlement: { customerKnown: true, planId: 'premium' },
    });
  });

  it('given a mail case resolved before the customer was recorded and an open one, when the customer is recorded with their domain, then the open case is adopted and the resolved one keeps what it was worked and invoiced under', async () => {
    const open = await mailCase('kim@tailspin.example');
    const caseId = await mailCase('sam@tailspin.example');
    for (const to of ['in_progress', 'resolved']) {
      const moved = await desk.request('POST', `/api/cases/${caseId}/transitions`, {
        key: partner.key,
        body: { to, reason: 'answered by mail' },
      });
      expect(moved.status).toBe(200);
    }
    const resolved = await view(caseId);

    await putCustomer(tailspin, { name: 'Tailspin Toys', domains: ['tailspin.example'], supportPlanId: 'standard' });

    expect((await view(open)).body.customer.tenantId).toBe(tailspin);
    const after = await view(caseId);
    expect(after.etag).toBe(resolved.etag);
    expect(after.body.customer.tenantId).toBeUndefined();
    expect(after.body.entitlement).toMatchObject({ customerKnown: false, billable: true, changes: [] });
  });

  it('given a portal case opened for another customer by a contact of the domain and a mail case from it, when the customer of that domain is recorded, then the mail case is adopted and the portal case keeps its customer and is not written', async () => {
    const mailed = await mailCase('kim@tailspin.example');
    const { key: portal } = await desk.newTenantKey('portal', partner.tenantId);
    const opened = await desk.request('POST', '/api/cases', {
      key: portal,
      body: {
        title: 'Azure virtual machine does not start',
        description: 'Our Azure VM vm-erp-01 fails to boot since this morning.',
        product: 'azure',
        severity: 'B',
        customer: { tenantId: wingtip, name: 'Wingtip Ltd' },
        contact: { name: 'Sam Sender', email: 'sam@tailspin.example' },
      },
    });
    expect(opened.status).toBe(201);
    await desk.host.idle(20_000);
    const before = await view(opened.body.id);

    await putCustomer(tailspin, { name: 'Tailspin Toys', domains: ['tailspin.example'], supportPlanId: 'standard' });

    expect((await view(mailed)).body.customer.tenantId).toBe(tailspin);
    const after = await view(opened.body.id);
    expect(after.etag).toBe(before.etag);
    expect(after.body.customer).toMatchObject({ tenantId: wingtip, name: 'Wingtip Ltd' });
  });

  it('given a mail case adopted by a PUT, when the same PUT is sent again and its change is handled again, then the case is not written again and has one adoption entry', async () => {
    const caseId = await mailCase('sam@tailspin.example');
    const body = { name: 'Tailspin Toys', domains: ['tailspin.example'], supportPlanId: 'standard' };
    await putCustomer(tailspin, body);
    const adopted = await view(caseId);
    expect(adopted.body.customer.tenantId).toBe(tailspin);

    await putCustomer(tailspin, body);
    await handleChangeOf(tailspin);

    const again = await view(caseId);
    expect(again.etag).toBe(adopted.etag);
    expect(adoptionEntries(again.body)).toHaveLength(1);
  });

  it("given one customer lists a sender's address and another is recorded with the sender's domain, when the domain's customer is recorded, then intake's rule decides: the address's customer keeps the sender and the domain's customer adopts only the others", async () => {
    const bob = await mailCase('bob@tailspin.example');
    const sam = await mailCase('sam@tailspin.example');
    // Recorded straight in storage, as a save whose recompute is still owed would leave it.
    await storeCustomer(wingtip, {
      name: 'Wingtip Ltd',
      addresses: ['bob@tailspin.example'],
      supportPlanId: 'premium',
    });

    await putCustomer(tailspin, { name: 'Tailspin Toys', domains: ['tailspin.example'], supportPlanId: 'standard' });

    expect((await view(sam)).body.customer.tenantId).toBe(tailspin);
    expect((await view(bob)).body.customer.tenantId).toBeUndefined();

    await putCustomer(wingtip, { name: 'Wingtip Ltd', addresses: ['bob@tailspin.example'], supportPlanId: 'standard' });

    expect((await view(bob)).body).toMatchObject({
      customer: { tenantId: wingtip, name: 'Wingtip Ltd' },
      entitlement: { customerKnown: true, planId: 'standard' },
    });
  });

  it('given a customer change queued by this version, when its message is read, then it has the shape versions before adoption parse strictly: no member they do not know', async () => {
    await mailCase('sam@tailspin.example');
    const publish = jest.spyOn(desk.desk.publisher, 'publish');

    try {
      await putCustomer(tailspin, { name: 'Tailspin Toys', domains: ['tailspin.example'] });
      const sent = publish.mock.calls.filter(([queue]) => queue === queueNames.caseTerms);
      expect(sent).toHaveLength(1);
      expect(Object.keys(sent[0]?.[1].body as object).sort()).toEqual([
        'actor',
        'change',
        'changeId',
        'customerTenantId',
        'tenantId',
      ]);
    } finally {
      publish.mockRestore();
    }
  });

  it('given a customer change on the queue as the version before adoption wrote it, when this version handles it, then it adopts the open mail cases of the customer’s domain', async () => {
    const caseId = await mailCase('sam@tailspin.example');
    await storeCustomer(tailspin, { name: 'Tailspin Toys', domains: ['tailspin.example'] });
    const messageId = randomUUID();
    const body = {
      change: 'customerPlan',
      changeId: messageId,
      tenantId: partner.tenantId,
      customerTenantId: tailspin,
      actor: { kind: 'admin', id: 'admin-key' },
    };

    const put = await desk.request('POST', `/admin/queues/${queueNames.caseTerms}/messages`, {
      body: { body, messageId },
    });
    expect(put.status).toBe(201);
    await desk.host.idle(20_000);

    expect((await view(caseId)).body).toMatchObject({
      customer: { tenantId: tailspin },
      entitlement: { customerKnown: true, planId: 'standard' },
    });
  });

  it('given a mail case still being enriched when the customer of its domain is recorded, when enrichment saves it, then it is enriched with that customer’s plan, not as of an unknown customer', async () => {
    const candidates = desk.desk.cases.duplicateCandidates.bind(desk.desk.cases);
    let adoptedMeanwhile = false;
    const enriching = jest
      .spyOn(desk.desk.cases, 'duplicateCandidates')
      .mockImplementation(async (tenantId, opened, scope, title) => {
        const found = await candidates(tenantId, opened, scope, title);
        if (tenantId === partner.tenantId && !adoptedMeanwhile) {
          adoptedMeanwhile = true;
          await storeCustomer(tailspin, { name: 'Tailspin Toys', domains: ['tailspin.example'] });
          await handleChangeOf(tailspin);
        }
        return found;
      });

    let caseId: string;
    try {
      caseId = await mailCase('sam@tailspin.example');
    } finally {
      enriching.mockRestore();
    }

    expect(adoptedMeanwhile).toBe(true);
    const after = (await view(caseId)).body;
    expect(after.status).toBe('enriched');
    expect(after.customer.tenantId).toBe(tailspin);
    expect(after.flags).not.toContain('unknownCustomer');
    expect(after.entitlement).toMatchObject({ customerKnown: true, planId: 'standard', billable: false, changes: [] });
    expect(adoptionEntries(after)).toHaveLength(1);
  });

  it('given the store fails to save one case it adopts, when the change is handled, then it fails naming the case, and handling it again adopts it', async () => {
    const caseId = await mailCase('sam@tailspin.example');
    await storeCustomer(tailspin, { name: 'Tailspin Toys', domains: ['tailspin.example'] });
    const update = jest.spyOn(desk.desk.cases, 'update').mockRejectedValueOnce(new Error('storage unavailable'));
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);

    try {
      await expect(handleChangeOf(tailspin)).rejects.toMatchObject({ name: 'OpenCaseTermsError', caseIds: [caseId] });
      await handleChangeOf(tailspin);
    } finally {
      update.mockRestore();
      logged.mockRestore();
    }

    expect((await view(caseId)).body.customer.tenantId).toBe(tailspin);
  });
});
