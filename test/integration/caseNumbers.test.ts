import { TableClient } from '@azure/data-tables';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { TableCaseStore } from '../../shared/adapters/tables/tableCaseStore';
import type { TableClientFactory } from '../../shared/adapters/tables/tableClients';
import { openPortalCase, type NewCaseRequest } from '../../shared/domain/newCase';
import { tableNames, type TableKey } from '../../shared/resourceNames';
import { newCaseId } from '../../shared/services/ids';
import { startTestHost, type TestHost } from '../support/testHost';

/*
 * Case numbers come from blocks each instance reserves with one write of the tenant's counter row, so concurrent
 * creates do not all write that one row. Numbers are unique within a tenant and never reused, across instances and
 * restarts; gaps are allowed.
 */
const newCase: NewCaseRequest = {
  title: 'Production VM does not start',
  description: 'Since 08:00 our VM vm-erp-01 fails to boot after a platform update.',
  product: 'azure',
  customer: { tenantId: '7f3c9a52-1b2d-4e8f-9a6b-0c1d2e3f4a5b', name: 'Fabrikam Ltd' },
  contact: { name: 'Ann Example', email: 'ann@fabrikam.example' },
};

/** The desk's tables, counting each write that reaches the counter row (alone or inside an entity group transaction). */
function countingCounterWrites(): { tables: TableClientFactory; counterWrites: () => number } {
  let writes = 0;
  const counting: PipelinePolicy = {
    name: 'counterWrites',
    sendRequest: (request, next) => {
      const body = typeof request.body === 'string' ? request.body : '';
      if (request.method !== 'GET' && /counter(\||%7C)caseNumber/i.test(`${request.url}\n${body}`)) writes += 1;
      return next(request);
    },
  };
  const factory = (table: TableKey, suffix = ''): TableClient =>
    TableClient.fromConnectionString(process.env.CaseStorage ?? '', `${tableNames[table]}${suffix}`, {
      allowInsecureConnection: true,
      additionalPolicies: [{ policy: counting, position: 'perCall' }],
    });
  return { tables: Object.assign(factory, { existingSuffixes: async () => [] }), counterWrites: () => writes };
}

const distinct = (numbers: string[]): number => new Set(numbers).size;
const valueOf = (caseNumber: string): number => Number(caseNumber.slice(3));

describe('case numbers in blocks', () => {
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost();
  });
  afterAll(() => desk.stop());

  /** Opens a case in `tenantId` through a store of its own, as another instance of the desk would. */
  const openThrough = async (store: TableCaseStore, tenantId: string): Promise<string> => {
    const now = desk.desk.clock.now();
    const outcome = await store.create(tenantId, (caseNumber) =>
      openPortalCase(newCase, { id: newCaseId(now), tenantId, caseNumber, now, actor: { kind: 'portal', id: 'test' } }),
    );
    return outcome.stored.supportCase.caseNumber;
  };

  it('given 64 creates in one tenant at once through the local host, when posted, then all answer 201 with distinct numbers and the counter row is written a few times, not once per case', async () => {
    const { key } = await desk.newTenantKey('portal');
    const { tables, counterWrites } = countingCounterWrites();
    const serving = desk.desk.cases;
    desk.desk.cases = new TableCaseStore(tables);
    try {
      const responses = await Promise.all(
        Array.from({ length: 64 }, () => desk.request('POST', '/api/cases', { key, body: newCase })),
      );

      expect(responses.filter((response) => response.status !== 201).map((response) => response.text)).toEqual([]);
      const numbers = responses.map((response) => String(response.body.caseNumber));
      expect(numbers.every((caseNumber) => /^CS-\d{6}$/.test(caseNumber))).toBe(true);
      expect(distinct(numbers)).toBe(64);
      // One instance alone: its blocks follow each other, so nothing is skipped.
      expect(Math.max(...numbers.map(valueOf))).toBe(64);
      expect(counterWrites()).toBeLessThanOrEqual(8);
      await desk.host.idle(60_000);
    } finally {
      desk.desk.cases = serving;
    }
  }, 120_000);

  it('given two instances of the desk creating in one tenant at once, when done, then every number is distinct and finds its own case', async () => {
    const { tenantId } = await desk.newTenantKey('portal');
    const first = new TableCaseStore(countingCounterWrites().tables);
    const second = new TableCaseStore(countingCounterWrites().tables);

    const openMany = (store: TableCaseStore): Promise<string[]> =>
      Promise.all(Array.from({ length: 40 }, () => openThrough(store, tenantId)));
    const [ofFirst, ofSecond] = await Promise.all([openMany(first), openMany(second)]);

    const numbers = [...ofFirst, ...ofSecond];
    expect(distinct(numbers)).toBe(80);
    const lookups = await desk.desk.cases.findByLookups(
      tenantId,
      numbers.map((caseNumber) => `number:${caseNumber}`),
    );
    expect(lookups.size).toBe(80);
    expect(new Set(lookups.values()).size).toBe(80);
  }, 120_000);

  it('given an instance that stops with numbers of its block unused, when a new instance opens a case, then it never gets one of them', async () => {
    const { tenantId } = await desk.newTenantKey('portal');
    const before = await Promise.all(
      Array.from({ length: 3 }, () => openThrough(new TableCaseStore(countingCounterWrites().tables), tenantId)),
    );
    const stopped = new TableCaseStore(countingCounterWrites().tables);
    const ofStopped = [await openThrough(stopped, tenantId), await openThrough(stopped, tenantId)];

    const afterRestart = await openThrough(new TableCaseStore(countingCounterWrites().tables), tenantId);

    expect(distinct([...before, ...ofStopped, afterRestart])).toBe(6);
    // Above every number handed out before, and above the rest of the stopped instance's block: a gap, never a reuse.
    expect(valueOf(afterRestart)).toBeGreaterThan(Math.max(...[...before, ...ofStopped].map(valueOf)));
  });

  it('given concurrent retries with one Idempotency-Key, when further cases are opened, then the retries used up no number', async () => {
    const { key } = await desk.newTenantKey('portal');
    const retries = await Promise.all(
      Array.from({ length: 8 }, () =>
        desk.request('POST', '/api/cases', { key, body: newCase, headers: { 'idempotency-key': 'retry-1' } }),
      ),
    );
    const answered = [...new Set(retries.map((response) => String(response.body.caseNumber)))];
    expect(answered).toHaveLength(1);

    const further: string[] = [];
    for (let opened = 0; opened < 7; opened += 1) {
      const response = await desk.request('POST', '/api/cases', { key, body: newCase });
      further.push(String(response.body.caseNumber));
    }

    // The eight retries took the first eight numbers; the seven that lost gave theirs back. Which retry won is up to
    // the race, so the one case may carry any of the eight, and the further cases fill the rest without a gap.
    const expected = Array.from({ length: 8 }, (_, index) => `CS-00000${index + 1}`);
    expect([...answered, ...further].sort()).toEqual(expected);
    await desk.host.idle(30_000);
  }, 60_000);
});
