import { TableDuplicateIndex } from '../../shared/adapters/tables/duplicateIndex';
import { TableCaseStore } from '../../shared/adapters/tables/tableCaseStore';
import { ensureTables, tableClientFactory } from '../../shared/adapters/tables/tableClients';
import type { SupportCase } from '../../shared/domain/case';
import {
  duplicateCandidate,
  duplicateIndexWords,
  duplicateScope,
  possibleDuplicates,
  type DuplicateCandidate,
} from '../../shared/domain/duplicates';
import { openPortalCase } from '../../shared/domain/newCase';
import { newCaseId } from '../../shared/services/ids';

/*
 * The duplicate index (dupindex day tables) against hostile titles, domains and loads, on Azurite: every case possibleDuplicates
 * would accept must be among the candidates, and nothing outside the scope may be. Each test works in a tenant of its
 * own; tests that need fixed instants use far-future days so no other test's table is touched.
 */

const hour = 60 * 60 * 1000;
const fabrikam = '2d6c1f7e-5a4b-4c3d-9e8f-1a2b3c4d5e6f';
const contoso = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

let sequence = 0;
interface CaseOptions {
  customer?: string;
  email?: string;
  title?: string;
  at?: string;
}
function aCase(tenantId: string, options: CaseOptions = {}): SupportCase {
  sequence += 1;
  const now = options.at ? new Date(options.at) : new Date();
  const supportCase = openPortalCase(
    {
      title: options.title ?? 'Exchange transport rule bounces partner invoices',
      description: `Description ${sequence}`,
      product: 'microsoft365',
      customer: { tenantId: options.customer ?? fabrikam, name: 'Some customer' },
      contact: { name: 'Ann Example', email: 'ann@fabrikam.example' },
    },
    { id: newCaseId(now), tenantId, caseNumber: `CS-${1000 + sequence}`, now, actor: { kind: 'portal', id: 'p' } },
  ).supportCase;
  // Built after validation, as email intake stores a contact whose address z.email() would refuse.
  const withContact = {
    ...supportCase,
    contact: { ...supportCase.contact, email: options.email ?? 'ann@fabrikam.example' },
  };
  return options.customer === 'none' ? { ...withContact, customer: { name: 'Unknown' } } : withContact;
}

const ids = (candidates: readonly DuplicateCandidate[]): string[] => candidates.map((found) => found.id).sort();

describe('breaking the duplicate index', () => {
  const tables = tableClientFactory({ kind: 'connectionString', connectionString: process.env.CaseStorage ?? '' });
  const index = new TableDuplicateIndex(tables);
  const lastDay = (): Date => new Date(Date.now() - 24 * hour);
  const candidatesFor = (supportCase: SupportCase, since = lastDay(), until = new Date()) =>
    index.candidates(supportCase.tenantId, supportCase.title, duplicateScope(supportCase), since, until);

  beforeAll(() => ensureTables(tables));

  // ---- Faults -------------------------------------------------------------------------------------------------------

  it('given a stored case whose title has a word longer than 64 code units with a letter outside the BMP at the cut, when its twin reads duplicate candidates (as enrichment does), then the first is found and nothing throws', async () => {
    const tenantId = `brk-surrogate-${Date.now()}`;
    // 'x' and 40 MATHEMATICAL BOLD SMALL A (U+1D41A, a letter of two UTF-16 code units, as "bold" text pasted from
    // social media): a cut at 64 code units would keep a lone high surrogate, which encodeURIComponent (the SDK's URL
    // building for the merge and for the query) refuses with URIError. Long CJK titles (no spaces, one word) with
    // Extension B ideographs such as U+20BB7 would hit the same.
    const title = `x${'\u{1D41A}'.repeat(40)} mailbox`;
    expect(duplicateIndexWords(title)).not.toContainEqual(expect.stringMatching(/[\uD800-\uDBFF]$/));
    const store = new TableCaseStore(tables);
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const created = await store.create(tenantId, (caseNumber) =>
      openPortalCase(
        {
          title,
          description: 'Mailbox full.',
          product: 'microsoft365',
          customer: { tenantId: fabrikam, name: 'Fabrikam' },
          contact: { name: 'Ann Example', email: 'ann@fabrikam.example' },
        },
        { id: newCaseId(new Date()), tenantId, caseNumber, now: new Date(), actor: { kind: 'portal', id: 'p' } },
      ),
    );
    warn.mockRestore();
    if (created.kind !== 'created') throw new Error(`expected a new case, got ${created.kind}`);
    const twin = aCase(tenantId, { title });

    const found = await store.duplicateCandidates(
      tenantId,
      { since: lastDay(), until: new Date() },
      duplicateScope(twin),
      title,
    );

    expect(ids(possibleDuplicates(twin, found))).toEqual([created.stored.supportCase.id]);
  });

  it('given a case from email intake whose contact domain holds a lone surrogate (a JSON \\ud800 escape that the loose mailbox address check lets through), when duplicate detection reads candidates for it, then it answers (an empty list at worst) instead of throwing', async () => {
    const tenantId = `brk-domain-surrogate-${Date.now()}`;
    const supportCase = aCase(tenantId, { customer: 'none', email: 'ann@fabrik\uD800am.example' });
    await index.file(supportCase).catch(() => undefined); // advisory in TableCaseStore.create

    await expect(
      candidatesFor(aCase(tenantId, { customer: 'none', email: supportCase.contact.email })),
    ).resolves.toEqual(expect.any(Array));
  });

  it("given 252 cases of a customer on other subjects whose titles share the index word 'scanner', when two similar cases with 'scanner' follow, then the second finds the first (a full row must not hide a case)", async () => {
    const tenantId = `brk-full-row-${Date.now()}`;
    const at = '2040-01-10T08:00:00.000Z';
    const busy = Array.from({ length: 252 }, (_, number) =>
      aCase(tenantId, { at, title: `Scanner ${number}x dock ${number}y`, customer: fabrikam }),
    );
    for (let start = 0; start < busy.length; start += 20)
      await Promise.all(busy.slice(start, start + 20).map((supportCase) => index.file(supportCase)));
    const first = aCase(tenantId, { at: '2040-01-10T09:00:00.000Z', title: 'Printer and scanner offline' });
    expect(duplicateIndexWords(first.title)).toContain('scanner');
    await index.file(first).catch(() => undefined); // advisory in TableCaseStore.create
    const second = aCase(tenantId, { at: '2040-01-10T10:00:00.000Z', title: 'Printer and scanner offline again' });

    const found = await candidatesFor(
      second,
      new Date('2040-01-09T10:00:00.000Z'),
      new Date('2040-01-10T10:00:00.000Z'),
    );

    expect(ids(possibleDuplicates(second, found))).toEqual([first.id]);
    // Azurite takes a 254th property, Table Storage does not: what the index does then is in duplicateIndex.rows.test.ts.
  });

  it('given two cases of no known customer from long domains that share their first 200 encoded characters, when one looks for candidates, then the other domain is not returned', async () => {
    const tenantId = `brk-long-domain-${Date.now()}`;
    const stem = `${'ü'.repeat(40)}.example`; // 240 characters percent-encoded
    const other = aCase(tenantId, { customer: 'none', email: `bob@${stem}.one` });
    await index.file(other);
    const mine = aCase(tenantId, { customer: 'none', email: `ann@${stem}.two` });

    const found = await candidatesFor(mine);

    expect(found.map((candidate) => candidate.contactDomain)).not.toContain(`${stem}.one`);
  });

  it("given a case of no known customer written from 'Fabrikam.example' and one from 'fabrikam.example', when the second looks for candidates, then the first is found (mail domains are case-insensitive, RFC 5321 §2.4)", async () => {
    const tenantId = `brk-domain-case-${Date.now()}`;
    const first = aCase(tenantId, { customer: 'none', email: 'ann@Fabrikam.example' });
    await index.file(first);
    const second = aCase(tenantId, { customer: 'none', email: 'bob@fabrikam.example' });

    expect(ids(possibleDuplicates(second, await candidatesFor(second)))).toEqual([first.id]);
  });

  // ---- Claims that hold -----------------------------------------------------------------------------------------------

  it('given German, OData-hostile and Unicode titles, when a similar case looks for candidates, then each is found by its twin and by nothing else', async () => {
    const tenantId = `brk-words-${Date.now()}`;
    const titles = [
      'Straße Größe Übergabe fehlgeschlagen',
      "O'Brien can't open 'or' eq mailbox",
      'Fehler 0x80070005 beim Öffnen',
      'Ошибка входа в Outlook',
      'Erreur de synchronisation éèà',
      `${'a'.repeat(70)} overflow`,
    ];
    const filed = titles.map((title) => aCase(tenantId, { title }));
    for (const supportCase of filed) await index.file(supportCase);

    for (const supportCase of filed) {
      const twin = aCase(tenantId, { title: supportCase.title });
      expect(ids(possibleDuplicates(twin, await candidatesFor(twin)))).toEqual([supportCase.id]);
    }
  });

  it('given a title of 60 distinct words, when it is filed and its twin looks, then it is found', async () => {
    const tenantId = `brk-many-words-${Date.now()}`;
    const title = Array.from({ length: 60 }, (_, number) => `w${number.toString().padStart(2, '0')}`).join(' ');
    const first = aCase(tenantId, { title });
    await index.file(first);
    const twin = aCase(tenantId, { title });

    expect(ids(possibleDuplicates(twin, await candidatesFor(twin)))).toEqual([first.id]);
  });

  it('given a case opened at 23:59 UTC, when its duplicate opened at 00:01 the next day looks with since exactly 24 hours before, then it is found, and one opened exactly at since is found too', async () => {
    const tenantId = `brk-midnight-${Date.now()}`;
    const edge = aCase(tenantId, { at: '2040-02-01T00:01:00.000Z' });
    const late = aCase(tenantId, { at: '2040-02-01T23:59:00.000Z' });
    const tooOld = aCase(tenantId, { at: '2040-02-01T00:00:59.999Z' });
    for (const supportCase of [edge, late, tooOld]) await index.file(supportCase);
    const next = aCase(tenantId, { at: '2040-02-02T00:01:00.000Z' });

    const found = await candidatesFor(next, new Date('2040-02-01T00:01:00.000Z'), new Date('2040-02-02T00:01:00.000Z'));

    expect(ids(possibleDuplicates(next, found))).toEqual([edge.id, late.id].sort());
    expect(ids(found)).not.toContain(tooOld.id);
  });

  it('given 60 cases of one customer with the same title filed at once, when a twin looks, then every one of them is found (merges lose no entry)', async () => {
    const tenantId = `brk-concurrent-${Date.now()}`;
    const filed = Array.from({ length: 60 }, () => aCase(tenantId, { title: 'VPN client disconnects hourly' }));
    await Promise.all(filed.map((supportCase) => index.file(supportCase)));
    const twin = aCase(tenantId, { title: 'VPN client disconnects hourly' });

    expect(ids(possibleDuplicates(twin, await candidatesFor(twin)))).toEqual(ids(filed.map(duplicateCandidate)));
  });

  it("given a customer's case and a case of no known customer from the same domain, when each looks, then each finds the other; and a tenant whose id ends like another's scope sees nothing of it", async () => {
    const tenantId = `brk-mixed-${Date.now()}`;
    const known = aCase(tenantId, { customer: fabrikam });
    const unknown = aCase(tenantId, { customer: 'none' });
    const otherCustomer = aCase(tenantId, { customer: contoso });
    for (const supportCase of [known, unknown, otherCustomer]) await index.file(supportCase);
    const laterKnown = aCase(tenantId, { customer: fabrikam });
    const laterUnknown = aCase(tenantId, { customer: 'none' });

    expect(ids(possibleDuplicates(laterKnown, await candidatesFor(laterKnown)))).toEqual([known.id, unknown.id].sort());
    expect(ids(possibleDuplicates(laterUnknown, await candidatesFor(laterUnknown)))).toEqual(
      [known.id, unknown.id, otherCustomer.id].sort(),
    );
    expect(await candidatesFor(aCase(`${tenantId}|c:${fabrikam}`, { customer: 'none' }))).toEqual([]);
    expect(await candidatesFor(aCase(`${tenantId}|d:fabrikam.example`, { customer: fabrikam }))).toEqual([]);
  });

  it('given a stored case, when filing it in the index fails, then creating the case still succeeds', async () => {
    const tenantId = `brk-advisory-${Date.now()}`;
    const failing = Object.assign(
      (...args: Parameters<typeof tables>) => {
        const client = tables(...args);
        if (!args[0].startsWith('duplicateIndex')) return client;
        return Object.assign(Object.create(client) as typeof client, {
          submitTransaction: () => Promise.reject(new Error('storage refused')),
        });
      },
      { existingSuffixes: tables.existingSuffixes },
    );
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const created = await new TableCaseStore(failing).create(tenantId, (caseNumber) =>
        openPortalCase(
          {
            title: 'Teams calls drop',
            description: 'Every call drops.',
            product: 'microsoft365',
            customer: { tenantId: fabrikam, name: 'Fabrikam' },
            contact: { name: 'Ann Example', email: 'ann@fabrikam.example' },
          },
          { id: newCaseId(new Date()), tenantId, caseNumber, now: new Date(), actor: { kind: 'portal', id: 'p' } },
        ),
      );
      expect(created.kind).toBe('created');
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('not filed'));
    } finally {
      warn.mockRestore();
    }
  });
});
