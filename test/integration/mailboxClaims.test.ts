import { randomUUID } from 'node:crypto';
import { toDocumentColumns } from '../../shared/adapters/tables/jsonColumns';
import { startTestHost, type TestHost } from '../support/testHost';

/**
 * Support mailboxes: one tenant holds an address (claimed atomically), a tenant admin's claim routes mail only once an
 * operator confirms it, and an address dropped from the profile is released at once.
 */
describe('support mailbox claims', () => {
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost();
  });
  afterAll(() => desk.stop());

  const newMailbox = (): string => `help-${randomUUID().slice(0, 8)}@partner.example`;

  const putProfile = (key: string, supportAddresses: string[], headers: Record<string, string> = {}) =>
    desk.request('PUT', '/api/tenant-profile', { key, body: { name: 'Partner', supportAddresses }, headers });

  /** Delivers one mail to the address and says whether it opened a case of the tenant, or was set aside as UnknownMailbox. */
  async function mailTo(address: string, agentKey: string): Promise<'opened' | 'unknownMailbox'> {
    const messageId = randomUUID();
    const queue = desk.host.broker.queue('email-intake');
    const before = (await desk.request('GET', '/api/cases', { key: agentKey })).body.items.length;
    queue.send({
      messageId,
      body: {
        internetMessageId: `<${messageId}@contoso.com>`,
        subject: `Printer offline ${messageId.slice(0, 6)}`,
        from: 'jana@contoso.com',
        toRecipients: address,
        body: 'The printer in room 4 is offline.',
        isHtml: false,
        receivedDateTime: '2026-03-02T10:00:00Z',
      },
    });
    await desk.host.idle(20_000);
    const after = (await desk.request('GET', '/api/cases', { key: agentKey })).body.items.length;
    if (after === before + 1) return 'opened';
    const letter = queue.deadLetters().find((candidate) => candidate.messageId === messageId);
    if (letter?.deadLetterReason === 'UnknownMailbox') return 'unknownMailbox';
    throw new Error(
      `mail to ${address} neither opened a case nor was set aside as UnknownMailbox: ${JSON.stringify(letter)}`,
    );
  }

  async function admin(): Promise<{ tenantId: string; key: string; agent: string }> {
    const { tenantId, key } = await desk.newTenantKey('admin');
    const { key: agent } = await desk.newTenantKey('agent', tenantId);
    return { tenantId, key, agent };
  }

  it('given two tenants claiming the same new address at the same moment, when both PUT, then one gets 200 and the other 409, and the address is the winner’s', async () => {
    // Five races, each between two fresh tenants, so a lucky interleaving cannot hide a lost update.
    const races = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const first = await admin();
        const second = await admin();
        const address = newMailbox();
        const [a, b] = await Promise.all([putProfile(first.key, [address]), putProfile(second.key, [address])]);
        const lists = async (key: string): Promise<boolean> =>
          ((await desk.request('GET', '/api/tenant-profile', { key })).body?.supportAddresses ?? []).includes(address);
        const holders = [
          ...((await lists(first.key)) ? ['first'] : []),
          ...((await lists(second.key)) ? ['second'] : []),
        ];
        return {
          address,
          statuses: [a.status, b.status],
          holders,
          problem: [a, b].find((response) => response.status === 409),
        };
      }),
    );

    for (const { address, statuses, holders, problem } of races) {
      expect({ address, statuses: [...statuses].sort() }).toEqual({ address, statuses: [200, 409] });
      expect(holders).toEqual([statuses[0] === 200 ? 'first' : 'second']);
      expect(problem?.headers.get('content-type')).toContain('application/problem+json');
      expect(problem?.body.detail).toContain(address);
    }
  });

  it('given a tenant admin claims an address, when mail arrives before an operator confirms it, then none is taken in; once confirmed, the mail opens a case', async () => {
    const partner = await admin();
    const mailbox = newMailbox();

    expect((await putProfile(partner.key, [mailbox])).status).toBe(200);
    expect(await desk.desk.tenants.tenantForMailbox(mailbox)).toBeUndefined();
    expect(await mailTo(mailbox, partner.agent)).toBe('unknownMailbox');
    expect(await desk.desk.tenants.pendingMailboxes()).toContainEqual({
      address: mailbox,
      tenantId: partner.tenantId,
      routes: false,
    });

    expect(await desk.desk.tenants.confirmMailbox(partner.tenantId, mailbox)).toBe(true);

    expect(await mailTo(mailbox, partner.agent)).toBe('opened');
    expect(await desk.desk.tenants.pendingMailboxes()).not.toContainEqual(
      expect.objectContaining({ address: mailbox }),
    );
  });

  it('given an operator-confirmed address, when its tenant saves the profile again with it, then it keeps routing; another tenant cannot confirm it', async () => {
    const partner = await admin();
    const other = await admin();
    const mailbox = newMailbox();
    await putProfile(partner.key, [mailbox]);
    await desk.desk.tenants.confirmMailbox(partner.tenantId, mailbox);

    const again = await putProfile(partner.key, [mailbox, newMailbox()]);

    expect(again.status).toBe(200);
    expect(await mailTo(mailbox, partner.agent)).toBe('opened');
    expect(await desk.desk.tenants.confirmMailbox(other.tenantId, mailbox)).toBe(false);
  });

  it('given a routed address, when its tenant drops it from the profile, then mail to it is no longer taken in (no stale cache) and another tenant may claim it, unconfirmed', async () => {
    const partner = await admin();
    const next = await admin();
    const mailbox = newMailbox();
    await desk.desk.tenants.saveProfile(partner.tenantId, {
      name: 'Partner',
      supportAddresses: [mailbox],
      agentAddresses: [],
    });
    expect(await mailTo(mailbox, partner.agent)).toBe('opened');

    expect((await putProfile(partner.key, [])).status).toBe(200);

    expect(await mailTo(mailbox, partner.agent)).toBe('unknownMailbox');
    expect((await putProfile(next.key, [mailbox])).status).toBe(200);
    expect(await desk.desk.tenants.mailboxClaims(next.tenantId)).toEqual([
      { address: mailbox, tenantId: next.tenantId, routes: false },
    ]);
    expect(await mailTo(mailbox, next.agent)).toBe('unknownMailbox');
  });

  it('given a claim that fails on a taken address, when another tenant then claims the free address of that request, then it gets it: the failed request held nothing', async () => {
    const owner = await admin();
    const late = await admin();
    const third = await admin();
    const taken = newMailbox();
    const free = newMailbox();
    expect((await putProfile(owner.key, [taken])).status).toBe(200);

    expect((await putProfile(late.key, [free, taken])).status).toBe(409);

    expect((await desk.request('GET', '/api/tenant-profile', { key: late.key })).status).toBe(404);
    expect((await putProfile(third.key, [free])).status).toBe(200);
  });

  it('given a profile that names an address another tenant holds (data from before claims), when that profile drops it, then the other tenant keeps it', async () => {
    const holder = await admin();
    const former = await admin();
    const mailbox = newMailbox();
    await desk.desk.tenants.saveProfile(holder.tenantId, {
      name: 'Holder',
      supportAddresses: [mailbox],
      agentAddresses: [],
    });
    // As an earlier last-writer-wins race could leave it: the former tenant's stored profile still names the address.
    await desk.desk.tables('tenants').upsertEntity(
      {
        partitionKey: former.tenantId,
        rowKey: 'profile',
        ...toDocumentColumns({ name: 'Former', supportAddresses: [mailbox], agentAddresses: [] }),
      },
      'Replace',
    );

    expect((await putProfile(former.key, [])).status).toBe(200);

    expect(await desk.desk.tenants.tenantForMailbox(mailbox)).toBe(holder.tenantId);
    expect(await mailTo(mailbox, holder.agent)).toBe('opened');
  });

  it('given an operator registration (the seed path), when mail arrives, then it routes at once, and a tenant admin of another tenant cannot claim the address', async () => {
    const partner = await admin();
    const other = await admin();
    const mailbox = newMailbox();

    await desk.desk.tenants.saveProfile(partner.tenantId, {
      name: 'Partner',
      supportAddresses: [mailbox],
      agentAddresses: [],
    });

    expect(await mailTo(mailbox, partner.agent)).toBe('opened');
    expect((await putProfile(other.key, [mailbox])).status).toBe(409);
  });
});
