import type { SupportCase } from '../../../shared/domain/case';
import { applyEnrichment } from '../../../shared/domain/caseEnrichment';
import { applyTriage } from '../../../shared/domain/caseTriage';
import { updateCaseFields, type WorkContext } from '../../../shared/domain/caseWork';
import type { Customer } from '../../../shared/domain/customer';
import { defaultSupportOffering, supportOfferingSchema, type SupportOffering } from '../../../shared/domain/offering';
import { defaultTriageRules, triage, unlimitedTriageBudget } from '../../../shared/domain/triage';
import { monday, supportCaseFixture } from '../caseWork/supportCaseFixture';

/*
 * A partner invoices its customers from a case's entitlement, so it must follow the case: decided from product,
 * category, severity, the customer's plan and the offering, again after every correction, with the flags following.
 */

const standardCustomer: Customer = {
  customerTenantId: '7f3c9a52-1b2d-4e8f-9a6b-0c1d2e3f4a5b',
  name: 'Fabrikam Ltd',
  domains: ['fabrikam.example'],
  addresses: [],
  supportPlanId: 'standard',
  billingMode: 'included',
  cspSubscriptions: [],
  updatedAt: monday.toISOString(),
};
const agent = { kind: 'agent' as const, id: 'key-agent', name: 'Desk key', actedBy: 'Dana Agent' };
const context: WorkContext = {
  actor: agent,
  now: new Date(monday.getTime() + 3_600_000),
  offering: defaultSupportOffering(),
};

function enriched(fields: Partial<SupportCase>, offering: SupportOffering = defaultSupportOffering()): SupportCase {
  const triaged = supportCaseFixture({ status: 'triaged', slaHistory: [], ...fields });
  return applyEnrichment(triaged, { customer: standardCustomer, offering, duplicates: [], now: monday }).next;
}

function corrected(supportCase: SupportCase, changes: Parameters<typeof updateCaseFields>[1], reason: string) {
  const outcome = updateCaseFields(supportCase, changes, reason, context);
  if (!outcome.ok || !outcome.step) throw new Error('expected a change');
  return outcome.step;
}

describe('a case’s entitlement', () => {
  it('given a billing question triage filed under product other from a Standard customer, when enriched, then it is covered and not billed, because Standard includes commercial matters', () => {
    const supportCase = enriched({ product: 'other', category: 'billing', severity: 'C', customerGiven: {} });

    expect(supportCase.entitlement).toMatchObject({
      covered: true,
      billable: false,
      rule: 'commercialMattersIncluded',
    });
    expect(supportCase.entitlement?.price).toBeUndefined();
    expect(supportCase.flags).not.toContain('notCoveredByPlan');
  });

  it('given an offering whose plans do not include commercial matters, when the same question is enriched, then the product decides as before', () => {
    const offering = supportOfferingSchema.parse(structuredClone(defaultSupportOffering()));
    for (const service of Object.values(offering.services))
      for (const plan of service.plans) plan.includesCommercialMatters = false;

    const supportCase = enriched({ product: 'azure', category: 'billing', severity: 'A' }, offering);

    expect(supportCase.entitlement).toMatchObject({ covered: false, billable: true, rule: 'severityNotCovered' });
    expect(supportCase.entitlement?.price).toEqual({ amount: 180, currency: 'EUR', per: 'incident' });
  });

  it('given a plan that includes commercial matters for Microsoft 365 but not for Azure, when an Azure billing question of its customer is enriched, then the plan as sold for Azure decides and it is billed', () => {
    const offering = supportOfferingSchema.parse(structuredClone(defaultSupportOffering()));
    for (const plan of offering.services.azure.plans) plan.includesCommercialMatters = false;

    const azure = enriched({ product: 'azure', category: 'billing', severity: 'A' }, offering);
    const microsoft365 = enriched({ product: 'microsoft365', category: 'billing', severity: 'A' }, offering);

    expect(azure.entitlement).toMatchObject({ covered: false, billable: true, rule: 'severityNotCovered' });
    expect(microsoft365.entitlement).toMatchObject({
      covered: true,
      billable: false,
      rule: 'commercialMattersIncluded',
    });
  });

  it('given a technical case nothing in which names a product, when enriched, then it is not billed and flagged productUnknown, not notCoveredByPlan', () => {
    const supportCase = enriched({ product: 'other', category: 'technical', severity: 'C', customerGiven: {} });

    expect(supportCase.entitlement).toMatchObject({ covered: false, billable: false, rule: 'productUnknown' });
    expect(supportCase.flags).toContain('productUnknown');
    expect(supportCase.flags).not.toContain('notCoveredByPlan');
  });

  it('given a severity A technical case of a Standard customer (not covered, billed 180 EUR), when an agent corrects it to B, then it is covered and included, the flag is cleared and the change is on the timeline and the entitlement', () => {
    const before = enriched({ product: 'azure', category: 'technical', severity: 'A' });
    expect(before.entitlement).toMatchObject({ covered: false, billable: true, rule: 'severityNotCovered' });
    expect(before.flags).toContain('notCoveredByPlan');

    const { next, events } = corrected(before, { severity: 'B' }, 'Only one user affected');

    expect(next.entitlement).toMatchObject({
      covered: true,
      billable: false,
      rule: 'includedInPlan',
      reason: 'severity B is included in Standard',
    });
    expect(next.entitlement?.price).toBeUndefined();
    expect(next.flags).not.toContain('notCoveredByPlan');
    expect(next.entitlement?.changes).toEqual([
      {
        at: context.now.toISOString(),
        by: agent,
        reason: 'Only one user affected',
        fields: [{ field: 'severity', from: 'A', to: 'B' }],
        before: {
          covered: false,
          billable: true,
          rule: 'severityNotCovered',
          price: { amount: 180, currency: 'EUR', per: 'incident' },
        },
        after: { covered: true, billable: false, rule: 'includedInPlan' },
      },
    ]);
    expect(events.map((event) => event.type)).toEqual(['fieldChanged', 'entitlementChanged']);
  });

  it('given a case corrected from B to A, then it is billable again, the flag is set again and the reason no longer says B is included', () => {
    const included = enriched({ product: 'azure', category: 'technical', severity: 'B' });

    const { next } = corrected(included, { severity: 'A' }, 'Whole company down');

    expect(next.entitlement).toMatchObject({ covered: false, billable: true, rule: 'severityNotCovered' });
    expect(next.entitlement?.reason).not.toContain('severity B is included');
    expect(next.flags).toContain('notCoveredByPlan');
  });

  it('given a case with an unknown product, when an agent sets the product, then it is decided by that product and the agent is recorded as having named it', () => {
    const unknown = enriched({ product: 'other', category: 'technical', severity: 'C', customerGiven: {} });

    const { next } = corrected(unknown, { product: 'microsoft365' }, 'Teams issue');

    expect(next.productDecidedBy).toBe('agent');
    expect(next.entitlement).toMatchObject({ covered: true, billable: false, rule: 'includedInPlan' });
    expect(next.flags).not.toContain('productUnknown');
  });

  it('given a case with an unknown product, when an agent names it other (an on-premises server), then it is billed out of plan as other work is', () => {
    const unknown = enriched({ product: 'other', category: 'technical', severity: 'C', customerGiven: {} });

    const { next, events } = corrected(unknown, { product: 'other' }, 'On-premises Exchange server');

    expect(next.productDecidedBy).toBe('agent');
    expect(next.entitlement).toMatchObject({ covered: false, billable: true, rule: 'planNotOffered' });
    expect(next.flags).toEqual(expect.arrayContaining(['notCoveredByPlan']));
    expect(next.flags).not.toContain('productUnknown');
    expect(events[0]?.data).toMatchObject({ field: 'product', from: null, to: 'other' });
  });

  it('given a correction from B to C on a Standard case (both included), then the reason follows but no change is recorded or put on the timeline', () => {
    const included = enriched({ product: 'azure', category: 'technical', severity: 'B' });

    const { next, events } = corrected(included, { severity: 'C' }, 'Minor');

    expect(next.entitlement).toMatchObject({
      rule: 'includedInPlan',
      reason: 'severity C is included in Standard',
      changes: [],
    });
    expect(events.map((event) => event.type)).toEqual(['fieldChanged']);
  });

  it('given a correction that changes nothing billing depends on, then the entitlement and its history stay as they were', () => {
    const supportCase = enriched({ product: 'azure', category: 'technical', severity: 'B' });

    const { next, events } = corrected(supportCase, { assignee: 'dana' }, 'Taking it');

    expect(next.entitlement).toEqual(supportCase.entitlement);
    expect(events.map((event) => event.type)).toEqual(['fieldChanged']);
  });

  describe('who named the product, from triage', () => {
    const mailed = (title: string, description: string): SupportCase => {
      const received = supportCaseFixture({ status: 'new', customerGiven: {}, title, description, slaHistory: [] });
      const decision = triage({ title, description }, defaultTriageRules(), unlimitedTriageBudget, {
        classifier: null,
      });
      const triaged = applyTriage(received, decision, monday).next;
      return applyEnrichment(triaged, {
        customer: standardCustomer,
        offering: defaultSupportOffering(),
        duplicates: [],
        now: monday,
      }).next;
    };

    it('given a mail nothing in which names a product, when triaged and enriched, then the product is the fallback, nobody named it, and it is not billed', () => {
      const supportCase = mailed('Question', 'Could someone call me back about something that does not work?');

      expect(supportCase.product).toBe('other');
      expect(supportCase.productDecidedBy).toBeUndefined();
      expect(supportCase.entitlement).toMatchObject({ billable: false, rule: 'productUnknown' });
    });

    it('given a mail a rule files under a product, when triaged, then the rule is recorded as having named it', () => {
      const supportCase = mailed('Teams crashes', 'Microsoft Teams crashes on start for everyone in sales.');

      expect(supportCase.product).toBe('microsoft365');
      expect(supportCase.productDecidedBy).toBe('rule');
    });
  });
});
