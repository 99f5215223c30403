export {
  currencySchema,
  moneySchema,
  planPriceSchema,
  contactMethodSchema,
  supportPlanSchema,
  outOfPlanSchema,
  serviceOfferingSchema,
  tenantEngineSettingsSchema,
  supportOfferingSchema,
  supportOfferingRequestSchema,
  offersPlan,
  type Money,
  type PlanPrice,
  type ContactMethod,
  type SupportPlan,
  type ServiceOffering,
  type TenantEngineSettings,
  type SupportOffering,
} from './supportOffering';
export { defaultSupportOffering } from './defaultOffering';
export {
  publicPlanSchema,
  publicServiceOfferingSchema,
  publicOfferingSchema,
  publicOfferingView,
  type PublicPlan,
  type PublicServiceOffering,
  type PublicOffering,
} from './publicView';
export { entitlementFor, type BillingMode, type Entitlement, type EntitlementQuery } from './entitlement';
