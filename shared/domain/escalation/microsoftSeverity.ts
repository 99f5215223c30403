import { z } from 'zod';
import type { EscalationVehicle, Severity } from '../caseFields';

/** Severity as the technical vehicles (Premier/Unified, Advanced Support for Partners, Signature) write it. */
export const servicesSeveritySchema = z.enum(['A', 'B', 'C']);
/** Severity of a Partner Center service request, the channel of commercial support (its 'unknown' is never sent). */
export const partnerCenterSeveritySchema = z.enum(['critical', 'moderate', 'minimal']);
/** Severity of the Azure support ticket API; 'highestcriticalimpact' is reserved for Microsoft's premium plans. */
export const azureSupportTicketSeveritySchema = z.enum(['minimal', 'moderate', 'critical', 'highestcriticalimpact']);

/** The severity sent to Microsoft, on the scale of the vehicle it goes through. */
export const microsoftSeveritySchema = z.union([servicesSeveritySchema, partnerCenterSeveritySchema]);
export type MicrosoftSeverity = z.infer<typeof microsoftSeveritySchema>;

/**
 * One case severity on each Microsoft scale:
 *
 * | case | meaning                  | Premier/Unified, ASfP, Signature | Partner Center (commercial) | Azure support ticket |
 * |------|--------------------------|----------------------------------|-----------------------------|----------------------|
 * | A    | critical business impact | A                                | critical                    | critical             |
 * | B    | moderate business impact | B                                | moderate                    | moderate             |
 * | C    | minimal business impact  | C                                | minimal                     | minimal              |
 */
export const microsoftSeverityTable = {
  A: { meaning: 'Critical business impact', services: 'A', partnerCenter: 'critical', azureSupportTicket: 'critical' },
  B: { meaning: 'Moderate business impact', services: 'B', partnerCenter: 'moderate', azureSupportTicket: 'moderate' },
  C: { meaning: 'Minimal business impact', services: 'C', partnerCenter: 'minimal', azureSupportTicket: 'minimal' },
} as const satisfies Record<
  Severity,
  {
    meaning: string;
    services: z.infer<typeof servicesSeveritySchema>;
    partnerCenter: z.infer<typeof partnerCenterSeveritySchema>;
    azureSupportTicket: z.infer<typeof azureSupportTicketSeveritySchema>;
  }
>;

/** Commercial support is filed as a Partner Center service request; the technical vehicles use Microsoft's A/B/C. */
export function usesPartnerCenterSeverity(vehicle: EscalationVehicle): boolean {
  return vehicle === 'commercialSupport';
}

export function toMicrosoftSeverity(vehicle: EscalationVehicle, severity: Severity): MicrosoftSeverity {
  const row = microsoftSeverityTable[severity];
  return usesPartnerCenterSeverity(vehicle) ? row.partnerCenter : row.services;
}

/** Whether `microsoftSeverity` is written on the scale `vehicle` uses. */
export function isSeverityOnVehicleScale(vehicle: EscalationVehicle, microsoftSeverity: MicrosoftSeverity): boolean {
  const scale = usesPartnerCenterSeverity(vehicle) ? partnerCenterSeveritySchema : servicesSeveritySchema;
  return scale.safeParse(microsoftSeverity).success;
}
