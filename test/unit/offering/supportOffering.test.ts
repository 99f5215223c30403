import { defaultSupportOffering, supportOfferingSchema, type SupportOffering } from '../../../shared/domain/offering';

type OfferingInput = Record<string, unknown> & { services: Record<string, Record<string, unknown>> };

function withService(change: (service: Record<string, unknown>) => Record<string, unknown>): OfferingInput {
  const copy = structuredClone(defaultSupportOffering()) as unknown as OfferingInput;
  copy.services.azure = change(copy.services.azure!);
  return copy;
}

describe('support offering', () => {
  describe('given the default offering for a dev partner', () => {
    const azure = defaultSupportOffering().services.azure;

    it('then service hours are Monday to Friday 08:00-18:00 in Berlin', () => {
      expect(azure.serviceHours.timeZone).toBe('Europe/Berlin');
      expect(azure.serviceHours.alwaysOpen).toBe(false);
      expect(azure.serviceHours.weekly).toEqual(
        ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day, start: '08:00', end: '18:00' })),
      );
    });

    it('then it sells Basic, Standard and Premium in EUR', () => {
      expect(azure.plans.map((plan) => [plan.id, plan.name, plan.price.currency, plan.price.per])).toEqual([
        ['basic', 'Basic', 'EUR', 'hour'],
        ['standard', 'Standard', 'EUR', 'month'],
        ['premium', 'Premium', 'EUR', 'month'],
      ]);
    });

    it('then customers can reach the partner by email, phone and web portal', () => {
      expect(azure.contactMethods.map((method) => method.kind)).toEqual(['email', 'phone', 'webPortal']);
    });

    it('then every product, including other, has a service entry', () => {
      expect(Object.keys(defaultSupportOffering().services).sort()).toEqual([
        'azure',
        'dynamics365',
        'microsoft365',
        'other',
      ]);
    });

    it('then the engine settings take their defaults: default ladder, no technical entitlement, 14-day reopen window', () => {
      expect(defaultSupportOffering().settings).toMatchObject({
        escalationLadder: [{ kind: 'tier', tier: 'tier1' }, { kind: 'tier', tier: 'tier2' }, { kind: 'microsoft' }],
        technicalEntitlements: [],
        reopenWindowDays: 14,
        warningShare: 0.75,
      });
    });

    it('then it round-trips through the schema unchanged', () => {
      expect(supportOfferingSchema.parse(structuredClone(defaultSupportOffering()))).toEqual(defaultSupportOffering());
    });
  });

  describe('given an offering that breaks a rule, then it is rejected', () => {
    it.each([
      [
        'an unknown currency',
        withService((s) => ({
          ...s,
          outOfPlan: { ...(s.outOfPlan as object), pricePerIncident: { amount: 180, currency: 'EUX' } },
        })),
      ],
      [
        'a lower-case currency',
        withService((s) => ({
          ...s,
          outOfPlan: { ...(s.outOfPlan as object), pricePerIncident: { amount: 180, currency: 'eur' } },
        })),
      ],
      [
        'a plan that covers no severity',
        withService((s) => ({
          ...s,
          plans: [{ id: 'empty', name: 'Empty', targets: {}, price: { amount: 1, currency: 'EUR', per: 'month' } }],
        })),
      ],
      [
        'two plans with the same id',
        withService((s) => ({ ...s, plans: [...(s.plans as object[]), (s.plans as object[])[0]] })),
      ],
      ['no contact method', withService((s) => ({ ...s, contactMethods: [] }))],
      [
        'a web portal without https',
        withService((s) => ({ ...s, contactMethods: [{ kind: 'webPortal', url: 'http://support.partner.example' }] })),
      ],
      [
        'a phone number not in E.164',
        withService((s) => ({ ...s, contactMethods: [{ kind: 'phone', number: '030 1234567' }] })),
      ],
      [
        'a negative price',
        withService((s) => ({
          ...s,
          outOfPlan: { ...(s.outOfPlan as object), pricePerIncident: { amount: -1, currency: 'EUR' } },
        })),
      ],
    ])('%s', (_rule, offering) => {
      expect(supportOfferingSchema.safeParse(offering).success).toBe(false);
    });

    it('a missing service for a product', () => {
      const services: Partial<SupportOffering['services']> = { ...defaultSupportOffering().services };
      delete services.dynamics365;
      expect(supportOfferingSchema.safeParse({ ...defaultSupportOffering(), services }).success).toBe(false);
    });

    it('a reopen window that is negative or fractional', () => {
      for (const reopenWindowDays of [-1, 1.5]) {
        const settings = { ...defaultSupportOffering().settings, reopenWindowDays };
        expect(supportOfferingSchema.safeParse({ ...defaultSupportOffering(), settings }).success).toBe(false);
      }
    });
  });

  it('given tenant settings with a partner-tenant ladder and entitlements, then they are kept in preference order', () => {
    const offering: SupportOffering = supportOfferingSchema.parse({
      ...defaultSupportOffering(),
      settings: {
        escalationLadder: [
          { kind: 'tier', tier: 'tier1' },
          { kind: 'partnerTenant', tenantId: 'provider', name: 'Provider' },
        ],
        technicalEntitlements: ['advancedSupportForPartners', 'premierSupportForPartners'],
        reopenWindowDays: 7,
      },
    });
    expect(offering.settings.technicalEntitlements).toEqual([
      'advancedSupportForPartners',
      'premierSupportForPartners',
    ]);
    expect(offering.settings.escalationLadder[1]).toEqual({
      kind: 'partnerTenant',
      tenantId: 'provider',
      name: 'Provider',
    });
    expect(offering.settings.reopenWindowDays).toBe(7);
  });
});
