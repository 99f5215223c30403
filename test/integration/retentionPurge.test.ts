import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { odata } from '@azure/data-tables';
import { retentionStores } from '../../shared/adapters/tables/tableRetention';
import { threadLookupKey, type OutgoingMail } from '../../shared/domain/mail/outgoingMail';
import { notificationFor } from '../../shared/domain/notifications';
import { personKey } from '../../shared/domain/retention';
import { deliverNotification, type NotificationDeliveryDesk } from '../../shared/services/notificationDelivery';
import { purgeExpired } from '../../shared/services/retention';
import { functionFilesFor } from '../../scripts/localHost/functionApp';
import { ManualClock } from '../support/manualClock';
import { startTestHost, type TestHost } from '../support/testHost';
import { newCaseBody, tenantWithKeys, type TenantKeys } from './caseWorkFixtures';

/*
 * The retention purge through the local host, its timer run as the schedule would. The clock lives in 2041-2043, far
 * from every other test file: a purge reads only the index days of the last 400 days, so another file's purge never
 * reaches these entries and this file's purge never reaches theirs. The host runs the functions these tests use and not
 * the SLA timers, which would spend the jumps of simulated years escalating the open cases.
 */
const used = [
  'createCase',
  'getCase',
  'transitionCase',
  'getOffering',
  'putOffering',
  'intakeEmail',
  'listIgnoredMail',
  'addCaseNote',
  'retentionPurge',
];
const functionFiles = functionFilesFor('functions/*.ts', join(__dirname, '..', '..')).filter((file) =>
  used.some((name) => file.endsWith(`${name}.ts`)),
);

describe('retention: what expires is removed by the purge timer, reading only the index of what expired', () => {
  const clock = new ManualClock('2041-01-07T09:00:00Z');
  let desk: TestHost;

  const schedule = process.env.RETENTION_PURGE_SCHEDULE;
  beforeAll(async () => {
    // The purge runs when a test says so: 29 February, its schedule here, is a day 2041 to 2043 do not have.
    process.env.RETENTION_PURGE_SCHEDULE = '0 17 2 29 2 *';
    desk = await startTestHost({ clock, functionFiles });
  });
  afterAll(async () => {
    await desk.stop();
    if (schedule === undefined) delete process.env.RETENTION_PURGE_SCHEDULE;
    else process.env.RETENTION_PURGE_SCHEDULE = schedule;
  });

  async function at(instant: string): Promise<void> {
    clock.set(instant);
    await desk.host.idle();
  }

  /** One run of the purge timer, as its schedule would start it. */
  async function purge(): Promise<void> {
    const timer = desk.host.functions.find((fn) => fn.name === 'retentionPurge');
    if (!timer) throw new Error('The retentionPurge timer function is not registered');
    await desk.host.timers.runNow(timer);
    await desk.host.idle();
  }

  async function openCase(
    tenant: TenantKeys,
    contactEmail: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; id: string; caseNumber: string }> {
    const response = await desk.request('POST', '/api/cases', {
      key: tenant.portal,
      headers,
      body: { ...newCaseBody, contact: { name: 'Max Muster', email: contactEmail } },
    });
    return { status: response.status, id: response.body.id, caseNumber: response.body.caseNumber };
  }

  async function move(tenant: TenantKeys, caseId: string, ...statuses: string[]): Promise<void> {
    for (const to of statuses) {
      const response = await desk.request('POST', `/api/cases/${caseId}/transitions`, {
        key: tenant.agent,
        body: { to },
      });
      expect({ to, status: response.status }).toEqual({ to, status: 200 });
    }
  }

  /** A note longer than the case row keeps of its timeline (timelineRows.ts): the case then has timeline rows too. */
  async function addLongNote(tenant: TenantKeys, caseId: string): Promise<void> {
    const response = await desk.request('POST', `/api/cases/${caseId}/notes`, {
      key: tenant.agent,
      body: { text: 'Long internal analysis. '.repeat(1_000) },
    });
    expect(response.status).toBe(201);
  }

  /** The row keys of the tenant's partition of a table: a scan only the test makes. */
  async function rowKeysOf(table: 'cases' | 'retentionIndex', tenantId: string): Promise<string[]> {
    const rows = desk.desk
      .tables(table)
      .listEntities({ queryOptions: { filter: odata`PartitionKey eq ${tenantId}`, select: ['RowKey'] } });
    const found: string[] = [];
    for await (const row of rows) found.push(String(row.rowKey));
    return found;
  }

  /**
   * Every row of the tenant's partitions of the cases and retention index tables that belongs to or points at the case,
   * as table/rowKey: a scan only the test makes.
   */
  async function rowsOfCase(tenantId: string, caseId: string): Promise<string[]> {
    const found: string[] = [];
    for (const table of ['cases', 'retentionIndex'] as const) {
      const rows = desk.desk
        .tables(table)
        .listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${tenantId}` } });
      for await (const row of rows) {
        if (String(row.rowKey).includes(caseId) || row.CaseId === caseId || String(row.Target ?? '').includes(caseId))
          found.push(`${table}/${String(row.rowKey)}`);
      }
    }
    return found;
  }

  async function closedCaseWithMail(
    tenant: TenantKeys,
  ): Promise<{ caseId: string; sent: OutgoingMail[]; mailingDesk: NotificationDeliveryDesk }> {
    await desk.request('PUT', '/api/offering', {
      key: tenant.admin,
      body: await (async () => {
        const offering = (await desk.request('GET', '/api/offering', { key: tenant.admin })).body;
        return { ...offering, settings: { ...offering.settings, closedCaseRetentionMonths: 1 } };
      })(),
    });
    const opened = await desk.request('POST', '/api/cases', {
      key: tenant.portal,
      body: {
        ...newCaseBody,
        contact: { name: 'Max Muster', email: `m-${randomUUID().slice(0, 6)}@fabrikam.example` },
      },
    });
    expect(opened.status).toBe(201);
    const caseId: string = opened.body.id;
    const stored = await desk.desk.cases.get(tenant.tenantId, caseId);
    const sent: OutgoingMail[] = [];
    const mailingDesk: NotificationDeliveryDesk = {
      ...desk.desk,
      config: { mail: { kind: 'graph', senderAddress: 'support@contoso.example' } },
      mailSender: { send: async (mail) => void sent.push(mail) },
    };
    const reply = notificationFor('agentReply', stored!.supportCase, {
      at: clock.now(),
      text: 'Done.',
      occurrence: '1',
    });
    expect((await deliverNotification(mailingDesk, reply.body, reply.messageId, reply.messageId, 1)).kind).toBe('sent');
    for (const to of ['in_progress', 'resolved', 'closed']) {
      const moved = await desk.request('POST', `/api/cases/${caseId}/transitions`, { key: tenant.agent, body: { to } });
      expect({ to, status: moved.status }).toEqual({ to, status: 200 });
    }
    return { caseId, sent, mailingDesk };
  }

  /** Every row of maildeliveries in the tenant's partition and the case's that names the case: a scan only tests make. */
  async function deliveryRowsOf(tenantId: string, caseId: string): Promise<string[]> {
    const found: string[] = [];
    for (const partitionKey of [tenantId, `${tenantId}|${caseId}`]) {
      const rows = desk.desk
        .tables('mailDeliveries')
        .listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${partitionKey}` } });
      for await (const row of rows) if (row.CaseId === caseId) found.push(`${partitionKey}/${String(row.rowKey)}`);
    }
    return found;
  }

  const status = async (tenant: TenantKeys, caseId: string): Promise<number> =>
    (await desk.request('GET', `/api/cases/${caseId}`, { key: tenant.agent })).status;

  it('given a case opened with an Idempotency-Key, when the purge runs 13 and 14 days later, then the claim holds on day 13 and is gone on day 14, so the key opens a new case', async () => {
    const tenant = await tenantWithKeys(desk);
    const headers = { 'Idempotency-Key': 'portal-retry-4711' };
    const first = await openCase(tenant, 'claims@fabrikam.example', headers);
    expect(first.status).toBe(201);

    const claims = async (): Promise<number> => {
      let count = 0;
      const filter = odata`PartitionKey eq ${tenant.tenantId} and RowKey gt ${'idempotency|'} and RowKey lt ${'idempotency|~'}`;
      for await (const row of desk.desk.tables('cases').listEntities({ queryOptions: { filter } }))
        count += row.CaseId === first.id ? 1 : 0;
      return count;
    };
    expect(await claims()).toBe(1);

    await at('2041-01-20T09:00:00Z');
    await purge();
    expect(await claims()).toBe(1);
    const retry = await openCase(tenant, 'claims@fabrikam.example', headers);
    expect({ status: retry.status, id: retry.id }).toEqual({ status: 200, id: first.id });

    await at('2041-01-21T10:00:00Z');
    await purge();
    expect(await claims()).toBe(0);
    const later = await openCase(tenant, 'claims@fabrikam.example', headers);
    expect(later.status).toBe(201);
    expect(later.id).not.toBe(first.id);
    // The claim went, the case it opened stays.
    expect(await status(tenant, first.id)).toBe(200);

    // The retry on day 13 opened nothing: what it filed for the case it would have opened goes at that one's review.
    const indexed = (): Promise<string[]> =>
      retentionStores(desk.desk.tables).personalData.rowsOfPerson(
        tenant.tenantId,
        personKey(tenant.tenantId, 'claims@fabrikam.example'),
      );
    expect(await indexed()).toHaveLength(3);
    await at('2041-02-04T09:00:00Z');
    await purge();
    expect((await indexed()).sort()).toEqual([`case|${first.id}`, `case|${later.id}`].sort());
  });

  it('given a case closed 24 months ago, one closed 8 months ago and an open one, when the purge runs, then only the first is gone with its timeline, lookups and index rows', async () => {
    await at('2041-02-05T09:00:00Z');
    const tenant = await tenantWithKeys(desk);
    const expiredContact = `expired-${randomUUID().slice(0, 6)}@fabrikam.example`;
    const expired = await openCase(tenant, expiredContact);
    const younger = await openCase(tenant, `younger-${randomUUID().slice(0, 6)}@fabrikam.example`);
    const open = await openCase(tenant, `open-${randomUUID().slice(0, 6)}@fabrikam.example`);
    await at('2041-02-06T09:00:00Z');
    await addLongNote(tenant, expired.id);
    await move(tenant, expired.id, 'in_progress', 'resolved', 'closed');
    expect(await rowsOfCase(tenant.tenantId, expired.id)).toEqual(
      expect.arrayContaining([
        `cases/case|${expired.id}`,
        `retentionIndex/contact|${personKey(tenant.tenantId, expiredContact)}|case|${expired.id}`,
      ]),
    );
    const expiredRows = (await rowsOfCase(tenant.tenantId, expired.id)).length;
    expect(expiredRows).toBeGreaterThanOrEqual(5); // case, timeline rows, number lookup, retention entry, contact index row
    expect((await rowsOfCase(tenant.tenantId, expired.id)).filter((row) => row.startsWith('cases/event|'))).not.toEqual(
      [],
    );

    // The timer runs every day; a few runs a year are enough to carry each case's review forward.
    for (const instant of ['2041-02-24T09:00:00Z', '2041-12-01T09:00:00Z']) {
      await at(instant);
      await purge();
    }
    await at('2042-06-01T09:00:00Z');
    await move(tenant, younger.id, 'in_progress', 'resolved', 'closed');
    for (const instant of ['2042-10-01T09:00:00Z', '2043-02-05T09:00:00Z']) {
      await at(instant);
      await purge();
    }
    // A day short of 24 months after its closure, the case is still there.
    expect(await status(tenant, expired.id)).toBe(200);

    await at('2043-02-07T09:00:00Z');
    await purge();

    expect(await status(tenant, expired.id)).toBe(404);
    expect(await rowsOfCase(tenant.tenantId, expired.id)).toEqual([]);
    expect(await desk.desk.cases.findByLookup(tenant.tenantId, `number:${expired.caseNumber}`)).toBeUndefined();
    expect(await status(tenant, younger.id)).toBe(200);
    expect(await status(tenant, open.id)).toBe(200);
    expect(await desk.desk.cases.findByLookup(tenant.tenantId, `number:${younger.caseNumber}`)).toBe(younger.id);
    const youngerView = await desk.request('GET', `/api/cases/${younger.id}`, { key: tenant.agent });
    expect(youngerView.body.timeline.map((event: { type: string }) => event.type)).toEqual([
      'created',
      'queuedForTriage',
      'statusChanged',
      'statusChanged',
      'statusChanged',
    ]);
  });

  it('given a tenant that keeps closed cases one month, when it is set and a case closes, then the case is gone a month later; a setting out of range is a 400', async () => {
    await at('2043-03-01T09:00:00Z');
    const tenant = await tenantWithKeys(desk);
    const offering = (await desk.request('GET', '/api/offering', { key: tenant.admin })).body;
    expect(offering.settings.closedCaseRetentionMonths).toBe(24);
    for (const months of [0, 121, 1.5]) {
      const refused = await desk.request('PUT', '/api/offering', {
        key: tenant.admin,
        body: { ...offering, settings: { ...offering.settings, closedCaseRetentionMonths: months } },
      });
      expect({ months, status: refused.status }).toEqual({ months, status: 400 });
    }
    const saved = await desk.request('PUT', '/api/offering', {
      key: tenant.admin,
      body: { ...offering, settings: { ...offering.settings, closedCaseRetentionMonths: 1 } },
    });
    expect(saved.status).toBe(200);
    const closed = await openCase(tenant, `short-${randomUUID().slice(0, 6)}@fabrikam.example`);
    await move(tenant, closed.id, 'in_progress', 'resolved', 'closed');

    await at('2043-03-20T09:00:00Z');
    await purge();
    expect(await status(tenant, closed.id)).toBe(200);
    await at('2043-04-02T09:00:00Z');
    await purge();
    expect(await status(tenant, closed.id)).toBe(404);
    expect(await rowsOfCase(tenant.tenantId, closed.id)).toEqual([]);
  });

  it('given a closed case whose mails went out, when the purge removes the case, then their delivery records and Message-ID lookups go with it and a late reply to them finds no case', async () => {
    await at('2043-05-01T09:00:00Z');
    const tenant = await tenantWithKeys(desk);
    const { caseId, sent } = await closedCaseWithMail(tenant);
    const replyKeys = sent.map((mail) => threadLookupKey(mail.messageId));
    expect((await desk.desk.mailDeliveries.findCases(tenant.tenantId, replyKeys)).size).toBe(1);

    await at('2043-06-02T09:00:00Z');
    await purge();

    expect(await status(tenant, caseId)).toBe(404);
    expect(await desk.desk.mailDeliveries.findCases(tenant.tenantId, replyKeys)).toEqual(new Map());
    expect(await deliveryRowsOf(tenant.tenantId, caseId)).toEqual([]);
  });

  it('given a purge that stopped right after it removed a case row, when the next run comes, then it removes the rest from what it had noted on the entry', async () => {
    await at('2043-04-05T09:00:00Z');
    const tenant = await tenantWithKeys(desk);
    const offering = await desk.desk.tenants.offering(tenant.tenantId);
    await desk.desk.tenants.saveOffering(tenant.tenantId, {
      ...offering,
      settings: { ...offering.settings, closedCaseRetentionMonths: 1 },
    });
    const closed = await openCase(tenant, `stopped-${randomUUID().slice(0, 6)}@fabrikam.example`);
    await addLongNote(tenant, closed.id);
    await move(tenant, closed.id, 'in_progress', 'resolved', 'closed');
    await at('2043-04-20T09:00:00Z');
    await purge();

    // What a run does up to its stop: note the rows that go with the case on its entry, remove the case row.
    await at('2043-05-07T09:00:00Z');
    const { retention, personalData } = retentionStores(desk.desk.tables);
    const stored = await desk.desk.cases.get(tenant.tenantId, closed.id);
    const [entry] = (
      await (async () => {
        for await (const page of retention.entriesOf({ tenantId: tenant.tenantId, day: '20430505' }, 100)) return page;
        return [];
      })()
    ).filter((due) => due.target.kind === 'case' && due.target.caseId === closed.id);
    expect(entry).toBeDefined();
    const people = [personKey(tenant.tenantId, stored!.supportCase.contact.email)];
    const rows = await personalData.rowsOfCase(tenant.tenantId, closed.id, [`number:${closed.caseNumber}`], people, []);
    expect(rows.people).toEqual([{ personKey: people[0], rowKey: `case|${closed.id}` }]);
    expect(await retention.noteRemains(entry!, { rows: rows.others, people: rows.people })).toBe(true);
    expect(await personalData.removeCaseRow(tenant.tenantId, closed.id, stored!.etag)).toBe('removed');
    const left = await rowsOfCase(tenant.tenantId, closed.id);
    expect(left.length).toBeGreaterThanOrEqual(4); // timeline rows, number lookup, retention entry, contact index row
    expect(left.filter((row) => row.startsWith('cases/event|'))).not.toEqual([]);

    await purge();

    expect(await rowsOfCase(tenant.tenantId, closed.id)).toEqual([]);
  });

  /** A tenant with its keys and a support mailbox of its own, so mail sent to that mailbox is its intake. */
  async function tenantWithMailbox(): Promise<{ tenant: TenantKeys; mailbox: string }> {
    const tenant = await tenantWithKeys(desk);
    const mailbox = `help-${randomUUID().slice(0, 6)}@partner.example`;
    await desk.desk.tenants.saveProfile(tenant.tenantId, {
      name: 'Partner',
      supportAddresses: [mailbox],
      agentAddresses: [],
    });
    return { tenant, mailbox };
  }

  /** An out-of-office reply from `sender` to the tenant's mailbox, taken by email intake (which ignores it). */
  async function sendAutoReply(sender: string, mailbox: string, receivedDateTime: string): Promise<void> {
    desk.host.broker.queue('email-intake').send({
      body: {
        internetMessageId: `<${randomUUID()}@contoso.example>`,
        subject: 'Automatic reply: your case',
        from: sender,
        toRecipients: mailbox,
        body: 'I am out of office.',
        isHtml: false,
        receivedDateTime,
      },
    });
    await desk.host.idle();
  }

  it('given an ignored auto-reply, when the purge runs 89 and 90 days later, then it is listed on day 89 and gone with its index row on day 90', async () => {
    await at('2043-06-01T09:00:00Z');
    const { tenant, mailbox } = await tenantWithMailbox();
    const sender = `away-${randomUUID().slice(0, 6)}@contoso.example`;
    await sendAutoReply(sender, mailbox, '2043-06-01T08:59:00Z');
    const ignored = async (): Promise<number> =>
      (await desk.request('GET', '/api/intake/ignored', { key: tenant.agent })).body.count;
    const indexed = (): Promise<string[]> =>
      retentionStores(desk.desk.tables).personalData.rowsOfPerson(tenant.tenantId, personKey(tenant.tenantId, sender));
    expect(await ignored()).toBe(1);
    expect(await indexed()).toHaveLength(1);

    await at('2043-08-29T09:00:00Z');
    await purge();
    expect(await ignored()).toBe(1);

    await at('2043-08-30T09:00:00Z');
    await purge();
    expect(await ignored()).toBe(0);
    expect(await indexed()).toEqual([]);
  });

  it("given a case opening retried with its Idempotency-Key, when the retry files its claim's entry again, then it answers the first case and what the first filed stays", async () => {
    await at('2043-10-01T09:00:00Z');
    const tenant = await tenantWithKeys(desk);
    const contact = `retried-${randomUUID().slice(0, 6)}@fabrikam.example`;
    const first = await openCase(tenant, contact, { 'Idempotency-Key': 'portal-retry-4711' });
    const filed = await rowKeysOf('retentionIndex', tenant.tenantId);

    const retried = await openCase(tenant, contact, { 'Idempotency-Key': 'portal-retry-4711' });

    expect(first.status).toBe(201);
    expect({ status: retried.status, id: retried.id }).toEqual({ status: 200, id: first.id });
    expect(filed.filter((rowKey) => rowKey.includes('|row|idempotency|'))).toHaveLength(1);
    expect(await rowKeysOf('retentionIndex', tenant.tenantId)).toEqual(expect.arrayContaining(filed));
  });

  it("given a case opened with an Idempotency-Key and an ignored mail, when they are stored, then their retention entries and person-index rows are in the tenant's partition of the retention index table and none in its partition of cases", async () => {
    await at('2043-09-01T09:00:00Z');
    const { tenant, mailbox } = await tenantWithMailbox();
    const contact = `indexed-${randomUUID().slice(0, 6)}@fabrikam.example`;
    const sender = `away-${randomUUID().slice(0, 6)}@contoso.example`;

    const opened = await openCase(tenant, contact, { 'Idempotency-Key': 'portal-retry-0815' });
    await sendAutoReply(sender, mailbox, '2043-09-01T08:59:00Z');

    expect(opened.status).toBe(201);
    const cases = await rowKeysOf('cases', tenant.tenantId);
    expect(cases.filter((rowKey) => /^(expires|contact|erasure)\|/.test(rowKey))).toEqual([]);
    const claimRow = cases.find((rowKey) => rowKey.startsWith('idempotency|'));
    const ignoredRow = cases.find((rowKey) => rowKey.startsWith('ignoredMail|'));
    expect({ claimRow, ignoredRow }).toEqual({ claimRow: expect.any(String), ignoredRow: expect.any(String) });
    const contactKey = personKey(tenant.tenantId, contact);
    const senderKey = personKey(tenant.tenantId, sender);
    expect((await rowKeysOf('retentionIndex', tenant.tenantId)).sort()).toEqual(
      [
        // The case's first review and its claim, 14 days on; the ignored mail and its index row, 90 days on.
        `expires|20430915|case|${opened.id}`,
        `expires|20430915|row|${claimRow}`,
        `expires|20431130|row|${ignoredRow}`,
        `expires|20431130|contact|${senderKey}|${ignoredRow}`,
        `contact|${contactKey}|case|${opened.id}`,
        `contact|${senderKey}|${ignoredRow}`,
      ].sort(),
    );
  });

  it('given a purge whose removal of the delivery log failed after the case row went, when the next run comes, then the case is gone and its delivery records and lookups go too', async () => {
    await at('2046-07-01T09:00:00Z');
    const tenant = await tenantWithKeys(desk);
    const { caseId, sent } = await closedCaseWithMail(tenant);
    const replyKeys = sent.map((mail) => threadLookupKey(mail.messageId));
    expect((await desk.desk.mailDeliveries.findCases(tenant.tenantId, replyKeys)).size).toBe(1);

    await at('2046-08-02T09:00:00Z');
    let failed = 0;
    const failingOnce = {
      ...desk.desk,
      ...retentionStores(desk.desk.tables),
      mailDeliveries: {
        ...desk.desk.mailDeliveries,
        get: desk.desk.mailDeliveries.get.bind(desk.desk.mailDeliveries),
        beginAttempt: desk.desk.mailDeliveries.beginAttempt.bind(desk.desk.mailDeliveries),
        findCases: desk.desk.mailDeliveries.findCases.bind(desk.desk.mailDeliveries),
        finish: desk.desk.mailDeliveries.finish.bind(desk.desk.mailDeliveries),
        removeCase: async (): Promise<number> => {
          failed += 1;
          throw new Error('maildeliveries unavailable');
        },
      },
    };
    const stopped = await purgeExpired(failingOnce);
    expect(failed).toBe(1);
    expect(stopped.failures.map((failure) => failure.target)).toContain(`case ${caseId}`);
    expect((await desk.request('GET', `/api/cases/${caseId}`, { key: tenant.agent })).status).toBe(404);
    expect((await desk.desk.mailDeliveries.findCases(tenant.tenantId, replyKeys)).size).toBe(1);

    await purge();

    expect(await desk.desk.mailDeliveries.findCases(tenant.tenantId, replyKeys)).toEqual(new Map());
    expect(await deliveryRowsOf(tenant.tenantId, caseId)).toEqual([]);
  });

  it('given a case already purged, when the purge runs twice more, then nothing fails and removeCase finds nothing', async () => {
    await at('2046-09-01T09:00:00Z');
    const tenant = await tenantWithKeys(desk);
    const { caseId } = await closedCaseWithMail(tenant);
    await at('2046-10-02T09:00:00Z');
    await purge();
    expect(await deliveryRowsOf(tenant.tenantId, caseId)).toEqual([]);

    const again = await purgeExpired({ ...desk.desk, ...retentionStores(desk.desk.tables) });
    const thrice = await purgeExpired({ ...desk.desk, ...retentionStores(desk.desk.tables) });

    expect([...again.failures, ...thrice.failures]).toEqual([]);
    expect(await desk.desk.mailDeliveries.removeCase(tenant.tenantId, caseId)).toBe(0);
  });
});
