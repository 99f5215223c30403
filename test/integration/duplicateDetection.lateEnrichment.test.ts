import { join } from 'node:path';
import { functionFilesFor } from '../../scripts/localHost/functionApp';
import { enrichCase } from '../../shared/services/caseEnrichment';
import { ManualClock } from '../support/manualClock';
import { startTestHost, type TestHost } from '../support/testHost';

/*
 * Duplicates are the similar cases of the 24 hours before a case was opened (possibleDuplicates), whenever enrichment
 * runs: after a backlog or a retry the window still starts 24 hours before the case's opening, not before now. The host
 * here runs intake and triage but not enrichment, so the test enriches when it has moved the clock.
 */

const hour = 60 * 60 * 1000;
const fabrikam = '2d6c1f7e-5a4b-4c3d-9e8f-1a2b3c4d5e6f';
const functionFiles = functionFilesFor('functions/*.ts', join(__dirname, '..', '..')).filter(
  (file) => !file.endsWith('enrichCase.ts'),
);

const portalCase = (title: string) => ({
  title,
  description: 'Invoices sent to partners bounce since this morning.',
  product: 'microsoft365',
  customer: { tenantId: fabrikam, name: 'Fabrikam' },
  contact: { name: 'Ann Example', email: 'ann@fabrikam.example' },
});

describe('duplicate detection when enrichment runs late', () => {
  const openedAt = new Date('2034-02-10T10:00:00.000Z');
  const clock = new ManualClock(openedAt);
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost({ clock, functionFiles });
  });
  afterAll(() => desk.stop());

  async function open(key: string, title: string, at: Date): Promise<string> {
    clock.set(at);
    const created = await desk.request('POST', '/api/cases', { key, body: portalCase(title) });
    expect(created.status).toBe(201);
    await desk.host.idle();
    return (created.body as { id: string }).id;
  }

  it('given a similar case opened 22 hours before a case, when the case is enriched 5 hours after it was opened, then the earlier case is still linked as a likely duplicate', async () => {
    const { key, tenantId } = await desk.newTenantKey('portal');
    const earlier = await open(
      key,
      'Exchange transport rule bounces partner invoices',
      new Date(openedAt.getTime() - 22 * hour),
    );
    const outside = await open(
      key,
      'Exchange transport rule bounces partner invoices again',
      new Date(openedAt.getTime() - 25 * hour),
    );
    const caseId = await open(key, 'Exchange transport rule bounces partner invoices', openedAt);
    const after = await open(
      key,
      'Exchange transport rule bounces partner invoices',
      new Date(openedAt.getTime() + 2 * hour),
    );

    clock.set(new Date(openedAt.getTime() + 5 * hour));
    const enriched = await enrichCase(desk.desk, { tenantId, caseId });

    expect(enriched.supportCase.flags).toContain('possibleDuplicate');
    expect(enriched.supportCase.linkedCaseIds).toEqual([earlier]);
    expect(enriched.supportCase.linkedCaseIds).not.toContain(outside);
    expect(enriched.supportCase.linkedCaseIds).not.toContain(after);
  });
});
