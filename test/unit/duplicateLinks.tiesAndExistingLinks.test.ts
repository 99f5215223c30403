import { applyEnrichment } from '../../shared/domain/caseEnrichment';
import { maxLinkedDuplicates, possibleDuplicates, type DuplicateCandidate } from '../../shared/domain/duplicates';
import { defaultSupportOffering } from '../../shared/domain/offering';
import { monday, supportCaseFixture } from './caseWork/supportCaseFixture';

/*
 * Review probes of 595631b: the order of possible duplicates must not depend on the order the duplicate index happened
 * to answer them in (equal similarity and equal opening time fall back to case id), and a case that already holds a link
 * (an email follow-up) keeps it besides the capped duplicate links, with the timeline counting only duplicates.
 */
const customerTenantId = '7f3c9a52-1b2d-4e8f-9a6b-0c1d2e3f4a5b';
const newCase = supportCaseFixture({ status: 'triaged', slaHistory: [], title: 'Teams meetings drop for everyone' });
const openedAt = new Date(Date.parse(newCase.createdAt) - 60_000).toISOString();

const candidate = (number: number): DuplicateCandidate => ({
  id: `case-${String(number).padStart(4, '0')}`,
  caseNumber: `CS-${number}`,
  title: 'Teams meetings drop for everyone',
  createdAt: openedAt,
  customerTenantId,
  contactDomain: 'fabrikam.example',
});

describe('possible duplicates that tie on similarity and opening time', () => {
  it('given 15 equally similar cases opened at the same instant, in any order, when possible duplicates are found, then they come in case id order every time', () => {
    const storm = Array.from({ length: 15 }, (_, index) => candidate(index + 1));
    const reversed = [...storm].reverse();
    const interleaved = [
      ...storm.filter((_, index) => index % 2 === 1),
      ...storm.filter((_, index) => index % 2 === 0),
    ];

    const orders = [storm, reversed, interleaved].map((candidates) =>
      possibleDuplicates(newCase, candidates).map((duplicate) => duplicate.id),
    );

    expect(orders[1]).toEqual(orders[0]);
    expect(orders[2]).toEqual(orders[0]);
    expect(orders[0]).toEqual(storm.map((duplicate) => duplicate.id));
  });

  it('given a case that already follows up on a closed case, when it is enriched with 12 possible duplicates, then it keeps that link besides the first 10 and the timeline counts the other 2', () => {
    const followUp = { ...newCase, linkedCaseIds: ['case-closed'] };
    const storm = Array.from({ length: 12 }, (_, index) => candidate(index + 1));

    const { next, events } = applyEnrichment(followUp, {
      customer: undefined,
      offering: defaultSupportOffering(),
      duplicates: possibleDuplicates(followUp, storm),
      now: monday,
    });

    const firstTen = storm.slice(0, maxLinkedDuplicates).map((duplicate) => duplicate.id);
    expect(next.linkedCaseIds).toEqual(['case-closed', ...firstTen]);
    expect(events.find((event) => event.type === 'linked')?.data).toEqual({
      caseIds: firstTen,
      similarCasesNotLinked: 2,
    });
  });
});
