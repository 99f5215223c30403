import type { Product, Severity } from '../../../shared/domain/caseFields';
import {
  defaultSupportOffering,
  entitlementFor,
  supportOfferingSchema,
  type BillingMode,
} from '../../../shared/domain/offering';

const berlinHours = defaultSupportOffering().services.azure.serviceHours;

const matrix: Array<{
  planId: string | undefined;
  product: Product;
  severity: Severity;
  covered: boolean;
  billable: boolean;
  billingMode: BillingMode;
  rate?: { amount: number; currency: string; per: 'incident' | 'hour' };
}> = [
  { planId: 'premium', product: 'azure', severity: 'A', covered: true, billable: false, billingMode: 'included' },
  {
    planId: 'premium',
    product: 'microsoft365',
    severity: 'C',
    covered: true,
    billable: false,
    billingMode: 'included',
  },
  {
    planId: 'standard',
    product: 'dynamics365',
    severity: 'B',
    covered: true,
    billable: false,
    billingMode: 'included',
  },
  {
    planId: 'standard',
    product: 'azure',
    severity: 'A',
    covered: false,
    billable: true,
    billingMode: 'perIncident',
    rate: { amount: 180, currency: 'EUR', per: 'incident' },
  },
  {
    planId: 'basic',
    product: 'azure',
    severity: 'C',
    covered: true,
    billable: true,
    billingMode: 'hourly',
    rate: { amount: 95, currency: 'EUR', per: 'hour' },
  },
  {
    planId: 'basic',
    product: 'microsoft365',
    severity: 'B',
    covered: false,
    billable: true,
    billingMode: 'perIncident',
    rate: { amount: 180, currency: 'EUR', per: 'incident' },
  },
  {
    planId: 'basic',
    product: 'other',
    severity: 'C',
    covered: true,
    billable: true,
    billingMode: 'hourly',
    rate: { amount: 95, currency: 'EUR', per: 'hour' },
  },
  {
    planId: 'premium',
    product: 'other',
    severity: 'A',
    covered: false,
    billable: true,
    billingMode: 'perIncident',
    rate: { amount: 180, currency: 'EUR', per: 'incident' },
  },
  {
    planId: undefined,
    product: 'azure',
    severity: 'B',
    covered: false,
    billable: true,
    billingMode: 'perIncident',
    rate: { amount: 180, currency: 'EUR', per: 'incident' },
  },
];

describe('entitlement of a case', () => {
  it.each(matrix)(
    'given plan $planId, a $product case of severity $severity, then covered=$covered billable=$billable ($billingMode)',
    ({ planId, product, severity, covered, billable, billingMode, rate }) => {
      const entitlement = entitlementFor({ offering: defaultSupportOffering(), planId, product, severity });
      expect(entitlement).toMatchObject({ covered, billable, billingMode, serviceHours: berlinHours });
      expect(entitlement.rate).toEqual(rate);
    },
  );

  it('given a Premium customer with a severity A case, then the plan targets apply around the clock', () => {
    const entitlement = entitlementFor({
      offering: defaultSupportOffering(),
      planId: 'premium',
      product: 'azure',
      severity: 'A',
    });
    expect(entitlement.targets).toEqual({
      firstResponseMinutes: 30,
      nextResponseMinutes: 60,
      resolutionMinutes: 480,
      aroundTheClock: true,
    });
    expect(entitlement.reason).toBe('severity A is included in Premium');
  });

  it('given an unknown plan, then the case is not covered, billed per incident, with out-of-plan targets and a reason', () => {
    const entitlement = entitlementFor({
      offering: defaultSupportOffering(),
      planId: 'gold',
      product: 'azure',
      severity: 'B',
    });
    expect(entitlement).toEqual({
      covered: false,
      billable: true,
      billingMode: 'perIncident',
      rule: 'planNotOffered',
      reason: 'plan gold is not offered for azure; billed per incident',
      serviceHours: berlinHours,
      targets: { firstResponseMinutes: 600, nextResponseMinutes: 1200, resolutionMinutes: 6000, aroundTheClock: false },
      rate: { amount: 180, currency: 'EUR', per: 'incident' },
    });
  });

  it('given a plan that does not cover the severity, then the reason names the plan and the severity', () => {
    const entitlement = entitlementFor({
      offering: defaultSupportOffering(),
      planId: 'standard',
      product: 'azure',
      severity: 'A',
    });
    expect(entitlement.reason).toBe('Standard does not cover severity A; billed per incident');
  });

  it('given a customer without a plan, then the reason says so', () => {
    const entitlement = entitlementFor({
      offering: defaultSupportOffering(),
      planId: undefined,
      product: 'dynamics365',
      severity: 'C',
    });
    expect(entitlement.reason).toBe('no support plan for dynamics365; billed per incident');
  });

  it('given a plan sold per incident, then covered cases are billable per incident at the plan price', () => {
    const payPerCase = supportOfferingSchema.parse({
      ...defaultSupportOffering(),
      services: {
        ...defaultSupportOffering().services,
        azure: {
          ...defaultSupportOffering().services.azure,
          plans: [
            {
              id: 'pay-per-case',
              name: 'Pay per case',
              targets: { B: { firstResponseMinutes: 120, nextResponseMinutes: 240, resolutionMinutes: 1200 } },
              price: { amount: 150, currency: 'EUR', per: 'incident' },
            },
          ],
        },
      },
    });
    expect(
      entitlementFor({ offering: payPerCase, planId: 'pay-per-case', product: 'azure', severity: 'B' }),
    ).toMatchObject({
      covered: true,
      billable: true,
      billingMode: 'perIncident',
      rate: { amount: 150, currency: 'EUR', per: 'incident' },
      targets: { firstResponseMinutes: 120, aroundTheClock: false },
    });
  });

  it('given a service with its own service hours, then the entitlement carries that calendar', () => {
    const alwaysOpen = { timeZone: 'UTC', weekly: [], holidays: [], alwaysOpen: true };
    const offering = supportOfferingSchema.parse({
      ...defaultSupportOffering(),
      services: {
        ...defaultSupportOffering().services,
        microsoft365: { ...defaultSupportOffering().services.microsoft365, serviceHours: alwaysOpen },
      },
    });
    expect(
      entitlementFor({ offering, planId: 'premium', product: 'microsoft365', severity: 'C' }).serviceHours,
    ).toEqual(alwaysOpen);
    expect(entitlementFor({ offering, planId: 'premium', product: 'azure', severity: 'C' }).serviceHours).toEqual(
      berlinHours,
    );
  });
});
