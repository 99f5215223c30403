import { startTestHost, type TestHost } from '../support/testHost';

/*
 * An attachment of POST /api/cases is a link every reader of the case gets back (the portal's customers, agents, a
 * providing tenant), who opens it in a browser. So it is a web link, http or https: a `javascript:` or `data:` URL
 * would run script in whatever page shows it, and a `file:` URL points into the reader's own machine. Those are a 400
 * naming the attachment, and nothing is stored.
 */
describe('attachment links of a new case', () => {
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost();
  });
  afterAll(() => desk.stop());

  const withAttachment = (url: string): Record<string, unknown> => ({
    title: 'Teams calls drop after 10 minutes',
    description: 'Every Teams call in the Berlin office drops after about ten minutes. The log is attached.',
    product: 'microsoft365',
    customer: { tenantId: '7f3c9a52-1b2d-4e8f-9a6b-0c1d2e3f4a5b', name: 'Fabrikam' },
    contact: { name: 'Ann Example', email: 'ann@fabrikam.example' },
    attachments: [{ name: 'call-log.txt', url }],
  });

  it.each(['javascript:alert(document.cookie)', 'data:text/html,<script>alert(1)</script>', 'file:///etc/passwd'])(
    'given an attachment link %p, when a portal opens the case, then 400 naming it and no case is stored',
    async (url) => {
      const { key } = await desk.newTenantKey('portal');

      const answer = await desk.request('POST', '/api/cases', { key, body: withAttachment(url) });

      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'attachments.0.url' })]);
      expect((await desk.request('GET', '/api/cases', { key })).body.items).toEqual([]);
    },
  );

  it.each(['https://files.fabrikam.example/call-log.txt', 'http://intranet.fabrikam.example/call-log.txt'])(
    'given an attachment link %p, when a portal opens the case, then 201 with the link',
    async (url) => {
      const { key } = await desk.newTenantKey('portal');

      const answer = await desk.request('POST', '/api/cases', { key, body: withAttachment(url) });

      expect(answer.status).toBe(201);
      expect(answer.body.attachments).toEqual([{ name: 'call-log.txt', url }]);
    },
  );
});
