import { TableCaseStore } from '../../shared/adapters/tables/tableCaseStore';
import { ensureTables, tableClientFactory } from '../../shared/adapters/tables/tableClients';
import type { SupportCase } from '../../shared/domain/case';
import {
  duplicateIndexWords,
  duplicateScope,
  possibleDuplicates,
  type OpeningWindow,
} from '../../shared/domain/duplicates';
import { openPortalCase } from '../../shared/domain/newCase';
import { newCaseId } from '../../shared/services/ids';

/*
 * Titles whose index words make awkward RowKeys ({word}|{n} in the dupindex day tables), filed and looked up through the
 * case store on Azurite, as intake and enrichment do. Each test works in a tenant of its own, today.
 */

const fabrikam = '2d6c1f7e-5a4b-4c3d-9e8f-1a2b3c4d5e6f';
const hour = 60 * 60 * 1000;

describe('duplicate detection for titles whose words make awkward row keys', () => {
  const tables = tableClientFactory({ kind: 'connectionString', connectionString: process.env.CaseStorage ?? '' });
  const store = new TableCaseStore(tables);
  const lastDay = (): OpeningWindow => ({ since: new Date(Date.now() - 24 * hour), until: new Date() });

  beforeAll(() => ensureTables(tables));

  /** Stores a case as intake does; a refused index write is only logged (advisory), so the log is watched. */
  async function open(tenantId: string, title: string): Promise<{ supportCase: SupportCase; warnings: string[] }> {
    const now = new Date();
    const warnings: string[] = [];
    const warn = jest.spyOn(console, 'warn').mockImplementation((message: unknown) => {
      warnings.push(String(message));
    });
    try {
      const outcome = await store.create(tenantId, (caseNumber) =>
        openPortalCase(
          {
            title,
            description: 'Something fails.',
            product: 'microsoft365',
            customer: { tenantId: fabrikam, name: 'Fabrikam' },
            contact: { name: 'Ann Example', email: 'ann@fabrikam.example' },
          },
          { id: newCaseId(now), tenantId, caseNumber, now, actor: { kind: 'portal', id: 'p' } },
        ),
      );
      if (outcome.kind !== 'created') throw new Error(`expected a new case, got ${outcome.kind}`);
      return { supportCase: outcome.stored.supportCase, warnings };
    } finally {
      warn.mockRestore();
    }
  }

  const duplicatesOf = async (supportCase: SupportCase): Promise<string[]> =>
    possibleDuplicates(
      supportCase,
      await store.duplicateCandidates(supportCase.tenantId, lastDay(), duplicateScope(supportCase), supportCase.title),
    ).map((candidate) => candidate.id);

  it('given a title with two words longer than 64 letters that begin alike (two long tokens of one error), when a twin is opened, then the first case was filed without a warning and is linked', async () => {
    const tenantId = `dup-keys-long-twins-${Date.now()}`;
    const stem = 'x'.repeat(64);
    const title = `Outlook crashes ${stem}alpha ${stem}beta`;
    // Both words cut to the same 64 letters: one index word, else one row key twice in a transaction.
    expect(duplicateIndexWords(title).filter((word) => word === stem)).toHaveLength(1);
    const first = await open(tenantId, title);
    const twin = await open(tenantId, title);

    expect(first.warnings).toEqual([]);
    expect(await duplicatesOf(twin.supportCase)).toEqual([first.supportCase.id]);
  });

  it("given titles full of characters no RowKey may hold ('/', '\\\\', '#', '?', '|', control characters, a lone surrogate), when a twin is opened, then the first is filed without a warning and linked", async () => {
    const tenantId = `dup-keys-hostile-${Date.now()}`;
    const title = 'VPN/DNS\\proxy#fails?again|now\u0007\u0000\u001f\u007f\u0085 \uD800gateway\uDFFF timeout';
    const first = await open(tenantId, title);
    const twin = await open(tenantId, title);

    expect(first.warnings).toEqual([]);
    expect(await duplicatesOf(twin.supportCase)).toEqual([first.supportCase.id]);
  });

  it('given a title of one 200-letter word of letters outside the BMP, when a twin is opened, then the first is filed without a warning and linked', async () => {
    const tenantId = `dup-keys-astral-${Date.now()}`;
    const title = '\u{20BB7}'.repeat(100);
    const first = await open(tenantId, title);
    const twin = await open(tenantId, title);

    expect(first.warnings).toEqual([]);
    expect(await duplicatesOf(twin.supportCase)).toEqual([first.supportCase.id]);
  });

  it('given a case titled in composed Unicode (NFC, as typed) and a twin whose title arrives decomposed (NFD, as some mail clients and PDFs send it), when the twin is enriched, then the first is linked', async () => {
    const tenantId = `dup-keys-nfd-${Date.now()}`;
    const composed = 'Drucker fällt täglich aus wegen Überhitzung';
    const first = await open(tenantId, composed.normalize('NFC'));
    const twin = await open(tenantId, composed.normalize('NFD'));

    expect(await duplicatesOf(twin.supportCase)).toEqual([first.supportCase.id]);
  });
});
