import { randomUUID } from 'node:crypto';
import type { Customer } from '../../shared/domain/customer';
import { applyCaseTermsChange } from '../../shared/services/openCaseTerms';
import { caseViewOf, mailCaseFrom, mailPartner, type MailPartner } from '../support/mailPartners';
import { startTestHost, type TestHost } from '../support/testHost';

/*
 * Breaking the adoption of open mail cases of no known customer (PUT /api/customers/{id}, services/openCaseTerms.ts)
 * as a careless partner admin, a second tenant and intake running at the same moment would. The promise under test:
 * the open cases of no known customer whose sender intake would now give to the customer become its cases, and no
 * other case does.
 */

const tailspin = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

describe('breaking the adoption of mail cases by a customer recorded later', () => {
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
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => desk.stop());

  const mailCase = (from: string, to: MailPartner = partner): Promise<string> => mailCaseFrom(desk, to, from);
  const view = (caseId: string, of: MailPartner = partner) => caseViewOf(desk, of, caseId);

  const putCustomer = async (body: Record<string, unknown>, key = admin) => {
    const saved = await desk.request('PUT', `/api/customers/${tailspin}`, { key, body });
    await desk.host.idle(20_000);
    return saved;
  };

  it('given intake looked up a sender before the customer of its domain was saved and stores the case after that save’s recompute ran, when the case is enriched, then it is the customer’s case (the one recompute that could adopt it found nothing to adopt)', async () => {
    const findBySender = desk.desk.customers.findBySender.bind(desk.desk.customers);
    let raced = false;
    jest.spyOn(desk.desk.customers, 'findBySender').mockImplementation(async (tenantId, address) => {
      const found = await findBySender(tenantId, address);
      if (!raced && tenantId === partner.tenantId && address.toLowerCase() === 'sam@tailspin.example') {
        raced = true;
        // The admin's PUT lands while intake holds its answer (storing attachments, claiming the case number), and
        // the case-terms queue handles the PUT's recompute before intake stores the case.
        const customer: Customer = {
          customerTenantId: tailspin,
          name: 'Tailspin Toys',
          domains: ['tailspin.example'],
          addresses: [],
          supportPlanId: 'standard',
          billingMode: 'perIncident',
          cspSubscriptions: [],
          updatedAt: new Date().toISOString(),
        };
        await desk.desk.customers.put(partner.tenantId, customer);
        await applyCaseTermsChange(desk.desk, {
          change: 'customerPlan',
          changeId: randomUUID(),
          tenantId: partner.tenantId,
          customerTenantId: tailspin,
          actor: { kind: 'admin', id: 'admin-key' },
        });
      }
      return found;
    });

    const caseId = await mailCase('sam@tailspin.example');

    expect(raced).toBe(true);
    const after = (await view(caseId)).body;
    // Nothing else will ever look at this case again: it is billed out of plan for a customer that has a plan.
    expect(after.customer.tenantId).toBe(tailspin);
    expect(after.flags).not.toContain('unknownCustomer');
    expect(after.entitlement).toMatchObject({ customerKnown: true, planId: 'standard' });
  });

  it('given an open mail case whose contact was erased, when a customer is recorded with the domain of the erasure placeholder, then the case is not adopted (no sender is left to match)', async () => {
    const caseId = await mailCase('sam@tailspin.example');
    const erased = await desk.request('POST', '/api/contacts/erase', {
      key: admin,
      body: { email: 'sam@tailspin.example' },
    });
    expect(erased.status).toBe(200);
    const before = await view(caseId);
    expect(before.body.contact.email).toBe('erased@erased.invalid');

    // A careless (or mischievous) admin: the placeholder every erased contact gets is no customer's mail domain.
    await putCustomer({ name: 'Tailspin Toys', domains: ['erased.invalid'], supportPlanId: 'standard' });

    const after = await view(caseId);
    expect(after.body.customer.tenantId).toBeUndefined();
    expect(after.etag).toBe(before.etag);
  });

  it('given two tenants with a mail case from the same domain, when one tenant records the customer of that domain, then only its own case is adopted and the other tenant’s case is not written', async () => {
    const other = await mailPartner(desk);
    const theirs = await mailCase('sam@tailspin.example', other);
    const ours = await mailCase('kim@tailspin.example');
    const before = await view(theirs, other);

    expect((await putCustomer({ name: 'Tailspin Toys', domains: ['tailspin.example'] })).status).toBe(201);

    expect((await view(ours)).body.customer.tenantId).toBe(tailspin);
    const after = await view(theirs, other);
    expect(after.etag).toBe(before.etag);
    expect(after.body.customer.tenantId).toBeUndefined();
  });

  it('given a mail case from a sender written in mixed case, when the customer is recorded with the domain in lower case, then the case is adopted and the entry names the sender in lower case', async () => {
    const caseId = await mailCase('Sam.Sender@TailSpin.EXAMPLE');

    expect((await putCustomer({ name: 'Tailspin Toys', domains: ['TailSpin.Example'] })).status).toBe(201);

    const after = (await view(caseId)).body;
    expect(after.customer.tenantId).toBe(tailspin);
    const adopted = after.timeline.filter(
      (entry: any) => entry.type === 'fieldChanged' && entry.data?.field === 'customer',
    );
    expect(adopted).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ sender: 'sam.sender@tailspin.example' }) }),
    ]);
  });
});
