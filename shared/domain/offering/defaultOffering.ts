import type { Calendar } from '../serviceHours/calendar';
import type { SlaTargets } from '../sla/policy';
import {
  supportOfferingSchema,
  type ContactMethod,
  type ServiceOffering,
  type SupportOffering,
  type SupportPlan,
} from './supportOffering';

const hour = 60;
/** Service hours are 10 hours a day, so a business day is 600 business minutes. */
const businessDay = 10 * hour;

const targets = (
  firstResponse: number,
  nextResponse: number,
  resolution: number,
  aroundTheClock = false,
): SlaTargets => ({
  firstResponseMinutes: firstResponse,
  nextResponseMinutes: nextResponse,
  resolutionMinutes: resolution,
  aroundTheClock,
});

/**
 * Monday to Friday 08:00-18:00 in Berlin, closed on the fixed-date German public holidays.
 * Movable holidays (Easter, Ascension, Whit Monday) change every year: add them as dated holidays per year.
 */
const berlinServiceHours: Calendar = {
  timeZone: 'Europe/Berlin',
  weekly: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({ day, start: '08:00', end: '18:00' })),
  holidays: ['01-01', '05-01', '10-03', '12-25', '12-26'],
  alwaysOpen: false,
};

const contactMethods: ContactMethod[] = [
  { kind: 'email', address: 'support@partner.example' },
  { kind: 'phone', number: '+493012345678', label: 'Hotline; severity A around the clock for Premium' },
  { kind: 'webPortal', url: 'https://support.partner.example' },
];

const basic: SupportPlan = {
  id: 'basic',
  name: 'Basic',
  targets: { C: targets(8 * hour, 2 * businessDay, 10 * businessDay) },
  price: { amount: 95, currency: 'EUR', per: 'hour' },
  includesCommercialMatters: true,
};

const standard: SupportPlan = {
  id: 'standard',
  name: 'Standard',
  targets: {
    B: targets(4 * hour, 8 * hour, 5 * businessDay),
    C: targets(8 * hour, businessDay, 10 * businessDay),
  },
  price: { amount: 490, currency: 'EUR', per: 'month' },
  includesCommercialMatters: true,
};

const premium: SupportPlan = {
  id: 'premium',
  name: 'Premium',
  targets: {
    A: targets(30, hour, 8 * hour, true),
    B: targets(2 * hour, 4 * hour, 3 * businessDay),
    C: targets(4 * hour, 8 * hour, 5 * businessDay),
  },
  price: { amount: 1490, currency: 'EUR', per: 'month' },
  includesCommercialMatters: true,
};

function serviceOffering(plans: SupportPlan[], included: string[], billable: string[]): ServiceOffering {
  return {
    serviceHours: berlinServiceHours,
    contactMethods,
    plans,
    outOfPlan: {
      pricePerIncident: { amount: 180, currency: 'EUR' },
      targets: {
        A: targets(4 * hour, businessDay, 5 * businessDay),
        B: targets(businessDay, 2 * businessDay, 10 * businessDay),
        C: targets(2 * businessDay, 3 * businessDay, 15 * businessDay),
      },
    },
    scope: { included, billable },
  };
}

const alwaysIncluded = ['Billing, subscription and licensing questions', 'Escalation to Microsoft on your behalf'];
const alwaysBillable = ['Cases outside your plan, per incident', 'Consulting, projects and migrations'];

let sample: SupportOffering | undefined;

/**
 * A sensible sample for a partner in development: Berlin business hours, Basic/Standard/Premium in EUR, no technical
 * entitlement yet. Validated at first use, not when the app loads: every function's cold start would pay for it (the
 * time zone check alone takes milliseconds), HTTP ones that never read an offering included. The tests that use it
 * fail on a mistake in it. The same object on every call: treat it as read-only.
 */
export function defaultSupportOffering(): SupportOffering {
  sample ??= supportOfferingSchema.parse({
    services: {
      azure: serviceOffering(
        [basic, standard, premium],
        ['Break-fix for Azure services at the severities of your plan', ...alwaysIncluded],
        ['Architecture reviews and cost optimisation', ...alwaysBillable],
      ),
      dynamics365: serviceOffering(
        [basic, standard, premium],
        ['Break-fix for Dynamics 365 apps at the severities of your plan', ...alwaysIncluded],
        ['Customisation, data migration and training', ...alwaysBillable],
      ),
      microsoft365: serviceOffering(
        [basic, standard, premium],
        ['Break-fix for Microsoft 365 at the severities of your plan', ...alwaysIncluded],
        ['Tenant migrations and end-user training', ...alwaysBillable],
      ),
      other: serviceOffering([basic], ['Best-effort help with other Microsoft products'], alwaysBillable),
    },
    settings: {},
  });
  return sample;
}
