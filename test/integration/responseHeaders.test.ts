import { startTestHost, type TestHost, type TestResponse } from '../support/testHost';

/*
 * Case data must not linger in browser or proxy caches, and no browser may sniff a JSON answer into something it
 * renders: every answer of the desk says so, successes and problems alike.
 */
const newCase = {
  title: 'Teams calls drop after 10 minutes',
  description: 'Since Monday every Teams call in our Berlin office drops after about ten minutes.',
  product: 'microsoft365',
  customer: { tenantId: '7f3c9a52-1b2d-4e8f-9a6b-0c1d2e3f4a5b', name: 'Fabrikam Ltd' },
  contact: { name: 'Ann Example', email: 'ann@fabrikam.example' },
};

const headersOf = (response: TestResponse): { cacheControl: string | null; contentTypeOptions: string | null } => ({
  cacheControl: response.headers.get('cache-control'),
  contentTypeOptions: response.headers.get('x-content-type-options'),
});

describe('response headers', () => {
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost();
  });
  afterAll(() => desk.stop());

  it('given case data, when a case is created, read, listed, changed or not found, then every answer is no-store and nosniff', async () => {
    const { key } = await desk.newTenantKey('agent');

    const created = await desk.request('POST', '/api/cases', { key, body: newCase });
    const read = await desk.request('GET', `/api/cases/${created.body.id}`, { key });
    const listed = await desk.request('GET', '/api/cases', { key });
    const noted = await desk.request('POST', `/api/cases/${created.body.id}/notes`, {
      key,
      body: { text: 'Checked the call logs.' },
    });
    const missing = await desk.request('GET', '/api/cases/000000000aaaaaaaaaaaaaaaa', { key });
    const invalid = await desk.request('POST', '/api/cases', { key, body: { ...newCase, title: '' } });

    expect([created, read, listed, noted, missing, invalid].map((response) => response.status)).toEqual([
      201, 200, 200, 201, 404, 400,
    ]);
    for (const response of [created, read, listed, noted, missing, invalid]) {
      expect(headersOf(response)).toEqual({ cacheControl: 'no-store', contentTypeOptions: 'nosniff' });
    }
  });

  it('given answers without case data, when asked, then they are nosniff too, and the public offering keeps its own caching', async () => {
    const { tenantId } = await desk.newTenantKey('agent');

    const health = await desk.request('GET', '/api/health');
    const unauthenticated = await desk.request('GET', '/api/cases');
    const publicOffering = await desk.request('GET', `/api/offering/${tenantId}/public`);

    expect(headersOf(health)).toEqual({ cacheControl: 'no-store', contentTypeOptions: 'nosniff' });
    expect(headersOf(unauthenticated)).toEqual({ cacheControl: 'no-store', contentTypeOptions: 'nosniff' });
    expect(publicOffering.status).toBe(200);
    expect(headersOf(publicOffering)).toEqual({ cacheControl: 'public, max-age=300', contentTypeOptions: 'nosniff' });
  });
});
