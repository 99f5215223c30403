import { startTestHost, type TestHost } from '../support/testHost';

/*
 * POST /api/triage-rules/try: an admin tries triage rules on a sample request before a customer sends one. The decision
 * is the one a new case would get (same rules, model, fallback and budget) with its explanation: which rule set each
 * field, and for each rule whose conditions did not hold, the first condition that failed. No case is stored.
 */
describe('trying triage rules on a sample', () => {
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost();
  });
  afterAll(() => desk.stop());

  const outage = {
    id: 'outage-is-a',
    description: 'Nobody can work: severity A',
    when: { keywords: { any: ['nobody can', 'outage'] } },
    set: { severity: 'A' },
    override: true,
  };
  const licensing = {
    id: 'licence-is-billing',
    description: 'Licences are a billing matter',
    when: { keywords: { any: ['licence', 'license'] } },
    set: { category: 'billing' },
    override: false,
  };
  const sample = {
    title: 'Outage: nobody can sign in to Teams',
    description: 'Since 9:00 nobody in the office can sign in to Teams or Outlook.',
    product: 'microsoft365',
  };

  async function tenantWithRules(rules: unknown[]): Promise<{ tenantId: string; key: string }> {
    const admin = await desk.newTenantKey('admin');
    const current = await desk.request('GET', '/api/triage-rules', { key: admin.key });
    const saved = await desk.request('PUT', '/api/triage-rules', {
      key: admin.key,
      body: rules,
      headers: { 'if-match': current.headers.get('etag') as string },
    });
    expect(saved.status).toBe(200);
    return admin;
  }

  it("given the tenant's saved rules, when an admin tries a sample, then the decision names the rule that fired and why the other did not, and no case is stored", async () => {
    const admin = await tenantWithRules([outage, licensing]);

    const tried = await desk.request('POST', '/api/triage-rules/try', { key: admin.key, body: sample });

    expect(tried.status).toBe(200);
    expect(tried.body).toMatchObject({ product: 'microsoft365', severity: 'A', matchedRuleIds: ['outage-is-a'] });
    expect(tried.body.decidedBy.severity).toBe('rule');
    expect(tried.body.explanation).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          source: 'rule',
          ruleId: 'outage-is-a',
          field: 'severity',
          value: 'A',
          applied: true,
        }),
        expect.objectContaining({ ruleId: 'licence-is-billing', matched: false, applied: false }),
      ]),
    );
    const notMatched = tried.body.explanation.find(
      (entry: { ruleId: string }) => entry.ruleId === 'licence-is-billing',
    );
    expect(notMatched.reason).toMatch(/licence/);
    const cases = await desk.request('GET', '/api/cases', { key: admin.key });
    expect(cases.body.items).toEqual([]);
  });

  it('given rules in the body, when an admin tries a sample, then those rules decide and the saved ones are left as they were', async () => {
    const admin = await tenantWithRules([outage]);
    const before = await desk.request('GET', '/api/triage-rules', { key: admin.key });

    const tried = await desk.request('POST', '/api/triage-rules/try', {
      key: admin.key,
      body: {
        ...sample,
        title: 'Licence question',
        description: 'How many licences do we have left?',
        rules: [licensing],
      },
    });

    expect(tried.status).toBe(200);
    expect(tried.body).toMatchObject({ category: 'billing', matchedRuleIds: ['licence-is-billing'] });
    expect(tried.body.explanation.some((entry: { ruleId: string }) => entry.ruleId === 'outage-is-a')).toBe(false);
    const after = await desk.request('GET', '/api/triage-rules', { key: admin.key });
    expect(after.headers.get('etag')).toBe(before.headers.get('etag'));
    expect(after.body).toEqual(before.body);
  });

  it('given rules the desk would not save, when an admin tries them, then 400 names the offending field', async () => {
    const admin = await desk.newTenantKey('admin');

    const tried = await desk.request('POST', '/api/triage-rules/try', {
      key: admin.key,
      body: { ...sample, rules: [{ ...outage, set: {} }] },
    });

    expect(tried.status).toBe(400);
    expect(tried.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: expect.stringMatching(/^rules\.0\.set/) })]),
    );
  });

  it('given an empty title, when an admin tries it, then 400 names the title', async () => {
    const admin = await desk.newTenantKey('admin');

    const tried = await desk.request('POST', '/api/triage-rules/try', {
      key: admin.key,
      body: { ...sample, title: ' ' },
    });

    expect(tried.status).toBe(400);
    expect(tried.body.errors).toEqual([expect.objectContaining({ field: 'title' })]);
  });

  it('given an agent, when they try rules, then 403: trying rules is part of managing them', async () => {
    const admin = await desk.newTenantKey('admin');
    const agent = await desk.newTenantKey('agent', admin.tenantId);

    const tried = await desk.request('POST', '/api/triage-rules/try', { key: agent.key, body: sample });

    expect(tried.status).toBe(403);
  });
});
