import {
  defaultSupportOffering,
  publicOfferingSchema,
  publicOfferingView,
  supportOfferingSchema,
} from '../../../shared/domain/offering';

const tenantWithInternals = supportOfferingSchema.parse({
  ...defaultSupportOffering(),
  settings: {
    escalationLadder: [
      { kind: 'tier', tier: 'tier1' },
      { kind: 'partnerTenant', tenantId: 'secret-provider', name: 'Hidden Distributor' },
    ],
    technicalEntitlements: ['premierSupportForPartners'],
  },
});

describe('public offering view', () => {
  const view = publicOfferingView(tenantWithInternals);
  const json = JSON.stringify(view);

  it('given a tenant with entitlements and a partner ladder, then none of the internal settings reach the portal', () => {
    expect(view).not.toHaveProperty('settings');
    for (const internal of [
      'settings',
      'technicalEntitlements',
      'escalationLadder',
      'premierSupportForPartners',
      'secret-provider',
      'Hidden Distributor',
      'reopenWindowDays',
      'warningShare',
    ]) {
      expect(json).not.toContain(internal);
    }
  });

  it('then customers see service hours, contact methods, plans with prices and the scope', () => {
    const azure = view.services.azure;
    expect(azure.serviceHours.timeZone).toBe('Europe/Berlin');
    expect(azure.contactMethods).toContainEqual({ kind: 'webPortal', url: 'https://support.partner.example' });
    expect(azure.plans.find((plan) => plan.id === 'premium')?.price).toEqual({
      amount: 1490,
      currency: 'EUR',
      per: 'month',
    });
    expect(azure.outOfPlan.pricePerIncident).toEqual({ amount: 180, currency: 'EUR' });
    expect(azure.scope.billable).toContain('Consulting, projects and migrations');
  });

  it('then each plan states the severities it covers', () => {
    expect(view.services.azure.plans.map((plan) => [plan.id, plan.severitiesCovered])).toEqual([
      ['basic', ['C']],
      ['standard', ['B', 'C']],
      ['premium', ['A', 'B', 'C']],
    ]);
  });

  it('then the view satisfies the public schema an API would document', () => {
    expect(publicOfferingSchema.parse(view)).toEqual(view);
  });
});
