import { randomUUID } from 'node:crypto';
import { startTestHost, type TestHost } from '../support/testHost';

/*
 * Issue 11, "Rules cannot stall the desk", through the local host: tenant rule sets are limited in size with clear
 * 400s, a keyword that made the former matcher backtrack is harmless, and a rule set too slow for a case's text runs
 * out of its time budget instead of holding the worker: the case is triaged all the same and the timeline says so.
 */
describe('triage rules cannot stall the desk', () => {
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost();
  });
  afterAll(() => desk.stop());

  const rule = (
    id: string,
    keywords: { any?: string[]; none?: string[] },
    set: Record<string, string> = { severity: 'B' },
  ) => ({
    id,
    description: `Rule ${id}`,
    when: { keywords },
    set,
  });
  const keywords = (count: number, length = 6) =>
    Array.from({ length: count }, (_, index) => `k${index}`.padEnd(length, 'x'));

  async function openCase(key: string, title: string, description: string): Promise<string> {
    const created = await desk.request('POST', '/api/cases', {
      key,
      body: {
        title,
        description,
        product: 'other',
        customer: { tenantId: randomUUID(), name: 'Litware' },
        contact: { email: 'it@litware.example' },
      },
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  }

  async function triagedCase(key: string, id: string) {
    await desk.host.idle();
    const read = await desk.request('GET', `/api/cases/${id}`, { key });
    expect(read.status).toBe(200);
    const triaged = read.body.timeline.find((event: { type: string }) => event.type === 'triaged');
    return { supportCase: read.body, triaged };
  }

  describe('size limits', () => {
    it.each([
      [
        'more rules than allowed',
        Array.from({ length: 201 }, (_, index) => rule(`r${index}`, { any: ['outage'] })),
        '',
        'a rule set can hold at most 200 rules (got 201)',
      ],
      [
        'a keyword longer than allowed',
        [rule('long', { any: ['x'.repeat(81)] })],
        '0.when.keywords.any.0',
        'a keyword can be at most 80 characters (got 81)',
      ],
      [
        'a rule with too many keywords',
        [rule('many', { any: keywords(300), none: keywords(201) })],
        '0.when.keywords',
        'a rule can hold at most 500 keywords in any, all and none together, title keywords included (got 501)',
      ],
      [
        'a rule whose title keywords bring it over the limit',
        [
          {
            ...rule('title', { any: keywords(300) }),
            when: { keywords: { any: keywords(300) }, titleKeywords: { any: keywords(201) } },
          },
        ],
        '0.when.keywords',
        'a rule can hold at most 500 keywords in any, all and none together, title keywords included (got 501)',
      ],
      [
        'too many keywords in all',
        Array.from({ length: 11 }, (_, index) => rule(`r${index}`, { any: keywords(300), none: keywords(160) })),
        '',
        'a rule set can hold at most 5000 keywords in all (got 5060)',
      ],
      [
        'keywords too long in total',
        Array.from({ length: 10 }, (_, index) => rule(`r${index}`, { any: keywords(100, 51) })),
        '',
        'the keywords of a rule set can have at most 50000 characters in all (got 51000)',
      ],
    ])(
      'given %s, when an admin puts them, then 400 problem+json names the limit and the rules stay',
      async (_what, rules, field, message) => {
        const { key: admin } = await desk.newTenantKey('admin');
        const before = (await desk.request('GET', '/api/triage-rules', { key: admin })).body;

        const put = await desk.request('PUT', '/api/triage-rules', { key: admin, body: rules });

        expect(put.status).toBe(400);
        expect(put.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(put.body.errors).toContainEqual({ field, message });
        expect((await desk.request('GET', '/api/triage-rules', { key: admin })).body).toEqual(before);
      },
    );
  });

  it('given a tenant rule on the title alone, when cases name its keyword in the title and only in the description, then it applies to the first only and the timeline says why not for the second', async () => {
    const { key: admin } = await desk.newTenantKey('admin');
    const rules = [
      {
        id: 'printer-subject',
        description: 'A printer named in the title is the subject',
        when: { titleKeywords: { any: ['printer*', 'Drucker*'] } },
        set: { severity: 'B' },
      },
    ];
    expect((await desk.request('PUT', '/api/triage-rules', { key: admin, body: rules })).status).toBe(200);
    expect((await desk.request('GET', '/api/triage-rules', { key: admin })).body).toEqual(
      rules.map((entry) => ({ ...entry, override: false })),
    );

    const inTitle = await triagedCase(admin, await openCase(admin, 'Printer on floor 2 offline', 'Nobody can print.'));
    const inDescription = await triagedCase(
      admin,
      await openCase(admin, 'Word hangs', 'Word hangs whenever we print to the printer on floor 2.'),
    );

    expect(inTitle.supportCase).toMatchObject({ severity: 'B', triage: { matchedRuleIds: ['printer-subject'] } });
    expect(inDescription.supportCase.triage.matchedRuleIds).toEqual([]);
    expect(inDescription.triaged.data.explanation).toContainEqual(
      expect.objectContaining({
        ruleId: 'printer-subject',
        reason: 'did not apply: titleKeywords: none of [printer*, Drucker*] found',
      }),
    );
  });

  it('given a tenant rule with the keyword `x - - - - - - y`, when a case with a long run of separators after an x is triaged, then it is triaged as plain matching says', async () => {
    const { key: admin } = await desk.newTenantKey('admin');
    const rules = [
      rule('tenant-x-y', { any: ['x - - - - - - y'] }, { product: 'azure', severity: 'A' }),
      rule('mailbox', { any: ['mailbox*'] }, { product: 'microsoft365', severity: 'B' }),
    ];
    expect((await desk.request('PUT', '/api/triage-rules', { key: admin, body: rules })).status).toBe(200);

    const description = `${'The shared mailbox stopped syncing overnight. '.repeat(1_000)}x${' -'.repeat(40)} z`;
    const id = await openCase(admin, 'Mailbox sync', description);
    const { supportCase, triaged } = await triagedCase(admin, id);

    expect(supportCase).toMatchObject({ severity: 'B' });
    expect(supportCase.triage.matchedRuleIds).toEqual(['mailbox']);
    expect(triaged.data.budgetExceeded).toBeUndefined();
  });

  it("given rules far too slow for a case's text, when the case is triaged, then triage stops at its budget, the case is triaged with defaults and the timeline records the budget", async () => {
    const { key: admin } = await desk.newTenantKey('admin');
    // Keywords of umlauts and spaces have no literal part to search for, and on a text of umlauts and spaces each keeps
    // about a hundred partial matches alive at every character: linear, but tens of seconds for all of them on a
    // 100,000-character description, far beyond the 250 ms budget on any machine.
    const slow = Array.from({ length: 150 }, (_, index) =>
      rule(`slow-${index}`, { any: [`${'ä '.repeat(35 + (index % 5))}ö`] }, { severity: 'A' }),
    );
    expect((await desk.request('PUT', '/api/triage-rules', { key: admin, body: slow })).status).toBe(200);

    const id = await openCase(admin, 'Log attached', 'ä '.repeat(50_000));
    const { supportCase, triaged } = await triagedCase(admin, id);

    expect(supportCase).toMatchObject({ product: 'other', category: 'technical', severity: 'C', tier: 'tier1' });
    expect(triaged.data.budgetExceeded).toMatchObject({
      limitMs: 250,
      stoppedAtRuleId: expect.stringMatching(/^slow-/),
    });
    expect(triaged.summary).toMatch(/ran out of its 250 ms time budget/);
    expect((await desk.request('GET', '/api/health')).status).toBe(200);
  });
});
