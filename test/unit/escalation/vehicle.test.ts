import type { Category } from '../../../shared/domain/caseFields';
import {
  chooseVehicle,
  technicalEntitlementsSchema,
  type TechnicalVehicle,
  type VehicleChoice,
} from '../../../shared/domain/escalation';

const commercial: VehicleChoice = { kind: 'vehicle', vehicle: 'commercialSupport' };

const matrix: Array<{ category: Category; entitlements: TechnicalVehicle[]; expected: VehicleChoice }> = [
  { category: 'billing', entitlements: [], expected: commercial },
  { category: 'subscription', entitlements: [], expected: commercial },
  { category: 'licensing', entitlements: [], expected: commercial },
  { category: 'billing', entitlements: ['premierSupportForPartners'], expected: commercial },
  {
    category: 'licensing',
    entitlements: ['signatureCloudSupport', 'advancedSupportForPartners'],
    expected: commercial,
  },
  {
    category: 'technical',
    entitlements: ['premierSupportForPartners'],
    expected: { kind: 'vehicle', vehicle: 'premierSupportForPartners' },
  },
  {
    category: 'technical',
    entitlements: ['advancedSupportForPartners', 'premierSupportForPartners'],
    expected: { kind: 'vehicle', vehicle: 'advancedSupportForPartners' },
  },
  {
    category: 'technical',
    entitlements: ['signatureCloudSupport', 'advancedSupportForPartners', 'premierSupportForPartners'],
    expected: { kind: 'vehicle', vehicle: 'signatureCloudSupport' },
  },
  { category: 'technical', entitlements: [], expected: { kind: 'needsTechnicalEntitlement' } },
];

describe('choosing the Microsoft escalation vehicle', () => {
  it.each(matrix)(
    'given a $category case and technical entitlements [$entitlements], then the choice is $expected.kind $expected.vehicle',
    ({ category, entitlements, expected }) => {
      expect(chooseVehicle({ category, technicalEntitlements: entitlements })).toEqual(expected);
    },
  );

  it('given a technical case and a partner without technical entitlement, then it asks for one instead of stalling', () => {
    expect(chooseVehicle({ category: 'technical', technicalEntitlements: [] })).toEqual({
      kind: 'needsTechnicalEntitlement',
    });
  });

  it('given entitlements listing a vehicle twice or commercial support, then the settings are rejected', () => {
    expect(
      technicalEntitlementsSchema.safeParse(['premierSupportForPartners', 'premierSupportForPartners']).success,
    ).toBe(false);
    expect(technicalEntitlementsSchema.safeParse(['commercialSupport']).success).toBe(false);
    expect(technicalEntitlementsSchema.parse(['advancedSupportForPartners'])).toEqual(['advancedSupportForPartners']);
  });
});
