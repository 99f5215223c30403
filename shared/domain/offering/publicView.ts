import { z } from 'zod';
import { productSchema, severitySchema, type Severity } from '../caseFields';
import {
  serviceOfferingSchema,
  supportPlanSchema,
  type ServiceOffering,
  type SupportOffering,
  type SupportPlan,
} from './supportOffering';
import { built } from '../builtSchema';

export const publicPlanSchema = z.lazy(() =>
  built(supportPlanSchema).extend({ severitiesCovered: z.array(severitySchema) }),
);
export type PublicPlan = z.infer<typeof publicPlanSchema>;

export const publicServiceOfferingSchema = z.lazy(() =>
  built(serviceOfferingSchema).extend({ plans: z.array(publicPlanSchema) }),
);
export type PublicServiceOffering = z.infer<typeof publicServiceOfferingSchema>;

/** What a customer portal may show: service hours, contact methods, plans, prices and scope; never the tenant settings. */
export const publicOfferingSchema = z.object({ services: z.record(productSchema, publicServiceOfferingSchema) });
export type PublicOffering = z.infer<typeof publicOfferingSchema>;

function publicPlan(plan: SupportPlan): PublicPlan {
  const severitiesCovered = severitySchema.options.filter((severity: Severity) => plan.targets[severity] !== undefined);
  return {
    id: plan.id,
    name: plan.name,
    severitiesCovered,
    targets: plan.targets,
    price: plan.price,
    includesCommercialMatters: plan.includesCommercialMatters,
  };
}

function publicService(service: ServiceOffering): PublicServiceOffering {
  return {
    serviceHours: service.serviceHours,
    contactMethods: service.contactMethods,
    plans: service.plans.map(publicPlan),
    outOfPlan: service.outOfPlan,
    scope: service.scope,
  };
}

/** Built field by field, so an internal field added to the offering later stays out of the portal. */
export function publicOfferingView(offering: SupportOffering): PublicOffering {
  const { azure, dynamics365, microsoft365, other } = offering.services;
  return {
    services: {
      azure: publicService(azure),
      dynamics365: publicService(dynamics365),
      microsoft365: publicService(microsoft365),
      other: publicService(other),
    },
  };
}
