import type { SupportCase } from '../../shared/domain/case';
import {
  duplicateCandidate,
  duplicateIndexWords,
  duplicateScope,
  duplicateWindowOf,
  inDuplicateScope,
  possibleDuplicates,
  titleSimilarity,
  type DuplicateCandidate,
} from '../../shared/domain/duplicates';
import { openPortalCase } from '../../shared/domain/newCase';
import { seededRandom } from '../support/random';

/*
 * Duplicate detection compares a case with what a store returns of the other recent cases: their id, number, title,
 * opening time, customer and contact domain (DuplicateCandidate), never their documents.
 */
const fabrikam = '2d6c1f7e-5a4b-4c3d-9e8f-1a2b3c4d5e6f';
const contoso = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const opened = new Date('2036-03-10T12:00:00Z');

let sequence = 0;
function aCase(
  title: string,
  options: { customer?: string; email?: string; hoursBefore?: number; description?: string } = {},
): SupportCase {
  sequence += 1;
  const now = new Date(opened.getTime() - (options.hoursBefore ?? 0) * 60 * 60 * 1000);
  const supportCase = openPortalCase(
    {
      title,
      description: options.description ?? 'Invoices from our partners bounce with a policy error.',
      product: 'microsoft365',
      customer: { tenantId: options.customer ?? fabrikam, name: 'Some customer' },
      contact: { name: 'Ann Example', email: options.email ?? 'ann@fabrikam.example' },
    },
    {
      id: `case-${sequence}`,
      tenantId: 'dup-unit',
      caseNumber: `CS-${sequence}`,
      now,
      actor: { kind: 'portal', id: 'p' },
    },
  ).supportCase;
  // A case of no known customer, as email intake opens one for mail from an unregistered domain.
  return options.customer ? supportCase : { ...supportCase, customer: { name: supportCase.customer.name } };
}

const title = 'Exchange transport rule bounces partner invoices';
const ids = (found: readonly DuplicateCandidate[]): string[] => found.map((candidate) => candidate.id);

describe('possible duplicates', () => {
  it('given a case, when it becomes a candidate, then only the compared fields are kept, not its description or anything else', () => {
    const supportCase = aCase(title, { customer: fabrikam, description: 'secret words of the contact' });

    expect(duplicateCandidate(supportCase)).toEqual({
      id: supportCase.id,
      caseNumber: supportCase.caseNumber,
      title,
      createdAt: supportCase.createdAt,
      customerTenantId: fabrikam,
      contactDomain: 'fabrikam.example',
    });
    expect(duplicateCandidate(aCase(title, { email: 'bob@contoso.example' }))).not.toHaveProperty('customerTenantId');
  });

  it('given cases of the same customer, of another customer and of no known customer, when a case of a known customer is checked, then its customer and same-domain cases of no known customer are duplicates', () => {
    const supportCase = aCase(title, { customer: fabrikam });
    const sameCustomer = aCase(`${title} again`, {
      customer: fabrikam,
      email: 'bob@elsewhere.example',
      hoursBefore: 2,
    });
    const otherCustomer = aCase(title, { customer: contoso, hoursBefore: 2 });
    const unknownSameDomain = aCase(title, { hoursBefore: 3 });
    const unknownOtherDomain = aCase(title, { email: 'eve@contoso.example', hoursBefore: 3 });
    const candidates = [sameCustomer, otherCustomer, unknownSameDomain, unknownOtherDomain].map(duplicateCandidate);

    expect(ids(possibleDuplicates(supportCase, candidates)).sort()).toEqual(
      [sameCustomer.id, unknownSameDomain.id].sort(),
    );
  });

  it('given a case of no known customer, when it is checked, then every case whose contact writes from its domain is a candidate, whatever its customer', () => {
    const supportCase = aCase(title);
    const knownSameDomain = aCase(title, { customer: fabrikam, hoursBefore: 1 });
    const knownOtherDomain = aCase(title, { customer: fabrikam, email: 'bob@elsewhere.example', hoursBefore: 1 });
    const candidates = [knownSameDomain, knownOtherDomain].map(duplicateCandidate);

    expect(ids(possibleDuplicates(supportCase, candidates))).toEqual([knownSameDomain.id]);
  });

  it('given cases of the same customer, when one is checked, then only similar titles from the 24 hours before it count, never itself or later cases', () => {
    const supportCase = aCase(title, { customer: fabrikam, hoursBefore: 1 });
    const similar = aCase('Transport rule bounces partner invoices in Exchange', {
      customer: fabrikam,
      hoursBefore: 5,
    });
    const different = aCase('Teams calls drop after ten minutes', { customer: fabrikam, hoursBefore: 5 });
    const tooOld = aCase(title, { customer: fabrikam, hoursBefore: 26 });
    const later = aCase(title, { customer: fabrikam, hoursBefore: 0 });
    const candidates = [supportCase, similar, different, tooOld, later].map(duplicateCandidate);

    expect(ids(possibleDuplicates(supportCase, candidates))).toEqual([similar.id]);
  });

  it('given the scope of a case, when a store filters in memory, then it selects what duplicate detection compares', () => {
    const known = duplicateScope(aCase(title, { customer: fabrikam }));
    const unknown = duplicateScope(aCase(title, { email: 'ann@fabrikam.example' }));

    expect(known).toEqual({ customerTenantId: fabrikam, contactDomain: 'fabrikam.example' });
    expect(unknown).toEqual({ contactDomain: 'fabrikam.example' });
    const candidate = (customerTenantId: string | undefined, contactDomain: string): DuplicateCandidate => ({
      id: 'x',
      caseNumber: 'CS-x',
      title,
      createdAt: opened.toISOString(),
      ...(customerTenantId ? { customerTenantId } : {}),
      contactDomain,
    });
    expect(inDuplicateScope(known, candidate(fabrikam, 'elsewhere.example'))).toBe(true);
    expect(inDuplicateScope(known, candidate(contoso, 'fabrikam.example'))).toBe(false);
    expect(inDuplicateScope(known, candidate(undefined, 'fabrikam.example'))).toBe(true);
    expect(inDuplicateScope(known, candidate(undefined, 'contoso.example'))).toBe(false);
    expect(inDuplicateScope(unknown, candidate(contoso, 'fabrikam.example'))).toBe(true);
    expect(inDuplicateScope(unknown, candidate(contoso, 'contoso.example'))).toBe(false);
  });
});

describe('the words a case is filed under for duplicate detection', () => {
  const vocabulary = ['exchange', 'teams', 'outlook', 'mailbox', 'license', 'invoice', 'rule', 'transport', 'bounce'];
  const more = ['partner', 'drops', 'calls', 'Übertragung', 'zurücksetzen', 'azure', 'vm', 'resize', 'boot', 'policy'];
  const words = [...vocabulary, ...more];

  it('given 20,000 pairs of titles, when one would be flagged a duplicate of the other, then their index words meet', () => {
    const next = seededRandom(14);
    const titleOf = (): string =>
      Array.from({ length: 1 + Math.floor(next() * 9) }, () => words[Math.floor(next() * words.length)]).join(' ');
    /** Mostly a close variant of the title (a word swapped, added or dropped), sometimes another title. */
    const variantOf = (title: string): string => {
      const parts = title.split(' ');
      const at = Math.floor(next() * parts.length);
      const word = words[Math.floor(next() * words.length)]!;
      const edit = next();
      if (edit < 0.3) parts[at] = word;
      else if (edit < 0.6) parts.splice(at, 0, word);
      else if (edit < 0.8 && parts.length > 1) parts.splice(at, 1);
      else return titleOf();
      return parts.join(' ');
    };
    let similarPairs = 0;
    const missed: Array<[string, string]> = [];
    for (let pair = 0; pair < 20_000; pair += 1) {
      const first = titleOf();
      const second = variantOf(first);
      if (titleSimilarity(first, second) < 0.5) continue;
      similarPairs += 1;
      const filed = new Set(duplicateIndexWords(first));
      if (!duplicateIndexWords(second).some((word) => filed.has(word))) missed.push([first, second]);
    }
    expect(similarPairs).toBeGreaterThan(5_000);
    expect(missed).toEqual([]);
  });

  it('given a title of six significant words, when it is filed, then it is filed under the four longest, not all six', () => {
    expect(duplicateIndexWords('Exchange transport rule bounces partner invoices')).toEqual([
      'transport',
      'exchange',
      'invoices',
      'bounces',
    ]);
  });

  it('given a title with the short words most titles share, when it is filed, then those words come last and are left out', () => {
    expect(duplicateIndexWords('Outlook and Teams not syncing')).toEqual(['outlook', 'syncing', 'teams']);
  });

  it('given a title without significant words, when it is filed, then it is filed under nothing and matches nothing', () => {
    expect(duplicateIndexWords('PC ok?')).toEqual([]);
  });

  it('given a word of 300 letters, when it is filed, then its key is cut to 64 letters on both sides alike', () => {
    const long = 'a'.repeat(300);
    expect(duplicateIndexWords(`${long} outage`)).toEqual(['a'.repeat(64), 'outage']);
  });

  it('given two long words alike in their first 64 letters, when the title is filed, then it is filed under that key once', () => {
    const stem = 'x'.repeat(64);
    expect(duplicateIndexWords(`${stem}alpha ${stem}beta outage`)).toEqual([stem]);
  });

  it('given the same title typed with composed letters and pasted with decomposed ones, when they are compared and filed, then they are the same title', () => {
    const composed = 'Drucker fällt aus im Büro';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);

    expect(titleSimilarity(composed, decomposed)).toBe(1);
    expect(duplicateIndexWords(decomposed)).toEqual(duplicateIndexWords(composed));
  });

  it('given a window of opening times for a case, when it is taken, then it is the 24 hours before the case was opened, whenever it is taken', () => {
    const supportCase = aCase(title, { customer: fabrikam, hoursBefore: 3 });
    expect(duplicateWindowOf(supportCase)).toEqual({
      since: new Date('2036-03-09T09:00:00.000Z'),
      until: new Date('2036-03-10T09:00:00.000Z'),
    });
  });
});
