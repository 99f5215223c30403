import { TableCaseStore } from '../../shared/adapters/tables/tableCaseStore';
import { ensureTables, tableClientFactory } from '../../shared/adapters/tables/tableClients';
import type { SupportCase } from '../../shared/domain/case';
import { duplicateScope, duplicateWindowOf, possibleDuplicates } from '../../shared/domain/duplicates';
import { openPortalCase } from '../../shared/domain/newCase';
import { newCaseId } from '../../shared/services/ids';
import { ManualClock } from '../support/manualClock';

/*
 * The duplicate window is the 24 hours before a case was opened (caseEnrichment.ts), read from the dupindex day tables
 * through the case store as enrichment reads it. Each test works in days of its own, far in the future, since a case
 * that starts a day's table drops the tables of the days before the kept ones for every tenant.
 */

const fabrikam = '2d6c1f7e-5a4b-4c3d-9e8f-1a2b3c4d5e6f';
const title = 'Exchange transport rule bounces partner invoices';

describe('the duplicate window around midnight UTC', () => {
  const tables = tableClientFactory({ kind: 'connectionString', connectionString: process.env.CaseStorage ?? '' });
  const clock = new ManualClock(new Date('2047-05-01T00:00:00.000Z'));
  const store = new TableCaseStore(tables, clock);

  beforeAll(() => ensureTables(tables));

  /** Stores a case opened at `at`, as intake does (the store files it in the duplicate index). */
  async function open(tenantId: string, caseTitle: string, at: string): Promise<SupportCase> {
    const now = new Date(at);
    clock.set(now);
    const outcome = await store.create(tenantId, (caseNumber) =>
      openPortalCase(
        {
          title: caseTitle,
          description: 'Invoices bounce.',
          product: 'microsoft365',
          customer: { tenantId: fabrikam, name: 'Fabrikam' },
          contact: { name: 'Ann Example', email: 'ann@fabrikam.example' },
        },
        { id: newCaseId(now), tenantId, caseNumber, now, actor: { kind: 'portal', id: 'p' } },
      ),
    );
    if (outcome.kind !== 'created') throw new Error(`expected a new case, got ${outcome.kind}`);
    return outcome.stored.supportCase;
  }

  /** The likely duplicates of a case as enrichment finds them when it runs at `enrichedAt`. */
  async function duplicatesOf(supportCase: SupportCase, enrichedAt: string): Promise<string[]> {
    clock.set(new Date(enrichedAt));
    const found = await store.duplicateCandidates(
      supportCase.tenantId,
      duplicateWindowOf(supportCase),
      duplicateScope(supportCase),
      supportCase.title,
    );
    return possibleDuplicates(supportCase, found).map((candidate) => candidate.id);
  }

  it('given a similar case opened exactly 24 hours before a case opened at midnight UTC, when the case is enriched, then the earlier case is linked', async () => {
    const tenantId = `dup-window-edge-${Date.now()}`;
    const earlier = await open(tenantId, title, '2047-05-03T00:00:00.000Z');
    const supportCase = await open(tenantId, title, '2047-05-04T00:00:00.000Z');

    expect(await duplicatesOf(supportCase, '2047-05-04T00:00:01.000Z')).toEqual([earlier.id]);
  });

  it('given a similar case opened 24 hours and 1 ms before a case, when the case is enriched, then it is not linked', async () => {
    const tenantId = `dup-window-outside-${Date.now()}`;
    await open(tenantId, title, '2047-05-06T23:59:59.999Z');
    const supportCase = await open(tenantId, title, '2047-05-08T00:00:00.000Z');

    expect(await duplicatesOf(supportCase, '2047-05-08T00:00:01.000Z')).toEqual([]);
  });

  it('given a similar case opened one millisecond before midnight and a case opened at midnight, when the case is enriched, then the earlier case of the day before is linked', async () => {
    const tenantId = `dup-window-midnight-${Date.now()}`;
    const earlier = await open(tenantId, title, '2047-05-09T23:59:59.999Z');
    const supportCase = await open(tenantId, title, '2047-05-10T00:00:00.000Z');

    expect(await duplicatesOf(supportCase, '2047-05-10T00:00:00.500Z')).toEqual([earlier.id]);
  });

  it("given a similar case opened late on the day before a case opened late in the evening, when the case's enrichment runs a few minutes late, after midnight and after another tenant's first case of the new day, then the earlier case is still linked", async () => {
    const tenantId = `dup-window-dropped-${Date.now()}`;
    const earlier = await open(tenantId, title, '2047-05-20T23:55:00.000Z');
    const supportCase = await open(tenantId, title, '2047-05-21T23:50:00.000Z');
    // Any tenant's first case of 22 May starts that day's table (and drops the older days' tables).
    await open(`dup-window-other-${Date.now()}`, 'Teams meetings drop after ten minutes', '2047-05-22T00:01:00.000Z');

    expect(await duplicatesOf(supportCase, '2047-05-22T00:05:00.000Z')).toEqual([earlier.id]);
  });

  it('given a similar case opened 20 hours before a case, when the case is enriched two days late (a backlog), then the earlier case is still linked', async () => {
    const tenantId = `dup-window-days-late-${Date.now()}`;
    const earlier = await open(tenantId, title, '2047-05-25T14:00:00.000Z');
    const supportCase = await open(tenantId, title, '2047-05-26T10:00:00.000Z');
    await open(`dup-window-other-${Date.now()}`, 'Teams meetings drop after ten minutes', '2047-05-28T09:00:00.000Z');

    expect(await duplicatesOf(supportCase, '2047-05-28T10:00:00.000Z')).toEqual([earlier.id]);
  });
});
