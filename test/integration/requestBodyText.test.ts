import { startTestHost, type TestHost } from '../support/testHost';

/*
 * A JSON body is UTF-8 text (RFC 8259, section 8.1). Two portal mistakes break that: a Latin-1 body (`ü` as the one
 * byte 0xFC), which decoding turned into U+FFFD without a word, and a string cut between the two halves of a character
 * outside the BMP (`title.slice(0, 200)` on an emoji), whose lone surrogate was stored and then answered as a `\ud800`
 * escape that strict JSON readers (jq, serde_json) refuse, so one such case broke every list of the tenant for them.
 * Both are a 400 that stores nothing.
 */
describe('request bodies that are not Unicode text', () => {
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost();
  });
  afterAll(() => desk.stop());

  const newCase = (title: string): Record<string, unknown> => ({
    title,
    description: 'Every Teams call in the Berlin office drops after about ten minutes.',
    product: 'microsoft365',
    customer: { tenantId: '7f3c9a52-1b2d-4e8f-9a6b-0c1d2e3f4a5b', name: 'Fabrikam' },
    contact: { name: 'Ann Example', email: 'ann@fabrikam.example' },
  });

  it('given a title cut inside an emoji, when a portal opens the case, then 400 naming the title and no case is stored', async () => {
    const { key } = await desk.newTenantKey('portal');
    const cut = 'Teams calls drop 📞'.slice(0, -1);

    const answer = await desk.request('POST', '/api/cases', { key, body: newCase(cut) });

    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'title' })]);
    expect((await desk.request('GET', '/api/cases', { key })).body.items).toEqual([]);
  });

  it('given a lone low surrogate deep in the body, when a portal opens the case, then 400 naming that field', async () => {
    const { key } = await desk.newTenantKey('portal');
    const body = newCase('Teams calls drop');
    body['contact'] = { name: 'Ann \uDC00Example', email: 'ann@fabrikam.example' };

    const answer = await desk.request('POST', '/api/cases', { key, body });

    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'contact.name' })]);
  });

  it('given a Latin-1 body, when a portal opens the case, then 400 saying the body is not UTF-8 and no case is stored', async () => {
    const { key } = await desk.newTenantKey('portal');
    const latin1 = Buffer.from(JSON.stringify(newCase('Drucker von Jürgen fällt aus')), 'latin1');

    const answer = await desk.request('POST', '/api/cases', {
      key,
      rawBody: latin1,
      headers: { 'content-type': 'application/json' },
    });

    expect(answer.status).toBe(400);
    expect(answer.body.detail).toMatch(/UTF-8/);
    expect((await desk.request('GET', '/api/cases', { key })).body.items).toEqual([]);
  });

  it('given a lone surrogate 100,000 arrays deep, when a portal opens a case with it, then 400 naming where it is', async () => {
    const { key } = await desk.newTenantKey('portal');
    const depth = 100_000;
    const rawBody = `{"title":${'['.repeat(depth)}"\\ud800"${']'.repeat(depth)}}`;

    const answer = await desk.request('POST', '/api/cases', {
      key,
      rawBody,
      headers: { 'content-type': 'application/json' },
    });

    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].field).toBe(['title', ...Array(depth).fill('0')].join('.'));
  });

  it('given a title with whole emoji and letters outside the BMP, when a portal opens the case, then 201 with the title as sent', async () => {
    const { key } = await desk.newTenantKey('portal');
    const title = 'Teams calls drop 📞 𠮷野家 Jürgen';

    const answer = await desk.request('POST', '/api/cases', { key, body: newCase(title) });

    expect(answer.status).toBe(201);
    expect(answer.body.title).toBe(title);
  });
});
