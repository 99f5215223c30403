import type { Desk } from '../../shared/composition';
import type { Agent } from '../../shared/domain/agent';
import { devTenantId } from './devSeed';

export const devSupportMailbox = 'support@contoso-partner.example';
/** An agent's own mailbox: their mail with the support mailbox in copy is recorded as their reply. */
export const devAgentMailbox = 'kim.agent@contoso-partner.example';
export const devCustomerTenantId = '7f3c9a52-1b2d-4e8f-9a6b-0c1d2e3f4a5b';
/** The dev partner's own Microsoft Entra tenant, where its agents' accounts live (made up: nothing signs in there). */
export const devEntraTenantId = '4d1e7a2c-6b3f-4c8e-9a1d-2f5b7c9e0a11';

/** The dev partner's agents, for the development sign-in: a tier 1 agent and an admin who also works tier 2. */
export const devAgents: readonly Agent[] = [
  {
    id: 'kim',
    tenantId: devTenantId,
    name: 'Kim Agent',
    email: devAgentMailbox,
    role: 'agent',
    entra: { tenantId: devEntraTenantId, objectId: '0b6e2f41-8c3d-4a57-9e12-6f4d8a2b7c01' },
    tiers: ['tier1'],
    active: true,
    updatedAt: '2026-01-01T00:00:00.000Z',
  },
  {
    id: 'sam',
    tenantId: devTenantId,
    name: 'Sam Admin',
    email: 'sam.admin@contoso-partner.example',
    role: 'admin',
    entra: { tenantId: devEntraTenantId, objectId: '0b6e2f41-8c3d-4a57-9e12-6f4d8a2b7c02' },
    tiers: ['tier2'],
    active: true,
    updatedAt: '2026-01-01T00:00:00.000Z',
  },
];

/**
 * Gives the dev partner a support mailbox, two agents and one customer, the first time only, so the README's email and portal
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
  for (const agent of devAgents) {
    if (!(await desk.agents.get(agent.tenantId, agent.id))) await desk.agents.put(agent);
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
