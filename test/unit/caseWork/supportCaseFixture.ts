import type { SupportCase } from '../../../shared/domain/case';
import { openPortalCase } from '../../../shared/domain/newCase';

/** Monday 2 March 2026, 10:00 in Berlin: inside the default offering's service hours. */
export const monday = new Date('2026-03-02T09:00:00Z');

/** An enriched-looking case of severity B, opened at `openedAt`, with its SLA clocks started. */
export function supportCaseFixture(overrides: Partial<SupportCase> = {}, openedAt: Date = monday): SupportCase {
  const { supportCase } = openPortalCase(
    {
      title: 'Production VM does not start',
      description: 'Since 08:00 our VM vm-erp-01 fails to boot.',
      product: 'azure',
      severity: 'B',
      category: 'technical',
      customer: { tenantId: '7f3c9a52-1b2d-4e8f-9a6b-0c1d2e3f4a5b', name: 'Fabrikam Ltd' },
      contact: { name: 'Ann Example', email: 'ann@fabrikam.example', phone: '+49 30 1234567' },
    },
    {
      id: 'case-1',
      tenantId: 'contoso-partner',
      caseNumber: 'CS-000042',
      now: openedAt,
      actor: { kind: 'portal', id: 'key-portal' },
    },
  );
  return {
    ...supportCase,
    status: 'in_progress',
    slaHistory: [{ type: 'opened', at: openedAt.getTime(), severity: 'B' }],
    ...overrides,
  };
}
