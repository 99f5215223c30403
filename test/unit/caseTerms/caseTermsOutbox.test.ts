import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  caseTermsDueAt,
  caseTermsScopeKey,
  latestOwed,
  owedCaseTerms,
  owedCaseTermsSchema,
  unsavedChangeForgotten,
  unsavedChangeKeptMs,
} from '../../../shared/domain/caseTermsOutbox';

const admin = { kind: 'admin' as const, id: 'key-admin' };
const planChange = (changeId: string, actorId = admin.id) => ({
  change: 'customerPlan' as const,
  changeId,
  tenantId: 'contoso-partner',
  customerTenantId: 'c0a1b2c3-d4e5-4f60-8a71-9b8c7d6e5f40',
  actor: { ...admin, id: actorId },
});

describe('owed case-terms recomputes', () => {
  it('given a change made at an instant, when it is recorded as owed, then it is due a minute later and reads back as stored', () => {
    const now = new Date('2026-12-01T09:00:00Z');

    const owed = owedCaseTerms(planChange('c1'), now);

    expect(owed.addedAt).toBe('2026-12-01T09:00:00.000Z');
    expect(caseTermsDueAt(now)).toBe('2026-12-01T09:01:00.000Z');
    expect(owedCaseTermsSchema.parse(JSON.parse(JSON.stringify(owed)))).toEqual(owed);
  });

  it('given several changes of one customer still owed, when one recompute is queued for them, then it is the latest, whose actor made the terms as they stand', () => {
    const earlier = owedCaseTerms(planChange('c1', 'first-admin'), new Date('2026-12-01T09:00:00Z'));
    const later = owedCaseTerms(planChange('c2', 'second-admin'), new Date('2026-12-01T09:00:05Z'));

    expect(latestOwed([later, earlier])).toBe(later);
    expect(latestOwed([earlier, later])).toBe(later);
    expect(latestOwed([])).toBeUndefined();
  });

  it('given a customer-plan and an offering change of one tenant, when keyed, then their scopes differ and name the customer', () => {
    expect(caseTermsScopeKey(planChange('c1'))).toBe('customer|c0a1b2c3-d4e5-4f60-8a71-9b8c7d6e5f40');
    expect(caseTermsScopeKey({ change: 'offering', tenantId: 'contoso-partner' })).toBe('offering');
  });

  it('given a due entry whose change the sweep does not find saved, when less time has passed since its filing than a save can take, then it is kept, and forgotten after', () => {
    const filedAt = new Date('2026-12-01T09:00:00Z');
    const entry = { dueAt: caseTermsDueAt(filedAt) };

    expect(unsavedChangeForgotten(entry, new Date('2026-12-01T09:01:00Z'))).toBe(false);
    expect(unsavedChangeForgotten(entry, new Date(filedAt.getTime() + unsavedChangeKeptMs - 1))).toBe(false);
    expect(unsavedChangeForgotten(entry, new Date(filedAt.getTime() + unsavedChangeKeptMs))).toBe(true);
  });

  it("given host.json's functionTimeout, which bounds how long a PUT's save can run, then the sweep keeps an unsaved change's entry longer", () => {
    const hostJson = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'host.json'), 'utf8')) as {
      functionTimeout: string;
    };
    const [hours = 0, minutes = 0, seconds = 0] = hostJson.functionTimeout.split(':').map(Number);

    expect(((hours * 60 + minutes) * 60 + seconds) * 1000).toBeLessThan(unsavedChangeKeptMs);
  });
});
