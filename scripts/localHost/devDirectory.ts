import type { Desk } from '../../shared/composition';
import { devTenantId } from './devSeed';

export const devSupportMailbox = 'support@contoso-partner.example';
/** An agent's own mailbox: their mail with the support mailbox in copy is recorded as their reply. */
export const devAgentMailbox = 'kim.agent@contoso-partner.example';
export const devCustomerTenantId = '7f3c9a52-1b2d-4e8f-9a6b-0c1d2e3f4a5b';

/**
 * Gives the dev partner a support mailbox and one customer, the first time only, so the README's email and portal
 * examples produce a known customer with a plan. Later edits through the API are kept.
 */
export async function seedDevelopmentDirectory(desk: Desk): Promise<void> {
  if (!(await desk.tenants.profile(devTenantId))) {
    await desk.tenants.saveProfile(devTenantId, {
      name: 'Contoso IT Services (development)',
      supportAddresses: [devSupportMailbox],
      agentAddresses: [devAgentMailbox],
    });
  }
  if (!(await desk.customers.get(devTenantId, devCustomerTenantId))) {
    await desk.customers.put(devTenantId, {
      customerTenantId: devCustomerTenantId,
      name: 'Fabrikam Ltd',
      domains: ['fabrikam.example'],
      addresses: [],
      supportPlanId: 'standard',
      billingMode: 'included',
      cspSubscriptions: [
        {
          service: 'microsoft365',
          subscriptionId: 'c0ffee00-0000-4000-8000-000000000365',
          offerName: 'Microsoft 365 Business Premium',
        },
      ],
      accountOwner: { name: 'Alex Account', email: 'alex@contoso-partner.example' },
      updatedAt: desk.clock.now().toISOString(),
    });
  }
}
