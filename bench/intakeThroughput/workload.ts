/*
 * What the intake benchmark sends: portal cases of a partner's busy hour, spread over many customers and subjects, so
 * duplicate detection finds the odd likely duplicate (same customer, same subject) but not hundreds per case.
 */

import type { Desk } from '../../shared/composition';

export const customerCount = 50;

export interface BenchCustomer {
  tenantId: string;
  name: string;
  domain: string;
}

export const benchCustomers: readonly BenchCustomer[] = Array.from({ length: customerCount }, (_, index) => ({
  tenantId: `c5b0be0c-0000-4000-8000-${String(index).padStart(12, '0')}`,
  name: `Customer ${index} Ltd`,
  domain: `customer${index}.example`,
}));

type Product = 'azure' | 'dynamics365' | 'microsoft365';

/** Twenty subjects with little vocabulary in common, so titles of different subjects are never taken for duplicates. */
export const caseSubjects: ReadonlyArray<{ title: string; product: Product; description: string }> = [
  {
    title: 'Teams calls drop after ten minutes',
    product: 'microsoft365',
    description: 'Since Monday every Teams call in our Berlin office drops after about ten minutes.',
  },
  {
    title: 'Outlook cannot connect to Exchange Online',
    product: 'microsoft365',
    description: 'Outlook on all desktops keeps asking for the password and never connects.',
  },
  {
    title: 'Invoice lists licences we cancelled',
    product: 'microsoft365',
    description: 'The October invoice still lists 40 E3 licences although we cancelled five of them.',
  },
  {
    title: 'Azure VM fails to boot after maintenance',
    product: 'azure',
    description: 'Since the platform maintenance last night vm-erp-01 fails to boot.',
  },
  {
    title: 'SharePoint site returns access denied',
    product: 'microsoft365',
    description: 'Members of the finance site get access denied since this morning.',
  },
  {
    title: 'OneDrive sync stuck on processing changes',
    product: 'microsoft365',
    description: 'OneDrive shows processing changes for hours on several laptops.',
  },
  {
    title: 'Defender flags our signed installer',
    product: 'microsoft365',
    description: 'Defender quarantines the signed installer of our line-of-business application.',
  },
  {
    title: 'Intune devices stop reporting compliance',
    product: 'microsoft365',
    description: 'About thirty devices have not reported compliance to Intune for three days.',
  },
  {
    title: 'Entra sign-in loops for guest users',
    product: 'azure',
    description: 'Guests from our supplier end in a sign-in loop when they open shared files.',
  },
  {
    title: 'Azure SQL database hits DTU limit at night',
    product: 'azure',
    description: 'The nightly import drives the database to its DTU limit and times out.',
  },
  {
    title: 'Power BI refresh fails with gateway timeout',
    product: 'microsoft365',
    description: 'The scheduled refresh of the sales report fails with a gateway timeout.',
  },
  {
    title: 'Subscription transfer between resellers blocked',
    product: 'azure',
    description: 'The transfer of our Azure plan to the new reseller is blocked in Partner Center.',
  },
  {
    title: 'MFA prompts missing on new phones',
    product: 'microsoft365',
    description: 'Staff with new phones get no MFA prompt in the Authenticator app.',
  },
  {
    title: 'Mailbox migration stalls at ninety percent',
    product: 'microsoft365',
    description: 'The migration batch of the sales mailboxes stalls at ninety percent.',
  },
  {
    title: 'Storage account costs doubled this month',
    product: 'azure',
    description: 'The costs of our backup storage account doubled without any change on our side.',
  },
  {
    title: 'Windows 365 cloud PC does not provision',
    product: 'microsoft365',
    description: 'Provisioning of three new cloud PCs fails with an unknown error.',
  },
  {
    title: 'Dynamics 365 workflow emails never arrive',
    product: 'dynamics365',
    description: 'The order confirmation workflow runs but its emails never arrive.',
  },
  {
    title: 'App Service slot swap hangs',
    product: 'azure',
    description: 'Swapping the staging slot into production hangs for more than an hour.',
  },
  {
    title: 'Licence assignment fails for new hires',
    product: 'microsoft365',
    description: 'Group-based licence assignment fails for the new hires of this week.',
  },
  {
    title: 'Backup vault reports missing recovery points',
    product: 'azure',
    description: 'The recovery services vault shows no recovery points for two VMs since Friday.',
  },
];

/** The body of the index-th case, as a partner portal sends it to POST /api/cases (see README "Try it"). */
export function portalCaseBody(index: number): unknown {
  const customer = benchCustomers[index % customerCount] as BenchCustomer;
  // A customer meets the same subject again only 1,000 cases later: a case has a likely duplicate per 1,000 before it.
  const subject = caseSubjects[Math.floor(index / customerCount) % caseSubjects.length] ?? caseSubjects[0]!;
  return {
    title: subject.title,
    description: `${subject.description} (request ${index})`,
    product: subject.product,
    customer: { tenantId: customer.tenantId, name: customer.name },
    contact: { name: 'Ann Example', email: `ann@${customer.domain}` },
  };
}

/** A partner as the benchmarks need it: a profile with one support mailbox and the given customers on a Standard plan. */
export async function seedBenchTenant(
  desk: Desk,
  tenantId: string,
  customers: readonly BenchCustomer[],
): Promise<void> {
  await desk.tenants.saveProfile(tenantId, {
    name: `Partner ${tenantId}`,
    supportAddresses: [`support@${tenantId}.example`],
    agentAddresses: [],
  });
  const updatedAt = new Date().toISOString();
  for (const customer of customers) {
    await desk.customers.put(tenantId, {
      customerTenantId: customer.tenantId,
      name: customer.name,
      domains: [customer.domain],
      addresses: [],
      supportPlanId: 'standard',
      billingMode: 'included',
      cspSubscriptions: [],
      updatedAt,
    });
  }
}
