import { z } from 'zod';
import { productSchema, severitySchema, type Severity } from '../caseFields';
import {
  defaultEscalationLadder,
  defaultMicrosoftResponseTargets,
  defaultMicrosoftSupportHours,
  escalationLadderSchema,
  microsoftResponseTargetsSchema,
  microsoftSupportHoursSchema,
  technicalEntitlementsSchema,
} from '../escalation';
import { defaultReopenWindowDays } from '../lifecycle';
import { closedCaseRetentionMonthsSchema } from '../retention';
import { calendarSchema, closesEveryDate } from '../serviceHours/calendar';
import { slaPolicySchema, slaTargetsSchema, type SlaTargets } from '../sla/policy';
import { built } from '../builtSchema';

/** ISO 4217 currency code, checked against the codes Node's ICU knows. */
export const currencySchema = z.lazy(() =>
  z
    .string()
    .length(3)
    .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code such as EUR')
    .refine((code) => Intl.supportedValuesOf('currency').includes(code), 'unknown ISO 4217 currency code'),
);

/** An amount in the currency's major unit (euros, not cents). */
export const moneySchema = z.lazy(() =>
  z.object({
    amount: z.number().nonnegative().multipleOf(0.01),
    currency: currencySchema,
  }),
);
export type Money = z.infer<typeof moneySchema>;

/** What a customer pays for a plan: a monthly fee (support included), or a price per incident or per hour of work. */
export const planPriceSchema = z.lazy(() => built(moneySchema).extend({ per: z.enum(['month', 'incident', 'hour']) }));
export type PlanPrice = z.infer<typeof planPriceSchema>;

export const contactMethodSchema = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('email'), address: z.email().max(254), label: z.string().min(1).max(100).optional() }),
    z.object({
      kind: z.literal('phone'),
      number: z
        .string()
        .max(16)
        .regex(/^\+[1-9]\d{6,14}$/, 'expected an E.164 phone number such as +493012345678'),
      label: z.string().min(1).max(100).optional(),
    }),
    z.object({
      kind: z.literal('webPortal'),
      url: z.url({ protocol: /^https$/ }).max(2048),
      label: z.string().min(1).max(100).optional(),
    }),
  ]),
);
export type ContactMethod = z.infer<typeof contactMethodSchema>;

/** A support plan the partner sells for one service. A severity is covered when the plan sets SLA targets for it. */
export const supportPlanSchema = z.lazy(() =>
  z.object({
    id: z
      .string()
      .max(64)
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a plan id such as standard or premium-24x7'),
    name: z.string().min(1).max(200),
    targets: z
      .partialRecord(severitySchema, slaTargetsSchema)
      .refine((targets) => Object.keys(targets).length > 0, 'a plan must cover at least one severity'),
    price: planPriceSchema,
    /**
     * Billing, subscription and licensing questions (those categories) are included for a customer on this plan,
     * whatever product they concern, at no charge: the plan's targets apply where it covers the severity.
     */
    includesCommercialMatters: z.boolean().default(false),
  }),
);
export type SupportPlan = z.infer<typeof supportPlanSchema>;

/** What a case outside any plan (no plan, unknown plan, or a severity the plan does not cover) costs and gets. */
export const outOfPlanSchema = z.object({
  pricePerIncident: moneySchema,
  targets: built(slaPolicySchema).shape.targets,
});

/** The partner's support for one service: when, how to reach it, what it sells, and what is included or billable. */
export const serviceOfferingSchema = z.lazy(() =>
  z.object({
    serviceHours: calendarSchema,
    contactMethods: z.array(contactMethodSchema).min(1).max(20),
    plans: z
      .array(supportPlanSchema)
      .max(50)
      .refine((plans) => new Set(plans.map((plan) => plan.id)).size === plans.length, 'plan ids must be unique'),
    outOfPlan: outOfPlanSchema,
    /** Plain-language scope for customers: what the plans include and what is always billed separately. */
    scope: z.object({
      included: z.array(z.string().min(1).max(500)).max(50),
      billable: z.array(z.string().min(1).max(500)).max(50),
    }),
  }),
);
export type ServiceOffering = z.infer<typeof serviceOfferingSchema>;

/** Tenant settings the case engine needs; internal to the partner, never shown to customers. */
export const tenantEngineSettingsSchema = z.lazy(() =>
  z.object({
    escalationLadder: escalationLadderSchema.default(() => structuredClone(defaultEscalationLadder)),
    /** Technical escalation vehicles the partner holds, most preferred first. */
    technicalEntitlements: technicalEntitlementsSchema.default(() => []),
    reopenWindowDays: z.number().int().min(0).max(365).default(defaultReopenWindowDays),
    /** Months a case is kept after it was closed (or resolved, if nobody closed it); then the retention purge removes it. */
    closedCaseRetentionMonths: closedCaseRetentionMonthsSchema,
    warningShare: built(slaPolicySchema).shape.warningShare,
    microsoftResponseTargets: microsoftResponseTargetsSchema.default(() =>
      structuredClone(defaultMicrosoftResponseTargets),
    ),
    /** The hours Microsoft's business-hours response targets are counted in. */
    microsoftSupportHours: microsoftSupportHoursSchema.default(() => structuredClone(defaultMicrosoftSupportHours)),
    /**
     * Whether a breach takes the ladder's Microsoft step by itself (`automatic`) or proposes it to an agent, who takes
     * it (`proposed`, the default: escalating to Microsoft commits the partner's support contract). A case nobody has
     * answered yet is only ever proposed.
     */
    microsoftStep: z.enum(['proposed', 'automatic']).default('proposed'),
    /**
     * Where SLA warnings and breaches are posted besides mail: a Microsoft Teams Workflows webhook URL ("When a Teams
     * webhook request is received"). https only, but for a loopback address (a local test receiver). The URL carries the
     * workflow's signature: it is a secret, which is why the offering's settings are never shown to portals.
     */
    teamsWebhookUrl: z
      .url()
      .max(2000)
      .refine((url) => /^https:/.test(url) || /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\//.test(url), {
        message: 'a Teams webhook URL must use https',
      })
      .optional(),
    /**
     * `roundRobin`: each new case, once enriched, goes to the next active agent of its tier who is within their service
     * hours (roundRobin.ts); `off` (the default): cases wait in the unassigned queue.
     */
    autoAssignment: z.enum(['off', 'roundRobin']).default('off'),
    /** Where agents open a case: alerts link to `{consoleUrl}/cases/{caseId}`. */
    consoleUrl: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .optional(),
  }),
);
export type TenantEngineSettings = z.infer<typeof tenantEngineSettingsSchema>;

/**
 * A tenant's support offering, stored under the tenant. Every product has a service entry; `other` covers
 * Microsoft products outside Azure, Dynamics 365 and Microsoft 365.
 */
export const supportOfferingSchema = z.object({
  services: z.record(productSchema, serviceOfferingSchema),
  settings: tenantEngineSettingsSchema,
});
export type SupportOffering = z.infer<typeof supportOfferingSchema>;

/** Whether the offering sells a plan of this id for any product: a customer's `supportPlanId` must name one. */
export function offersPlan(offering: SupportOffering, planId: string): boolean {
  return Object.values(offering.services).some((service) => service.plans.some((plan) => plan.id === planId));
}

/**
 * The longest target a tenant may set, SLA or Microsoft response: a year of minutes. Deadlines are counted forward
 * through the service hours day by day, so a target of centuries would stall every case or escalation it applies to.
 */
export const maxTargetMinutes = 365 * 24 * 60;

type IssueSink = Pick<z.RefinementCtx, 'addIssue'>;

function checkMinutes(minutes: number, path: (string | number)[], context: IssueSink): void {
  if (minutes > maxTargetMinutes)
    context.addIssue({ code: 'custom', path, message: `at most ${maxTargetMinutes} minutes (a year)` });
}

/** Each severity's SLA targets (a plan's or those out of plan) at most maxTargetMinutes. */
function checkSlaTargets(
  targets: Partial<Record<Severity, SlaTargets>>,
  path: (string | number)[],
  context: IssueSink,
): void {
  for (const [severity, target] of Object.entries(targets)) {
    if (!target) continue;
    for (const clock of ['firstResponseMinutes', 'nextResponseMinutes', 'resolutionMinutes'] as const)
      checkMinutes(target[clock], [...path, severity, clock], context);
  }
}

/**
 * An offering as an admin saves it (PUT /api/offering): service hours (the products' and Microsoft's) whose yearly
 * holidays close every date are refused, since no case of that service could ever start its SLA clocks and no
 * escalation could be given a response due time; so are targets longer than a year (maxTargetMinutes). (Checked on
 * saving only, so an offering stored before stays readable.)
 */
export const supportOfferingRequestSchema = z.lazy(() =>
  supportOfferingSchema.superRefine((offering, context) => {
    const neverOpens = 'the yearly holidays close every date: these service hours would never open';
    for (const [product, service] of Object.entries(offering.services)) {
      if (!service) continue;
      if (closesEveryDate(service.serviceHours)) {
        context.addIssue({
          code: 'custom',
          path: ['services', product, 'serviceHours', 'holidays'],
          message: neverOpens,
        });
      }
      service.plans.forEach((plan, index) =>
        checkSlaTargets(plan.targets, ['services', product, 'plans', index, 'targets'], context),
      );
      checkSlaTargets(service.outOfPlan.targets, ['services', product, 'outOfPlan', 'targets'], context);
    }
    if (closesEveryDate(offering.settings.microsoftSupportHours)) {
      context.addIssue({
        code: 'custom',
        path: ['settings', 'microsoftSupportHours', 'holidays'],
        message: neverOpens,
      });
    }
    for (const [vehicle, perSeverity] of Object.entries(offering.settings.microsoftResponseTargets)) {
      for (const [severity, target] of Object.entries(perSeverity))
        checkMinutes(target.minutes, ['settings', 'microsoftResponseTargets', vehicle, severity, 'minutes'], context);
    }
  }),
);
