import type { MessagePublisher } from '../../shared/ports/messagePublisher';
import { queueNames } from '../../shared/resourceNames';
import type { ManualClock } from '../support/manualClock';
import type { TestHost } from '../support/testHost';
import type { TenantKeys } from './caseWorkFixtures';

/** The customer whose plan the case-terms tests change. */
export const contoso = 'c0a1b2c3-d4e5-4f60-8a71-9b8c7d6e5f40';

/** A technical severity B Azure case of Contoso, opened by the portal and taken through triage and enrichment. */
export async function openAzureCase(desk: TestHost, tenant: TenantKeys): Promise<string> {
  const opened = await desk.request('POST', '/api/cases', {
    key: tenant.portal,
    body: {
      title: 'VM scale set does not scale out',
      description: 'Autoscale rules fire but no new instances start.',
      product: 'azure',
      category: 'technical',
      severity: 'B',
      customer: { tenantId: contoso, name: 'Contoso Ltd' },
      contact: { name: 'Dev', email: 'dev@contoso.example' },
    },
  });
  expect(opened.status).toBe(201);
  await desk.host.idle();
  return opened.body.id;
}

/** The publisher refusing every case-terms message (as Service Bus does when unavailable), the other queues working. */
export function refuseCaseTerms(publisher: MessagePublisher): jest.SpyInstance {
  const publish = publisher.publish.bind(publisher);
  return jest.spyOn(publisher, 'publish').mockImplementation(async (queue, message) => {
    if (queue === queueNames.caseTerms) throw new Error('Service Bus is unavailable');
    return publish(queue, message);
  });
}

/** PUT of Contoso's record with this plan, by the tenant's admin. */
export const savePlan = (
  desk: TestHost,
  tenant: TenantKeys,
  supportPlanId: string,
  headers: Record<string, string> = {},
) =>
  desk.request('PUT', `/api/customers/${contoso}`, {
    key: tenant.admin,
    body: { name: 'Contoso Ltd', supportPlanId },
    headers,
  });

/** The slaSweep timer function of the host. */
export function sweepTimerOf(desk: TestHost) {
  const timer = desk.host.functions.find((fn) => fn.name === 'slaSweep');
  if (!timer) throw new Error('The slaSweep timer function is not registered');
  return timer;
}

/** One run of the SLA sweep timer, as its schedule starts it, `ms` after the clock's current instant. */
export async function sweepLater(desk: TestHost, clock: ManualClock, ms: number): Promise<void> {
  clock.advance(ms);
  await desk.host.timers.runNow(sweepTimerOf(desk));
  await desk.host.idle(20_000);
}

/** The case as the tenant's agent reads it. */
export const caseOf = async (desk: TestHost, tenant: TenantKeys, caseId: string) =>
  (await desk.request('GET', `/api/cases/${caseId}`, { key: tenant.agent })).body;
