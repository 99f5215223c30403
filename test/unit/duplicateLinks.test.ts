import { applyEnrichment } from '../../shared/domain/caseEnrichment';
import { maxLinkedDuplicates, possibleDuplicates, type DuplicateCandidate } from '../../shared/domain/duplicates';
import { defaultSupportOffering } from '../../shared/domain/offering';
import { monday, supportCaseFixture } from './caseWork/supportCaseFixture';

/*
 * In a storm (an outage, when hundreds of a customer's people write "Teams is down" within the hour) every new case is a
 * possible duplicate of every earlier one. A case links a few of them, the most similar and first opened, and counts the
 * others, so its document and timeline do not grow with the storm.
 */
const customerTenantId = '7f3c9a52-1b2d-4e8f-9a6b-0c1d2e3f4a5b';
const minute = 60_000;

const newCase = supportCaseFixture({ status: 'triaged', slaHistory: [], title: 'Teams meetings drop for everyone' });

/** A case of the same customer opened `minutesBefore` the new one. */
const candidate = (number: number, title: string, minutesBefore: number): DuplicateCandidate => ({
  id: `case-${String(number).padStart(4, '0')}`,
  caseNumber: `CS-${number}`,
  title,
  createdAt: new Date(Date.parse(newCase.createdAt) - minutesBefore * minute).toISOString(),
  customerTenantId,
  contactDomain: 'fabrikam.example',
});

describe('possible duplicates in a storm of similar cases', () => {
  it('given similar cases opened at different times and a closer match opened last, when possible duplicates are found, then the closest match comes first and equally similar ones in the order they were opened', () => {
    const candidates = [
      candidate(3, 'Teams meetings drop for everyone today', 10),
      candidate(1, 'Teams meetings drop for everyone today', 50),
      candidate(4, 'Teams meetings drop for everyone', 1),
      candidate(2, 'Teams meetings drop for everyone today', 30),
    ];

    const found = possibleDuplicates(newCase, candidates);

    expect(found.map((duplicate) => duplicate.caseNumber)).toEqual(['CS-4', 'CS-1', 'CS-2', 'CS-3']);
  });

  it('given 40 similar cases of the customer in the last hours, when the next one is enriched, then it is linked to the 10 first opened and its timeline counts the other 30', () => {
    const storm = Array.from({ length: 40 }, (_, index) =>
      candidate(index + 1, 'Teams meetings drop for everyone', 400 - index * 10),
    );

    const { next, events } = applyEnrichment(newCase, {
      customer: undefined,
      offering: defaultSupportOffering(),
      duplicates: possibleDuplicates(newCase, storm),
      now: monday,
    });

    const firstTen = storm.slice(0, maxLinkedDuplicates);
    expect(next.linkedCaseIds).toEqual(firstTen.map((duplicate) => duplicate.id));
    expect(next.flags).toContain('possibleDuplicate');
    const linked = events.find((event) => event.type === 'linked');
    expect(linked?.summary).toBe(
      `Possible duplicate of ${firstTen.map((duplicate) => duplicate.caseNumber).join(', ')} and 30 more similar cases of the 24 hours before it`,
    );
    expect(linked?.data).toEqual({ caseIds: firstTen.map((duplicate) => duplicate.id), similarCasesNotLinked: 30 });
  });

  it('given three similar cases, when the next one is enriched, then it is linked to all three and the timeline names them without a count', () => {
    const few = [1, 2, 3].map((number) => candidate(number, 'Teams meetings drop for everyone', 60 - number));

    const { next, events } = applyEnrichment(newCase, {
      customer: undefined,
      offering: defaultSupportOffering(),
      duplicates: possibleDuplicates(newCase, few),
      now: monday,
    });

    expect(next.linkedCaseIds).toEqual(['case-0001', 'case-0002', 'case-0003']);
    const linked = events.find((event) => event.type === 'linked');
    expect(linked?.summary).toBe('Possible duplicate of CS-1, CS-2, CS-3');
    expect(linked?.data).toEqual({ caseIds: ['case-0001', 'case-0002', 'case-0003'] });
  });
});
