import { z } from 'zod';
import { escalationVehicleSchema, isCommercialMatter, type Category } from '../caseFields';

/** The vehicles a partner buys for technical escalations; commercial support comes with every CSP agreement. */
export const technicalVehicleSchema = z.lazy(() => escalationVehicleSchema.exclude(['commercialSupport']));
export type TechnicalVehicle = z.infer<typeof technicalVehicleSchema>;

/** Technical entitlements the partner holds, most preferred first, each at most once. */
export const technicalEntitlementsSchema = z.lazy(() =>
  z
    .array(technicalVehicleSchema)
    .max(10)
    .refine((entitlements) => new Set(entitlements).size === entitlements.length, {
      message: 'a technical entitlement can only be listed once',
    }),
);

export type VehicleChoice =
  | { kind: 'vehicle'; vehicle: z.infer<typeof escalationVehicleSchema> }
  /** A technical case cannot go to Microsoft until the partner holds a technical support entitlement. */
  | { kind: 'needsTechnicalEntitlement' };

export interface VehicleInput {
  category: Category;
  /** Most preferred first. */
  technicalEntitlements: readonly TechnicalVehicle[];
}

/** Billing, subscription and licensing go to commercial support; technical cases to the preferred technical entitlement. */
export function chooseVehicle({ category, technicalEntitlements }: VehicleInput): VehicleChoice {
  if (isCommercialMatter(category)) return { kind: 'vehicle', vehicle: 'commercialSupport' };
  const preferred = technicalEntitlements[0];
  return preferred === undefined ? { kind: 'needsTechnicalEntitlement' } : { kind: 'vehicle', vehicle: preferred };
}
