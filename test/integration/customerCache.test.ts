import { TableClient } from '@azure/data-tables';
import { ensureTables, type TableClientFactory } from '../../shared/adapters/tables/tableClients';
import { customerCacheLimits, TableCustomerDirectory } from '../../shared/adapters/tables/tableTenantDirectory';
import type { Customer } from '../../shared/domain/customer';
import { tableNames, type TableKey } from '../../shared/resourceNames';

/*
 * Enrichment reads the customer of every case: the directory keeps a customer for a short while per instance, so a
 * burst of cases of one customer reads its record once, and a write on this instance is seen at once. On Azurite.
 */

function countingTables(): { tables: TableClientFactory; reads: () => number } {
  let reads = 0;
  const factory = (table: TableKey, suffix = ''): TableClient =>
    TableClient.fromConnectionString(process.env.CaseStorage ?? '', `${tableNames[table]}${suffix}`, {
      allowInsecureConnection: true,
      additionalPolicies: [
        {
          position: 'perCall',
          policy: {
            name: 'countCustomerReads',
            sendRequest: (request, next) => {
              if (request.method === 'GET' && request.url.includes('/customers(')) reads += 1;
              return next(request);
            },
          },
        },
      ],
    });
  return { tables: Object.assign(factory, { existingSuffixes: async () => [] }), reads: () => reads };
}

const customer = (plan: string): Customer => ({
  customerTenantId: '2d6c1f7e-5a4b-4c3d-9e8f-1a2b3c4d5e6f',
  name: 'Fabrikam Ltd',
  domains: ['fabrikam.example'],
  addresses: [],
  supportPlanId: plan,
  billingMode: 'included',
  cspSubscriptions: [],
  updatedAt: new Date().toISOString(),
});

describe('the customer directory keeps customers for a short while', () => {
  beforeAll(async () => ensureTables(countingTables().tables));

  it('given a customer read once, when it is read again by this instance, then storage is not asked again', async () => {
    const { tables, reads } = countingTables();
    const tenantId = `customer-cache-${Date.now()}`;
    await new TableCustomerDirectory(tables).put(tenantId, customer('standard'));
    const directory = new TableCustomerDirectory(tables);
    const before = reads();

    const first = await directory.get(tenantId, customer('standard').customerTenantId);
    const again = await directory.get(tenantId, customer('standard').customerTenantId.toUpperCase());

    expect(first?.supportPlanId).toBe('standard');
    expect(again).toEqual(first);
    expect(reads() - before).toBe(1);
  });

  it('given a cached customer, when this instance changes it, then its next read sees the change, while another instance keeps its earlier read until that entry expires', async () => {
    const { tables } = countingTables();
    const tenantId = `customer-cache-write-${Date.now()}`;
    const here = new TableCustomerDirectory(tables);
    const elsewhere = new TableCustomerDirectory(tables);
    await here.put(tenantId, customer('standard'));
    await here.get(tenantId, customer('standard').customerTenantId);
    await elsewhere.get(tenantId, customer('standard').customerTenantId);

    await here.put(tenantId, customer('premium'));

    expect((await here.get(tenantId, customer('premium').customerTenantId))?.supportPlanId).toBe('premium');
    expect((await elsewhere.get(tenantId, customer('premium').customerTenantId))?.supportPlanId).toBe('standard');
    expect((await elsewhere.versioned(tenantId, customer('premium').customerTenantId))?.value.supportPlanId).toBe(
      'premium',
    );
  });

  it('given a stream of unknown customer ids, when they are read, then the cache stays within its bounds', async () => {
    const { tables } = countingTables();
    const directory = new TableCustomerDirectory(tables);
    const tenantId = `customer-cache-bounds-${Date.now()}`;

    for (let start = 0; start < customerCacheLimits.unknownCustomers + 50; start += 50)
      await Promise.all(Array.from({ length: 50 }, (_, index) => directory.get(tenantId, `unknown-${start + index}`)));

    expect(directory.cacheEntries().unknownCustomers).toBeLessThanOrEqual(customerCacheLimits.unknownCustomers);
  });
});
