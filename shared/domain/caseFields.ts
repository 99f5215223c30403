import { z } from 'zod';

/** The Microsoft product family a case is about; it decides which support vehicle and service hours apply. */
export const productSchema = z.enum(['azure', 'dynamics365', 'microsoft365', 'other']);
export type Product = z.infer<typeof productSchema>;

/** Billing, subscription and licensing go to Microsoft commercial support; technical to the partner's technical vehicle. */
export const categorySchema = z.enum(['billing', 'subscription', 'licensing', 'technical']);
export type Category = z.infer<typeof categorySchema>;

/** Billing, subscription and licensing: commercial matters, the rest is technical. */
export const isCommercialMatter = (category: Category): boolean => category !== 'technical';

/** Microsoft's severity scale: A critical business impact, B moderate, C minimal. */
export const severitySchema = z.enum(['A', 'B', 'C']);
export type Severity = z.infer<typeof severitySchema>;

/** Tier 1 is the partner's basic support; tier 2 goes beyond it and may end at Microsoft. */
export const supportTierSchema = z.enum(['tier1', 'tier2', 'microsoft']);
export type SupportTier = z.infer<typeof supportTierSchema>;

/** The ways a partner can escalate to Microsoft. */
export const escalationVehicleSchema = z.enum([
  'commercialSupport',
  'premierSupportForPartners',
  'advancedSupportForPartners',
  'signatureCloudSupport',
]);
export type EscalationVehicle = z.infer<typeof escalationVehicleSchema>;
