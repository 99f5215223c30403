import { TableClient, type TableEntity, type TransactionAction } from '@azure/data-tables';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { TableDuplicateIndex } from '../../shared/adapters/tables/duplicateIndex';
import { TableCaseStore, toCaseEntity } from '../../shared/adapters/tables/tableCaseStore';
import type { TableClientFactory } from '../../shared/adapters/tables/tableClients';
import type { SupportCase } from '../../shared/domain/case';
import { openPortalCase } from '../../shared/domain/newCase';
import type { CaseStore } from '../../shared/ports/caseStore';
import { tableNames, type TableKey } from '../../shared/resourceNames';
import { newCaseId } from '../../shared/services/ids';
import { startTestHost, type TestHost } from '../support/testHost';

/*
 * Enrichment links likely duplicates: cases of the same customer (or, where a customer is unknown, of the same mail
 * domain) from the 24 hours before, with much the same title. It reads only what that needs: the case rows of the
 * case's own customer, cut to the compared columns. Another customer's cases never come over the wire, however many
 * the tenant has, and no other case's document does either.
 */

interface Answer {
  method: string;
  url: string;
  body: string;
}

/** The desk's tables, recording the answer to every request made to the cases table and the duplicate index. */
function recordingTables(): { tables: TableClientFactory; answers: Answer[] } {
  const answers: Answer[] = [];
  const recording: PipelinePolicy = {
    name: 'recordCaseAnswers',
    sendRequest: async (request, next) => {
      const response = await next(request);
      const url = decodeURIComponent(request.url);
      if (url.includes(`/${tableNames.cases}`) || url.includes(`/${tableNames.duplicateIndex}`))
        answers.push({ method: request.method, url, body: response.bodyAsText ?? '' });
      return response;
    },
  };
  const factory = (table: TableKey, suffix = ''): TableClient =>
    TableClient.fromConnectionString(process.env.CaseStorage ?? '', `${tableNames[table]}${suffix}`, {
      allowInsecureConnection: true,
      additionalPolicies: [{ policy: recording, position: 'perCall' }],
    });
  return { tables: Object.assign(factory, { existingSuffixes: async () => [] }), answers };
}

const hour = 60 * 60 * 1000;
const fabrikam = '2d6c1f7e-5a4b-4c3d-9e8f-1a2b3c4d5e6f';
const contoso = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const title = 'Exchange transport rule bounces partner invoices';

const request = (customer: string | undefined, email: string, caseTitle = title, description = 'Invoices bounce.') => ({
  title: caseTitle,
  description,
  product: 'microsoft365' as const,
  customer: { ...(customer ? { tenantId: customer } : {}), name: 'Some customer' },
  contact: { name: 'Ann Example', email },
});

let sequence = 0;
/** A case opened `hoursAgo`, as its row would be (written straight into the table, numbered apart from the desk's). */
function earlierCase(tenantId: string, hoursAgo: number, body: ReturnType<typeof request>): SupportCase {
  sequence += 1;
  const now = new Date(Date.now() - hoursAgo * hour);
  const { tenantId: customerTenantId, name } = body.customer;
  const supportCase = openPortalCase(
    { ...body, customer: { tenantId: customerTenantId ?? fabrikam, name } },
    { id: newCaseId(now), tenantId, caseNumber: `CS-${900000 + sequence}`, now, actor: { kind: 'portal', id: 'p' } },
  ).supportCase;
  // A case of no known customer, as email intake opens one for mail from an unregistered domain.
  return customerTenantId ? supportCase : { ...supportCase, customer: { name } };
}

describe('duplicate detection in enrichment', () => {
  let desk: TestHost;
  let serving: CaseStore;

  beforeAll(async () => {
    desk = await startTestHost();
    serving = desk.desk.cases;
  });
  afterEach(() => {
    desk.desk.cases = serving;
  });
  afterAll(() => desk.stop());

  it("given a tenant whose other customers opened many similar cases today, when a customer's case is enriched, then it is linked to that customer's similar cases only, and no other customer's case nor any other case's document is read", async () => {
    const { key, tenantId } = await desk.newTenantKey('agent');
    const sameCustomer = earlierCase(tenantId, 5, request(fabrikam, 'bob@fabrikam.example', `${title} again`));
    const sameCustomerOtherSubject = earlierCase(
      tenantId,
      4,
      request(fabrikam, 'bob@fabrikam.example', 'Teams calls drop after ten minutes'),
    );
    const unknownCustomerSameDomain = earlierCase(tenantId, 3, request(undefined, 'eve@fabrikam.example'));
    const otherCustomer = Array.from({ length: 120 }, (_, index) =>
      earlierCase(tenantId, 20 - index / 10, request(contoso, 'carl@contoso.example', title, 'CONTOSO-ONLY words')),
    );
    const unknownCustomerOtherDomain = earlierCase(tenantId, 2, request(undefined, 'dan@northwind.example'));
    const earlier = [
      sameCustomer,
      sameCustomerOtherSubject,
      unknownCustomerSameDomain,
      ...otherCustomer,
      unknownCustomerOtherDomain,
    ];
    // Stored as TableCaseStore.create stores a case: its row, then its duplicate index rows.
    const rows = earlier.map((supportCase): TableEntity => toCaseEntity(supportCase, 1));
    const table = desk.desk.tables('cases');
    for (let start = 0; start < rows.length; start += 100) {
      await table.submitTransaction(rows.slice(start, start + 100).map((row): TransactionAction => ['create', row]));
    }
    const index = new TableDuplicateIndex(desk.desk.tables);
    for (const supportCase of earlier) await index.file(supportCase);
    const { tables, answers } = recordingTables();
    desk.desk.cases = new TableCaseStore(tables);

    const created = await desk.request('POST', '/api/cases', {
      key,
      body: request(fabrikam, 'ann@fabrikam.example', title, 'OWN-CASE words'),
    });
    expect(created.status).toBe(201);
    await desk.host.idle();
    const enriched = (await desk.request('GET', `/api/cases/${created.body.id}`, { key })).body;

    expect(enriched.status).toBe('enriched');
    expect(enriched.flags).toContain('possibleDuplicate');
    expect([...enriched.linkedCaseIds].sort()).toEqual([sameCustomer.id, unknownCustomerSameDomain.id].sort());
    // The host's timers go on reading other tenants' cases (earlier test files left theirs in this Azurite) while this
    // case is enriched; what this tenant's partitions gave back is what enrichment read. A read across partitions
    // would still show here, since it returns this tenant's rows too.
    const read = answers
      .filter((answer) => answer.method === 'GET' && answer.body.startsWith('{'))
      .flatMap((answer) => {
        const parsed = JSON.parse(answer.body) as { value?: Array<Record<string, unknown>> } & Record<string, unknown>;
        return parsed.value ?? [parsed];
      })
      .filter((row) => String(row.PartitionKey).startsWith(tenantId));
    expect(read.length).toBeGreaterThan(0);
    for (const row of read) {
      const body = JSON.stringify(row);
      expect(body).not.toContain(contoso);
      expect(body).not.toContain('CONTOSO-ONLY');
      expect(body).not.toContain('northwind');
      expect(body).not.toContain('Invoices bounce.');
    }
    // The customer's other cases are read from the duplicate index, never as case rows: the only case row read is its own.
    const caseRows = read.filter((row) => String(row.RowKey).startsWith('case|'));
    expect([...new Set(caseRows.map((row) => row.RowKey))]).toEqual([`case|${created.body.id}`]);
    expect(read.some((row) => `C_${sameCustomer.id}` in row)).toBe(true);
    expect(read.every((row) => !JSON.stringify(row).includes(sameCustomerOtherSubject.id))).toBe(true);
  });
});
