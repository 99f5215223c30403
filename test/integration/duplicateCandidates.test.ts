import { TableClient, type TableEntity, type TransactionAction } from '@azure/data-tables';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { TableCaseStore, toCaseEntity } from '../../shared/adapters/tables/tableCaseStore';
import { ensureTables, type TableClientFactory } from '../../shared/adapters/tables/tableClients';
import type { SupportCase } from '../../shared/domain/case';
import { duplicateScope, type DuplicateCandidate } from '../../shared/domain/duplicates';
import { openPortalCase } from '../../shared/domain/newCase';
import { tableNames, type TableKey } from '../../shared/resourceNames';
import { newCaseId } from '../../shared/services/ids';

/*
 * The read duplicate detection makes, on Azurite: one query of the tenant's case rows of the last 24 hours, filtered on
 * the server to the case's customer (and cases of no known customer from its contact's domain), returning only the
 * columns it compares. Each test works in a tenant of its own.
 */

interface Recorded {
  method: string;
  url: string;
  body: string;
}

/** The desk's tables, recording every request and the body of its answer. */
function recordingTables(): { tables: TableClientFactory; recorded: Recorded[] } {
  const recorded: Recorded[] = [];
  const recording: PipelinePolicy = {
    name: 'recordAnswers',
    sendRequest: async (request, next) => {
      const response = await next(request);
      recorded.push({ method: request.method, url: decodeURIComponent(request.url), body: response.bodyAsText ?? '' });
      return response;
    },
  };
  const factory = (table: TableKey, suffix = ''): TableClient =>
    TableClient.fromConnectionString(process.env.CaseStorage ?? '', `${tableNames[table]}${suffix}`, {
      allowInsecureConnection: true,
      additionalPolicies: [{ policy: recording, position: 'perCall' }],
    });
  return { tables: Object.assign(factory, { existingSuffixes: async () => [] }), recorded };
}

const hour = 60 * 60 * 1000;
const fabrikam = '2d6c1f7e-5a4b-4c3d-9e8f-1a2b3c4d5e6f';
const contoso = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const title = 'Exchange transport rule bounces partner invoices';

let sequence = 0;
function aCase(
  tenantId: string,
  hoursAgo: number,
  options: { customer?: string; email?: string; title?: string } = {},
): SupportCase {
  sequence += 1;
  const now = new Date(Date.now() - hoursAgo * hour);
  const supportCase = openPortalCase(
    {
      title: options.title ?? title,
      description: `Description ${sequence}: only the case itself may read this.`,
      product: 'microsoft365',
      customer: { tenantId: options.customer ?? fabrikam, name: 'Some customer' },
      contact: { name: 'Ann Example', email: options.email ?? 'ann@fabrikam.example' },
    },
    { id: newCaseId(now), tenantId, caseNumber: `CS-${1000 + sequence}`, now, actor: { kind: 'portal', id: 'p' } },
  ).supportCase;
  // A case of no known customer, as email intake opens one for mail from an unregistered domain.
  return options.customer ? supportCase : { ...supportCase, customer: { name: supportCase.customer.name } };
}

async function store(table: TableClient, rows: TableEntity[]): Promise<void> {
  for (let start = 0; start < rows.length; start += 100) {
    await table.submitTransaction(rows.slice(start, start + 100).map((row): TransactionAction => ['create', row]));
  }
}

const compared = ['caseNumber', 'contactDomain', 'createdAt', 'customerTenantId', 'id', 'title'];
const byId = (candidates: DuplicateCandidate[]): string[] => candidates.map((candidate) => candidate.id).sort();

describe('duplicate candidates on Table Storage', () => {
  const { tables, recorded } = recordingTables();
  const cases = new TableCaseStore(tables);

  beforeAll(() => ensureTables(tables));

  it("given a tenant whose other customers opened many cases today, when the candidates of a customer's case are read, then one query returns only that customer's and its domain's unknown-customer cases, with only the compared fields", async () => {
    const tenantId = 'dup-narrow-read';
    const own = [aCase(tenantId, 20, { customer: fabrikam }), aCase(tenantId, 2, { customer: fabrikam })];
    const unknownSameDomain = aCase(tenantId, 3);
    const others = Array.from({ length: 150 }, (_, index) =>
      aCase(tenantId, 23 - index / 10, { customer: contoso, email: 'bob@contoso.example' }),
    );
    const unknownOtherDomain = aCase(tenantId, 4, { email: 'eve@contoso.example' });
    const tooOld = aCase(tenantId, 30, { customer: fabrikam });
    const rows = [...own, unknownSameDomain, ...others, unknownOtherDomain, tooOld].map((supportCase) =>
      toCaseEntity(supportCase, 1),
    );
    await store(tables('cases'), rows);
    const supportCase = aCase(tenantId, 0, { customer: fabrikam });
    recorded.length = 0;

    const candidates = await cases.duplicateCandidates(
      tenantId,
      new Date(Date.now() - 24 * hour),
      duplicateScope(supportCase),
    );

    expect(byId(candidates)).toEqual([...own, unknownSameDomain].map((found) => found.id).sort());
    for (const candidate of candidates) {
      expect(compared).toEqual(expect.arrayContaining(Object.keys(candidate)));
      expect(candidate).not.toHaveProperty('description');
    }
    expect(candidates.find((candidate) => candidate.id === own[1]!.id)).toEqual({
      id: own[1]!.id,
      caseNumber: own[1]!.caseNumber,
      title,
      createdAt: own[1]!.createdAt,
      customerTenantId: fabrikam,
      contactDomain: 'fabrikam.example',
    });
    expect(recorded).toHaveLength(1);
    const [query] = recorded;
    expect(query!.url).toContain('$select=');
    expect(query!.url).toContain(`CustomerTenantId eq '${fabrikam}'`);
    // Nothing of another customer's case, and no document, came over the wire.
    expect(query!.body).not.toContain(contoso);
    expect(query!.body).not.toContain('Description');
    expect(query!.body).not.toMatch(/"Doc\d+"|"Status"|"EventCount"/);
    expect(Buffer.byteLength(query!.body)).toBeLessThan(2_000);
  });

  it('given a case of no known customer, when its candidates are read, then every case whose contact writes from its domain is returned, whatever its customer', async () => {
    const tenantId = 'dup-unknown-customer';
    const sameDomain = [aCase(tenantId, 5, { customer: fabrikam }), aCase(tenantId, 6)];
    const otherDomain = [aCase(tenantId, 5, { customer: contoso, email: 'bob@contoso.example' })];
    await store(
      tables('cases'),
      [...sameDomain, ...otherDomain].map((supportCase) => toCaseEntity(supportCase, 1)),
    );

    const candidates = await cases.duplicateCandidates(
      tenantId,
      new Date(Date.now() - 24 * hour),
      duplicateScope(aCase(tenantId, 0)),
    );

    expect(byId(candidates)).toEqual(sameDomain.map((found) => found.id).sort());
  });

  it('given a case whose title changed, when its candidates are read, then the title column follows the case (rows are merged with every column)', async () => {
    const tenantId = 'dup-title-change';
    const created = await cases.create(tenantId, (caseNumber) =>
      openPortalCase(
        {
          title: 'Teams calls drop',
          description: 'Every call drops.',
          product: 'microsoft365',
          customer: { tenantId: fabrikam, name: 'Fabrikam' },
          contact: { name: 'Ann Example', email: 'ann@fabrikam.example' },
        },
        { id: newCaseId(new Date()), tenantId, caseNumber, now: new Date(), actor: { kind: 'portal', id: 'p' } },
      ),
    );
    const { stored } = created;
    await cases.update(stored, { ...stored.supportCase, title: 'Teams calls drop after ten minutes' }, []);

    const candidates = await cases.duplicateCandidates(tenantId, new Date(Date.now() - hour), {
      customerTenantId: fabrikam,
      contactDomain: 'fabrikam.example',
    });

    expect(candidates).toEqual([
      expect.objectContaining({ id: stored.supportCase.id, title: 'Teams calls drop after ten minutes' }),
    ]);
  });

  it('given a case row written before the compared columns existed, when candidates are read, then its document is read instead and it is still a candidate', async () => {
    const tenantId = 'dup-older-rows';
    const older = aCase(tenantId, 3, { customer: fabrikam });
    const { Title, CreatedAt, ContactDomain, ...olderRow } = toCaseEntity(older, 1);
    expect([Title, CreatedAt, ContactDomain]).toEqual([title, older.createdAt, 'fabrikam.example']);
    const newer = aCase(tenantId, 2, { customer: fabrikam });
    await store(tables('cases'), [olderRow as TableEntity, toCaseEntity(newer, 1)]);

    const candidates = await cases.duplicateCandidates(tenantId, new Date(Date.now() - 24 * hour), {
      customerTenantId: fabrikam,
      contactDomain: 'fabrikam.example',
    });

    expect(candidates).toEqual([
      {
        id: older.id,
        caseNumber: older.caseNumber,
        title,
        createdAt: older.createdAt,
        customerTenantId: fabrikam,
        contactDomain: 'fabrikam.example',
      },
      expect.objectContaining({ id: newer.id, title }),
    ]);
  });
});
