import { createHash, randomUUID } from 'node:crypto';
import { odata } from '@azure/data-tables';
import { startTestHost, type TestHost } from '../support/testHost';
import { newCaseBody, tenantWithKeys, type TenantKeys } from './caseWorkFixtures';

/*
 * POST /api/contacts/erase through the local host, with the whole pipeline running: a person's data is found through
 * the person index the desk keeps as it stores cases and intake-log entries, and taken out of every case, timeline entry
 * and log of the tenant, down to the storage columns.
 */
describe("erasure: an admin erases a person's personal data from all of the tenant's cases, timelines and logs", () => {
  const customerTenantId = '3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a';
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost();
  });
  afterAll(() => desk.stop());

  interface Person {
    address: string;
    name: string;
    phone: string;
  }

  async function deliver(body: unknown): Promise<void> {
    desk.host.broker.queue('email-intake').send({ body, messageId: randomUUID() });
    await desk.host.idle(20_000);
  }

  /** A Microsoft Graph message from the person to the mailbox. */
  const mail = (
    from: Person,
    mailbox: string,
    subject: string,
    content: string,
    headers: { name: string; value: string }[] = [],
    internetMessageId = `<${randomUUID()}@mail.example>`,
  ) => ({
    internetMessageId,
    conversationId: `conv-${randomUUID()}`,
    subject,
    from: { emailAddress: { address: from.address, name: from.name } },
    toRecipients: [{ emailAddress: { address: mailbox } }],
    body: { contentType: 'text', content },
    receivedDateTime: new Date(Date.now() - 60_000).toISOString(),
    internetMessageHeaders: headers,
  });

  const view = async (tenant: TenantKeys, caseId: string): Promise<any> =>
    (await desk.request('GET', `/api/cases/${caseId}`, { key: tenant.agent })).body;
  const traces = (value: unknown, person: Person): string[] => {
    const text = JSON.stringify(value).toLowerCase();
    return [person.address, person.name, person.phone].filter((trace) => text.includes(trace.toLowerCase()));
  };

  /** Every string column of every row of the tenant in the tables of its data that names the person: a scan only the test makes. */
  async function storedTraces(tenantId: string, person: Person): Promise<string[]> {
    const found: string[] = [];
    for (const table of ['cases', 'customers', 'retentionIndex'] as const) {
      for await (const row of desk.desk
        .tables(table)
        .listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${tenantId}` } })) {
        for (const [column, value] of Object.entries(row)) {
          if (typeof value === 'string' && traces(value, person).length > 0)
            found.push(`${table}/${String(row.rowKey)}/${column}`);
        }
      }
    }
    return found;
  }

  /**
   * Ann is the contact of a portal case (with a reply the portal added for her) and of a case her mail opened (with her
   * reply by mail); she wrote on Bob's case as one of the customer's people; an auto-reply of hers was kept out; and the
   * customer directory lists her freemail address.
   */
  async function annEverywhere(): Promise<{
    tenant: TenantKeys;
    ann: Person;
    bob: Person;
    portalCase: string;
    mailCase: string;
    bobsCase: string;
  }> {
    const tenant = await tenantWithKeys(desk);
    const suffix = randomUUID().slice(0, 8);
    const ann: Person = {
      address: `annika.${suffix}@freemail.example`,
      name: `Annika Example-${suffix}`,
      phone: `+49 30 ${suffix.replace(/\D/g, '7').slice(0, 7)}`,
    };
    const bob: Person = { address: `bob.${suffix}@fabrikam.example`, name: 'Bob Builder', phone: '+49 40 7654321' };
    const mailbox = `support-${suffix}@partner.example`;
    await desk.desk.tenants.saveProfile(tenant.tenantId, {
      name: 'Partner',
      supportAddresses: [mailbox],
      agentAddresses: [],
    });
    const customer = {
      name: 'Fabrikam Ltd',
      domains: ['fabrikam.example'],
      addresses: [ann.address],
      supportPlanId: 'standard',
    };
    expect(
      (await desk.request('PUT', `/api/customers/${customerTenantId}`, { key: tenant.admin, body: customer })).status,
    ).toBe(201);

    const open = async (contact: Person): Promise<string> => {
      const body = {
        ...newCaseBody,
        customer: { tenantId: customerTenantId, name: 'Fabrikam Ltd' },
        contact: { name: contact.name, email: contact.address, phone: contact.phone },
      };
      const created = await desk.request('POST', '/api/cases', { key: tenant.portal, body });
      expect(created.status).toBe(201);
      return created.body.id;
    };
    const portalCase = await open(ann);
    expect(
      (
        await desk.request('POST', `/api/cases/${portalCase}/customer-replies`, {
          key: tenant.portal,
          body: { text: 'Still broken this morning.' },
        })
      ).status,
    ).toBe(201);
    const bobsCase = await open(bob);

    const first = `<${randomUUID()}@mail.freemail.example>`;
    // Long mails: their documents span several storage columns, and her phone number sits in the last of them.
    const log = 'printer log line\n'.repeat(4_000);
    await deliver(
      mail(
        ann,
        mailbox,
        'Printer on floor 3 is broken',
        `Hello, ${ann.name} here.\n${log}Call me on ${ann.phone}.`,
        [],
        first,
      ),
    );
    await deliver(
      mail(
        ann,
        mailbox,
        'Re: Printer on floor 3 is broken',
        `It now shows error 42.\n${log}${ann.name}, ${ann.phone}`,
        [{ name: 'In-Reply-To', value: first }],
      ),
    );
    const bobsNumber = (await view(tenant, bobsCase)).caseNumber;
    await deliver(
      mail(ann, mailbox, `Re: [${bobsNumber}] Production VM`, `Bob is out; I am his colleague ${ann.name}.`),
    );
    await deliver(mail(ann, mailbox, 'Automatic reply: your case', 'I am out of office.'));

    const cases = (await desk.request('GET', '/api/cases?pageSize=50', { key: tenant.agent })).body.items as {
      id: string;
    }[];
    expect(cases).toHaveLength(3);
    const mailCase = cases
      .map((supportCase) => supportCase.id)
      .find((id) => id !== portalCase && id !== bobsCase) as string;
    return { tenant, ann, bob, portalCase, mailCase, bobsCase };
  }

  it("given Ann in two cases of her own, on a colleague's case and in the intake log, when an admin erases her, then she is gone everywhere, the cases stay, and the erasure is logged without her address", async () => {
    const { tenant, ann, bob, portalCase, mailCase, bobsCase } = await annEverywhere();
    for (const caseId of [portalCase, mailCase, bobsCase])
      expect(traces(await view(tenant, caseId), ann)).not.toEqual([]);
    expect(
      (await view(tenant, bobsCase)).timeline.filter((event: { type: string }) => event.type === 'customerMessage'),
    ).toHaveLength(1);
    expect((await desk.request('GET', '/api/intake/ignored', { key: tenant.agent })).body.count).toBe(1);
    const bobsBefore = await view(tenant, bobsCase);
    expect((await storedTraces(tenant.tenantId, ann)).length).toBeGreaterThan(5);

    const erased = await desk.request('POST', '/api/contacts/erase', {
      key: tenant.admin,
      body: { email: ann.address.toUpperCase() },
    });

    expect(erased.status).toBe(200);
    const personKey = createHash('sha256').update(`${tenant.tenantId}\n${ann.address}`).digest('hex');
    expect(erased.body).toMatchObject({ personKey, cases: 3, intakeLogEntries: 1, customerAddresses: 1 });
    expect(erased.body.timelineEntries).toBeGreaterThanOrEqual(5);
    expect(traces(erased.body, ann)).toEqual([]);

    for (const caseId of [portalCase, mailCase, bobsCase])
      expect({ caseId, traces: traces(await view(tenant, caseId), ann) }).toEqual({ caseId, traces: [] });
    const portal = await view(tenant, portalCase);
    expect(portal.contact).toEqual({ email: 'erased@erased.invalid' });
    expect(portal.title).toBe(newCaseBody.title);
    expect(portal.timeline.find((event: { type: string }) => event.type === 'customerMessage').data.text).toBe(
      '[erased]',
    );
    const mailed = await view(tenant, mailCase);
    expect(mailed.description).toBe('[erased]');
    expect(mailed.timeline.find((event: { type: string }) => event.type === 'customerMessage').data).toMatchObject({
      body: '[erased]',
      subject: '[erased]',
    });
    // Bob's case keeps Bob and everything else; only Ann's message on it is gone.
    const bobs = await view(tenant, bobsCase);
    expect(bobs.contact).toEqual(bobsBefore.contact);
    expect(bobs.description).toBe(bobsBefore.description);
    expect(traces(bobs, bob)).toEqual([bob.address, bob.name, bob.phone]);
    expect(bobs.timeline.find((event: { type: string }) => event.type === 'customerMessage')).toMatchObject({
      actor: { kind: 'customer', id: 'erased@erased.invalid' },
      data: { body: '[erased]' },
    });
    expect((await desk.request('GET', '/api/intake/ignored', { key: tenant.agent })).body.count).toBe(0);
    expect(
      (await desk.request('GET', `/api/customers/${customerTenantId}`, { key: tenant.agent })).body.addresses,
    ).toEqual([]);
    // Not a column of any row keeps her: no earlier version of a document, no index row, no log entry.
    expect(await storedTraces(tenant.tenantId, ann)).toEqual([]);

    const log = await desk.request('GET', '/api/contacts/erasures', { key: tenant.admin });
    expect(log.status).toBe(200);
    expect(log.body.items).toEqual([erased.body]);
    expect(log.body.items[0]).toMatchObject({ erasedBy: expect.stringMatching(/^key-/), erasedAt: expect.any(String) });
    expect(traces(log.body, ann)).toEqual([]);
  });

  it('given an address the tenant holds nothing of, or one erased already, when erased, then 200 with zero counts, logged as well', async () => {
    const { tenant, ann } = await annEverywhere();
    const other = await tenantWithKeys(desk);

    // Another tenant's erasure of the same address finds nothing of this tenant's.
    const elsewhere = await desk.request('POST', '/api/contacts/erase', {
      key: other.admin,
      body: { email: ann.address },
    });
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body).toMatchObject({ cases: 0, timelineEntries: 0, intakeLogEntries: 0, customerAddresses: 0 });
    expect(
      (await desk.request('GET', '/api/cases?pageSize=50', { key: tenant.agent })).body.items.filter(
        (item: unknown) => traces(item, ann).length > 0,
      ),
    ).toHaveLength(2);

    const nobody = await desk.request('POST', '/api/contacts/erase', {
      key: tenant.admin,
      body: { email: `nobody-${randomUUID()}@nowhere.example` },
    });
    expect(nobody.status).toBe(200);
    expect(nobody.body).toMatchObject({ cases: 0, timelineEntries: 0, intakeLogEntries: 0, customerAddresses: 0 });

    expect(
      (await desk.request('POST', '/api/contacts/erase', { key: tenant.admin, body: { email: ann.address } })).body
        .cases,
    ).toBe(3);
    const again = await desk.request('POST', '/api/contacts/erase', {
      key: tenant.admin,
      body: { email: ann.address },
    });
    expect(again.body).toMatchObject({ cases: 0, timelineEntries: 0, intakeLogEntries: 0, customerAddresses: 0 });
    expect((await desk.request('GET', '/api/contacts/erasures', { key: tenant.admin })).body.items).toHaveLength(3);
  });

  it("given a case's contact, when an admin erases her, then her index rows are gone and the erasure is logged in the tenant's partition of the retention index table, not in its partition of cases", async () => {
    const tenant = await tenantWithKeys(desk);
    const address = `carla.${randomUUID().slice(0, 8)}@fabrikam.example`;
    const created = await desk.request('POST', '/api/cases', {
      key: tenant.portal,
      body: { ...newCaseBody, contact: { name: 'Carla Example', email: address } },
    });
    expect(created.status).toBe(201);
    const rowKeysOf = async (table: 'cases' | 'retentionIndex'): Promise<string[]> => {
      const found: string[] = [];
      for await (const row of desk.desk.tables(table).listEntities({
        queryOptions: { filter: odata`PartitionKey eq ${tenant.tenantId}`, select: ['RowKey'] },
      }))
        found.push(String(row.rowKey));
      return found;
    };
    const personKey = createHash('sha256').update(`${tenant.tenantId}\n${address}`).digest('hex');
    expect(await rowKeysOf('retentionIndex')).toContain(`contact|${personKey}|case|${created.body.id}`);

    const erased = await desk.request('POST', '/api/contacts/erase', { key: tenant.admin, body: { email: address } });

    expect(erased.status).toBe(200);
    expect(erased.body.cases).toBe(1);
    const index = await rowKeysOf('retentionIndex');
    expect(index).toContain(`erasure|${erased.body.erasedAt}|${erased.body.id}`);
    expect(index.filter((rowKey) => rowKey.startsWith('contact|'))).toEqual([]);
    expect((await rowKeysOf('cases')).filter((rowKey) => /^(expires|contact|erasure)\|/.test(rowKey))).toEqual([]);
    expect((await desk.request('GET', '/api/contacts/erasures', { key: tenant.admin })).body.items).toEqual([
      erased.body,
    ]);
  });

  it('given a case whose timeline names the contact in more text than one storage transaction may carry (4 MiB), when an admin erases her, then every entry is rewritten without her', async () => {
    const tenant = await tenantWithKeys(desk);
    const tom: Person = {
      address: `tom.${randomUUID().slice(0, 8)}@fabrikam.example`,
      name: 'Tom Brkbig',
      phone: '+49 30 1234',
    };
    const created = await desk.request('POST', '/api/cases', {
      key: tenant.portal,
      body: { ...newCaseBody, contact: { name: tom.name, email: tom.address, phone: tom.phone } },
    });
    expect(created.status).toBe(201);
    await desk.host.idle();
    // 24 writes of four 50,000-character notes: 24 timeline rows of about 200,000 characters (4.8 MB) that name him.
    const note = (index: number): string =>
      `${tom.name} said in call ${index}: ${'the VM stops again. '.repeat(2_480)}`;
    for (let write = 0; write < 24; write += 1) {
      const current = (await desk.desk.cases.get(tenant.tenantId, created.body.id))!;
      const notes = [0, 1, 2, 3].map((index) => ({
        type: 'note' as const,
        at: new Date().toISOString(),
        actor: { kind: 'agent' as const, id: 'agent-1' },
        visibility: 'internal' as const,
        summary: 'Agent note',
        data: { text: note(write * 4 + index) },
      }));
      expect((await desk.desk.cases.update(current, current.supportCase, notes)).kind).toBe('saved');
    }

    const erased = await desk.request('POST', '/api/contacts/erase', {
      key: tenant.admin,
      body: { email: tom.address },
    });

    expect(erased.status).toBe(200);
    expect(erased.body.timelineEntries).toBeGreaterThanOrEqual(96);
    expect(traces((await view(tenant, created.body.id)).timeline, tom)).toEqual([]);
    expect(await storedTraces(tenant.tenantId, tom)).toEqual([]);
  }, 60_000);

  it('given an agent or a portal key, when it asks to erase or reads the erasure log, then 403 and nothing is erased; a bad address is a 400', async () => {
    const { tenant, ann, portalCase } = await annEverywhere();

    for (const key of [tenant.agent, tenant.portal]) {
      const refused = await desk.request('POST', '/api/contacts/erase', { key, body: { email: ann.address } });
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect((await desk.request('GET', '/api/contacts/erasures', { key })).status).toBe(403);
    }
    expect((await desk.request('POST', '/api/contacts/erase', { body: { email: ann.address } })).status).toBe(401);
    expect(
      (await desk.request('POST', '/api/contacts/erase', { key: tenant.admin, body: { email: 'not an address' } }))
        .status,
    ).toBe(400);
    expect(
      (await desk.request('POST', '/api/contacts/erase', { key: tenant.admin, body: { email: ann.address, also: 1 } }))
        .status,
    ).toBe(400);

    expect(traces(await view(tenant, portalCase), ann)).toEqual([ann.address, ann.name, ann.phone]);
    expect((await desk.request('GET', '/api/contacts/erasures', { key: tenant.admin })).body.items).toEqual([]);
  });
});
