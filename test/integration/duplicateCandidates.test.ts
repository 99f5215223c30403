import { TableClient, TableServiceClient } from '@azure/data-tables';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { TableDuplicateIndex } from '../../shared/adapters/tables/duplicateIndex';
import { TableCaseStore } from '../../shared/adapters/tables/tableCaseStore';
import { ensureTables, tableClientFactory, type TableClientFactory } from '../../shared/adapters/tables/tableClients';
import type { SupportCase } from '../../shared/domain/case';
import {
  duplicateIndexWords,
  duplicateScope,
  type DuplicateCandidate,
  type OpeningWindow,
} from '../../shared/domain/duplicates';
import { openPortalCase } from '../../shared/domain/newCase';
import { tableNames, type TableKey } from '../../shared/resourceNames';
import { newCaseId } from '../../shared/services/ids';

/*
 * The read duplicate detection makes, on Azurite: per day table of the duplicate index (the last 24 hours) a point
 * read of each of the title's index words' rows in the case's customer's partition and in its contact's domain's (for
 * cases of no known customer), returning only what it compares. Each test works in a tenant of its own.
 */

interface Recorded {
  method: string;
  url: string;
  body: string;
}

/** The desk's tables, recording every request and the body of its answer (none for an error the SDK throws). */
function recordingTables(): { tables: TableClientFactory; recorded: Recorded[] } {
  const recorded: Recorded[] = [];
  const recording: PipelinePolicy = {
    name: 'recordAnswers',
    sendRequest: async (request, next) => {
      const entry = { method: request.method, url: decodeURIComponent(request.url), body: '' };
      recorded.push(entry);
      const response = await next(request);
      entry.body = response.bodyAsText ?? '';
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

/** Files cases in the duplicate index as TableCaseStore.create does once each is stored. */
async function fileAll(index: TableDuplicateIndex, cases: readonly SupportCase[]): Promise<void> {
  for (const supportCase of cases) await index.file(supportCase);
}

const compared = ['caseNumber', 'contactDomain', 'createdAt', 'customerTenantId', 'id', 'title'];
const byId = (candidates: DuplicateCandidate[]): string[] => candidates.map((candidate) => candidate.id).sort();

describe('duplicate candidates on Table Storage', () => {
  const { tables, recorded } = recordingTables();
  const cases = new TableCaseStore(tables);
  const index = new TableDuplicateIndex(tables);
  const lastDay = (): OpeningWindow => ({ since: new Date(Date.now() - 24 * hour), until: new Date() });

  beforeAll(() => ensureTables(tables));

  it("given a tenant whose other customers opened many cases today and whose customer opened others on other subjects, when the candidates of a customer's case are read, then point reads of its words' rows per day and scope return only that customer's and its domain's unknown-customer cases that share a title word, with only the compared fields", async () => {
    const tenantId = `dup-narrow-read-${Date.now()}`;
    const own = [aCase(tenantId, 20, { customer: fabrikam }), aCase(tenantId, 2, { customer: fabrikam })];
    const unknownSameDomain = aCase(tenantId, 3);
    const otherSubjects = Array.from({ length: 60 }, (_, index) =>
      aCase(tenantId, 22 - index / 10, { customer: fabrikam, title: `Printer ${index} in Munich office offline` }),
    );
    const others = Array.from({ length: 150 }, (_, index) =>
      aCase(tenantId, 23 - index / 10, { customer: contoso, email: 'bob@contoso.example' }),
    );
    const unknownOtherDomain = aCase(tenantId, 4, { email: 'eve@contoso.example' });
    const tooOld = aCase(tenantId, 30, { customer: fabrikam });
    await fileAll(index, [...own, unknownSameDomain, ...otherSubjects, ...others, unknownOtherDomain, tooOld]);
    const supportCase = aCase(tenantId, 0, { customer: fabrikam });
    recorded.length = 0;

    const candidates = await cases.duplicateCandidates(tenantId, lastDay(), duplicateScope(supportCase), title);

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
    // Point reads of the title's index words' rows in the two scope partitions (the customer's, and its contact's
    // domain's for cases of no known customer) of each day of the window (today, and yesterday unless the day just
    // began), and nothing else: no query, no other table.
    const words = duplicateIndexWords(title);
    expect(recorded.length).toBeGreaterThanOrEqual(2 * words.length);
    expect(recorded.length).toBeLessThanOrEqual(2 * 2 * words.length);
    for (const request of recorded) {
      expect(request.method).toBe('GET');
      expect(request.url).toMatch(
        new RegExp(
          `/dupindex\\d{8}\\(PartitionKey='dup-narrow-read-\\d+\\|(c|d):[^']+',RowKey='(${words.join('|')})\\|0'\\)`,
        ),
      );
    }
    const body = recorded.map((request) => request.body).join('');
    // Nothing of another customer's case, of the customer's cases on other subjects, and no document.
    expect(body).not.toContain(contoso);
    expect(body).not.toContain('Printer');
    expect(body).not.toContain('Description');
    // The rows of the title's words: each holds the entries of the scope's cases filed under it that day and the day
    // before (here the three candidates and the case of 30 hours ago), nothing of the 210 others.
    expect(Buffer.byteLength(body)).toBeLessThan(16_000);
  });

  it('given a case of no known customer, when its candidates are read, then every case whose contact writes from its domain is returned, whatever its customer', async () => {
    const tenantId = `dup-unknown-customer-${Date.now()}`;
    const sameDomain = [aCase(tenantId, 5, { customer: fabrikam }), aCase(tenantId, 6)];
    const otherDomain = [aCase(tenantId, 5, { customer: contoso, email: 'bob@contoso.example' })];
    await fileAll(index, [...sameDomain, ...otherDomain]);

    const candidates = await cases.duplicateCandidates(tenantId, lastDay(), duplicateScope(aCase(tenantId, 0)), title);

    expect(byId(candidates)).toEqual(sameDomain.map((found) => found.id).sort());
  });

  async function storedCase(tenantId: string, caseTitle: string, customer = fabrikam) {
    const created = await cases.create(tenantId, (caseNumber) =>
      openPortalCase(
        {
          title: caseTitle,
          description: 'Every call drops.',
          product: 'microsoft365',
          customer: { tenantId: customer, name: 'Some customer' },
          contact: { name: 'Ann Example', email: 'ann@fabrikam.example' },
        },
        { id: newCaseId(new Date()), tenantId, caseNumber, now: new Date(), actor: { kind: 'portal', id: 'p' } },
      ),
    );
    if (created.kind !== 'created') throw new Error(`expected a new case, got ${created.kind}`);
    return created.stored;
  }

  it('given a case opened through the store, when a similar case looks for candidates, then it is found without any seeding', async () => {
    const tenantId = `dup-created-${Date.now()}`;
    const stored = await storedCase(tenantId, 'Teams calls drop');

    const candidates = await cases.duplicateCandidates(
      tenantId,
      lastDay(),
      duplicateScope(stored.supportCase),
      'Teams calls drop again',
    );

    expect(byId(candidates)).toEqual([stored.supportCase.id]);
  });

  it('given a case whose title changed, when candidates are read, then it is found by its new title, with it, and no more by words it lost', async () => {
    const tenantId = `dup-title-change-${Date.now()}`;
    const stored = await storedCase(tenantId, 'Teams calls drop');
    const scope = { customerTenantId: fabrikam, contactDomain: 'fabrikam.example' };

    await cases.update(stored, { ...stored.supportCase, title: 'Outlook search finds nothing' }, []);

    expect(await cases.duplicateCandidates(tenantId, lastDay(), scope, 'Outlook search broken')).toEqual([
      expect.objectContaining({ id: stored.supportCase.id, title: 'Outlook search finds nothing' }),
    ]);
    expect(await cases.duplicateCandidates(tenantId, lastDay(), scope, 'Teams calls drop')).toEqual([]);
  });

  it("given a case whose customer was corrected, when candidates are read, then it is among the new customer's and no more among the old one's", async () => {
    const tenantId = `dup-customer-change-${Date.now()}`;
    const stored = await storedCase(tenantId, 'Teams calls drop', contoso);
    const scopeOf = (customerTenantId: string) => ({ customerTenantId, contactDomain: 'elsewhere.example' });

    await cases.update(stored, { ...stored.supportCase, customer: { tenantId: fabrikam, name: 'Fabrikam' } }, []);

    expect(byId(await cases.duplicateCandidates(tenantId, lastDay(), scopeOf(fabrikam), 'Teams calls drop'))).toEqual([
      stored.supportCase.id,
    ]);
    expect(await cases.duplicateCandidates(tenantId, lastDay(), scopeOf(contoso), 'Teams calls drop')).toEqual([]);
  });

  it('given day tables of the weeks before, when the first case of a new day is filed, then the tables of the days 8 and more days before are dropped and the week before stays (a week of enrichment backlog)', async () => {
    const tenantId = `dup-days-${Date.now()}`;
    const at = (iso: string): SupportCase => ({ ...aCase(tenantId, 0, { customer: fabrikam }), createdAt: iso });
    await index.file(at('2031-04-20T10:00:00.000Z'));
    await index.file(at('2031-04-26T10:00:00.000Z'));
    await index.file(at('2031-04-27T10:00:00.000Z'));
    await index.file(at('2031-05-03T10:00:00.000Z'));
    const service = TableServiceClient.fromConnectionString(process.env.CaseStorage ?? '', {
      allowInsecureConnection: true,
    });
    const days = async (): Promise<string[]> => {
      const names: string[] = [];
      for await (const table of service.listTables({
        queryOptions: { filter: "TableName ge 'dupindex2031' and TableName lt 'dupindex2032'" },
      }))
        names.push(String(table.name));
      return names.sort();
    };
    expect(await days()).toEqual(['dupindex20310420', 'dupindex20310426', 'dupindex20310427', 'dupindex20310503']);

    const desksTables = tableClientFactory({
      kind: 'connectionString',
      connectionString: process.env.CaseStorage ?? '',
    });
    await new TableDuplicateIndex(desksTables).file(at('2031-05-04T00:05:00.000Z'));

    expect(await days()).toEqual(['dupindex20310427', 'dupindex20310503', 'dupindex20310504']);
  });

  it('given a case opened before the window whose day table is gone, when its title changes, then no table is made for it', async () => {
    const tenantId = `dup-old-day-${Date.now()}`;
    const old = { ...aCase(tenantId, 0, { customer: fabrikam }), createdAt: '2020-01-01T10:00:00.000Z' };

    await index.refile(old, { ...old, title: 'Outlook search finds nothing' });

    const service = TableServiceClient.fromConnectionString(process.env.CaseStorage ?? '', {
      allowInsecureConnection: true,
    });
    const found: string[] = [];
    for await (const table of service.listTables({ queryOptions: { filter: "TableName eq 'dupindex20200101'" } }))
      found.push(String(table.name));
    expect(found).toEqual([]);
  });

  it('given a window whose first day has no table, when candidates are read, then that day costs one request and the next day gives its cases', async () => {
    const tenantId = `dup-empty-day-${Date.now()}`;
    const filed = { ...aCase(tenantId, 0, { customer: fabrikam }), createdAt: '2033-07-09T08:00:00.000Z' };
    await index.file(filed);
    const supportCase = aCase(tenantId, 0, { customer: fabrikam });
    recorded.length = 0;

    const candidates = await index.candidates(
      tenantId,
      title,
      duplicateScope(supportCase),
      new Date('2033-07-08T09:00:00.000Z'),
      new Date('2033-07-09T09:00:00.000Z'),
    );

    expect(byId(candidates)).toEqual([filed.id]);
    expect(recorded.filter((request) => request.url.includes('/dupindex20330708('))).toHaveLength(1);
    expect(recorded.filter((request) => request.url.includes('/dupindex20330709(')).length).toBeGreaterThan(1);
  });
});
