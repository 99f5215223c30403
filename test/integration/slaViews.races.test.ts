import { TableClient } from '@azure/data-tables';
import { TableSlaViews } from '../../shared/adapters/tables/slaViewRows';
import { TableCaseStore } from '../../shared/adapters/tables/tableCaseStore';
import { ensureTables, type TableClientFactory } from '../../shared/adapters/tables/tableClients';
import { toDocumentColumns } from '../../shared/adapters/tables/jsonColumns';
import type { SupportCase } from '../../shared/domain/case';
import { openStatuses } from '../../shared/domain/lifecycle/caseStatus';
import { slaAttentionOf } from '../../shared/domain/workQueue';
import type { Principal } from '../../shared/domain/apiKey';
import type { Clock } from '../../shared/ports/clock';
import type { CaseQuery, StoredCase } from '../../shared/ports/caseStore';
import { tableNames, type TableKey } from '../../shared/resourceNames';
import { summarizeQueues, type CaseListDesk } from '../../shared/services/caseQueries';
import { breached, warned } from '../support/slaStates';
import { agentNote, changeStoredCase, openStoredCase } from '../support/storedCases';

/*
 * The SLA views kept in the slaviews table (shared/adapters/tables/slaViewRows.ts) against
 * writers racing on one case, lists landing between a view row's write and the case's commit, the 404/409 recovery,
 * cases leaving and re-entering, filters and counts, and cases the version before filed. On Azurite; a hook on the
 * table clients lets another operation land at an exact point of a write or a list.
 */

type Hook = (table: TableKey, method: string, args: unknown[]) => Promise<void> | void;

function client(table: TableKey): TableClient {
  return TableClient.fromConnectionString(process.env.CaseStorage ?? '', tableNames[table], {
    allowInsecureConnection: true,
  });
}

const plain: TableClientFactory = Object.assign(client, { existingSuffixes: async () => [] });

/** A factory whose point calls (not listEntities) call `hook.current` first, for the cases and slaviews tables. */
function hooked(hook: { current?: Hook }): TableClientFactory {
  const factory = (table: TableKey): TableClient => {
    const real = client(table);
    if (table !== 'cases' && table !== 'slaViews') return real;
    return new Proxy(real, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== 'function') return value;
        if (property === 'listEntities') return (value as (...a: unknown[]) => unknown).bind(target);
        return async (...args: unknown[]) => {
          await hook.current?.(table, String(property), args);
          return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        };
      },
    });
  };
  return Object.assign(factory, { existingSuffixes: async () => [] });
}

const casesTable = client('cases');
const viewsTable = client('slaViews');

const clock = { at: new Date(), now: (): Date => new Date(clock.at) } satisfies Clock & { at: Date };

const tenantOf = (name: string): string => `races-${name}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;

describe('SLA views of the slaviews table under races, filters and an upgrade', () => {
  const store = new TableCaseStore(plain, clock);
  beforeAll(() => ensureTables(plain));
  beforeEach(() => {
    clock.at = new Date();
  });

  const read = async (tenantId: string, caseId: string): Promise<StoredCase> => (await store.get(tenantId, caseId))!;

  const write = (tenantId: string, caseId: string, change: (supportCase: SupportCase) => SupportCase): Promise<void> =>
    changeStoredCase(store, tenantId, caseId, change);

  const listed = async (tenantId: string, query: Partial<CaseQuery>): Promise<string[]> =>
    (await store.list(tenantId, { pageSize: 100, ...query })).cases.map((supportCase) => supportCase.id);

  const atRisk = (tenantId: string, query: Partial<CaseQuery> = {}): Promise<string[]> =>
    listed(tenantId, { sla: 'atRisk', ...query });

  const rowIds = async (tenantId: string, view: 'atRisk' | 'breached' = 'atRisk'): Promise<string[]> =>
    (await new TableSlaViews(plain).rows(tenantId, view)).map((row) => row.caseId);

  it('given a writer from an older read whose view row lands while a newer write into the view is under way, when a list runs before that write commits, then the case is still in the view afterwards', async () => {
    // FAULT: `enter` upserts the view row with Replace, so a stale writer lowers the row's Revision (3 -> 2); a list
    // that reads the case at revision 2 then finds it "out of the view as of a revision >= the row's" and deletes the
    // row, and the newer write (revision 3, into the view) commits without a row. Its later writes keep the case in the
    // view (QueueKeys says slaview:atRisk), so none writes the row again: the case is missing from the at-risk list and
    // count until it leaves the view and comes back.
    const tenantId = tenantOf('regress');
    const { caseId } = await openStoredCase(store, tenantId);
    const olderRead = await read(tenantId, caseId); // revision 1
    await write(tenantId, caseId, (supportCase) => ({ ...supportCase, assignee: 'agent-2' })); // revision 2
    const newerRead = await read(tenantId, caseId);
    expect(newerRead.revision).toBe(2);

    const hook: { current?: Hook } = {};
    const writer = new TableCaseStore(hooked(hook), clock);
    const seen: { stale?: string; listedMeanwhile?: string[] } = {};
    hook.current = async (table, method) => {
      if (table !== 'cases' || method !== 'submitTransaction') return;
      hook.current = undefined;
      // The write into the view has written its row (revision 3) and is about to commit: the older writer lands now.
      seen.stale = (await store.update(olderRead, warned(olderRead.supportCase), [agentNote('late sweep')])).kind;
      seen.listedMeanwhile = await atRisk(tenantId);
    };

    const outcome = await writer.update(newerRead, warned(newerRead.supportCase), [agentNote('warned')]);

    expect(outcome.kind).toBe('saved');
    expect(seen).toEqual({ stale: 'stale', listedMeanwhile: [] });
    expect((await read(tenantId, caseId)).revision).toBe(3);
    expect(await atRisk(tenantId)).toEqual([caseId]);
    expect(await store.count(tenantId, { sla: 'atRisk' })).toBe(1);
    // And a later write that keeps it at risk does not bring it back.
    await write(tenantId, caseId, (supportCase) => ({ ...supportCase, severity: 'A' }));
    expect(await atRisk(tenantId)).toEqual([caseId]);
  });

  it('given a breached case the version before filed in the cases partition, when the breached view is listed and counted before its next write, then it is there', async () => {
    // FAULT (documented in the README, but it breaks "never misses a case that is in it"): nothing moves the cases the
    // version before filed under q|sla:...| rows; the views and the summary counts miss every one of them from the
    // deployment until the case's next write, and a breached case nobody touches may never be written again.
    const tenantId = tenantOf('legacy');
    const { caseId } = await openStoredCase(store, tenantId);
    const opened = await read(tenantId, caseId);
    await casesTable.updateEntity(
      {
        partitionKey: tenantId,
        rowKey: `case|${caseId}`,
        ...toDocumentColumns(breached(opened.supportCase)),
        SlaState: 'breached',
        QueueKeys: JSON.stringify(['assignee:-', 'sla:breached']),
        Revision: 0,
      },
      'Merge',
    );
    await casesTable.createEntity({ partitionKey: tenantId, rowKey: `q|sla:breached|${caseId}`, SlaState: 'breached' });

    expect(await listed(tenantId, { sla: 'breached' })).toEqual([caseId]);
    expect(await store.count(tenantId, { sla: 'breached' })).toBe(1);
  });

  it('given a list that runs between a write’s view row and its commit, when the write then commits, then the list showed nothing, kept the row, and the next list shows the case', async () => {
    const tenantId = tenantOf('between');
    const { caseId } = await openStoredCase(store, tenantId);
    const current = await read(tenantId, caseId);
    const hook: { current?: Hook } = {};
    const writer = new TableCaseStore(hooked(hook), clock);
    const meanwhile: { listed?: string[]; rows?: string[]; count?: number } = {};
    hook.current = async (table, method) => {
      if (table !== 'cases' || method !== 'submitTransaction') return;
      hook.current = undefined;
      meanwhile.listed = await atRisk(tenantId);
      meanwhile.count = await store.count(tenantId, { sla: 'atRisk' });
      meanwhile.rows = await rowIds(tenantId);
    };

    expect((await writer.update(current, warned(current.supportCase), [agentNote('warned')])).kind).toBe('saved');

    expect(meanwhile).toEqual({ listed: [], count: 0, rows: [caseId] });
    expect(await atRisk(tenantId)).toEqual([caseId]);
  });

  it('given two writes from one read, one into the view and one not, when either wins, then the view follows the winner', async () => {
    const tenantId = tenantOf('twins');
    const first = (await openStoredCase(store, tenantId)).caseId;
    const second = (await openStoredCase(store, tenantId)).caseId;

    // The write out of the view wins.
    const readFirst = await read(tenantId, first);
    expect((await store.update(readFirst, { ...readFirst.supportCase, assignee: 'a' }, [])).kind).toBe('saved');
    expect((await store.update(readFirst, warned(readFirst.supportCase), [])).kind).toBe('stale');
    // The write into the view wins.
    const readSecond = await read(tenantId, second);
    expect((await store.update(readSecond, warned(readSecond.supportCase), [])).kind).toBe('saved');
    expect((await store.update(readSecond, { ...readSecond.supportCase, assignee: 'a' }, [])).kind).toBe('stale');

    expect(await atRisk(tenantId)).toEqual([second]);
    expect(await store.count(tenantId, { sla: 'atRisk' })).toBe(1);
    expect((await rowIds(tenantId)).sort()).toEqual([second]);
  });

  it('given an at-risk case whose assignee row was removed outside its writes, when the sweep records its breach (the 404 recovery), then it is in the breached view and leaves the at-risk one', async () => {
    const tenantId = tenantOf('recover');
    const { caseId } = await openStoredCase(store, tenantId);
    await write(tenantId, caseId, (supportCase) => warned(supportCase));
    await casesTable.deleteEntity(tenantId, `q|assignee:-|${caseId}`);

    await write(tenantId, caseId, (supportCase) => breached(supportCase));

    expect(await listed(tenantId, { sla: 'breached' })).toEqual([caseId]);
    expect(await atRisk(tenantId)).toEqual([]);
    expect(await rowIds(tenantId)).toEqual([]);
    const row = await casesTable.getEntity(tenantId, `case|${caseId}`);
    expect(JSON.parse(String(row.QueueKeys))).toEqual(['assignee:-', 'slaview:breached']);
  });

  it('given a list about to remove a row it found stale, when the case re-enters the view just before the delete, then the row stays and the case is listed', async () => {
    const tenantId = tenantOf('reenter');
    const { caseId } = await openStoredCase(store, tenantId);
    await write(tenantId, caseId, (supportCase) => warned(supportCase));
    await write(tenantId, caseId, (supportCase) => ({ ...supportCase, status: 'resolved' }));
    const hook: { current?: Hook } = {};
    const lister = new TableCaseStore(hooked(hook), clock);
    hook.current = async (table, method) => {
      if (table !== 'slaViews' || method !== 'deleteEntity') return;
      hook.current = undefined;
      await write(tenantId, caseId, (supportCase) => warned({ ...supportCase, status: 'in_progress' }));
    };

    const duringReentry = await lister.list(tenantId, { pageSize: 10, sla: 'atRisk' });

    expect(duringReentry.cases).toEqual([]);
    expect(hook.current).toBeUndefined();
    expect(await rowIds(tenantId)).toEqual([caseId]);
    expect(await atRisk(tenantId)).toEqual([caseId]);
  });

  it('given at-risk and on-track cases of several severities, assignees, customers and titles, when the at-risk view is filtered, then it lists what the open range lists at risk under the same filter, and counts as many', async () => {
    const tenantId = tenantOf('filters');
    const specs: Array<{ severity: 'A' | 'B'; assignee?: string; title: string; customer: string; risk: boolean }> = [
      {
        severity: 'A',
        assignee: 'agent-1',
        title: 'Exchange mail stuck',
        customer: '11111111-1111-4111-8111-111111111111',
        risk: true,
      },
      {
        severity: 'B',
        assignee: 'agent-1',
        title: 'Teams calls drop',
        customer: '22222222-2222-4222-8222-222222222222',
        risk: true,
      },
      { severity: 'A', title: 'Exchange quota', customer: '22222222-2222-4222-8222-222222222222', risk: true },
      {
        severity: 'A',
        assignee: 'agent-1',
        title: 'Exchange sync',
        customer: '11111111-1111-4111-8111-111111111111',
        risk: false,
      },
    ];
    for (const spec of specs) {
      const { caseId } = await openStoredCase(store, tenantId);
      await write(tenantId, caseId, (supportCase) => {
        const changed: SupportCase = {
          ...supportCase,
          severity: spec.severity,
          title: spec.title,
          customer: {
            ...supportCase.customer,
            tenantId: spec.customer,
            name: spec.customer === '22222222-2222-4222-8222-222222222222' ? 'Fabrikam' : 'Contoso',
          },
          ...(spec.assignee !== undefined ? { assignee: spec.assignee } : {}),
        };
        return spec.risk ? warned(changed, 10 + specs.indexOf(spec)) : changed;
      });
    }
    const filters: Array<Partial<CaseQuery>> = [
      {},
      { severities: ['A'] },
      { assignee: 'agent-1' },
      { unassigned: true },
      { words: ['exchange'] },
      { customerTenantIds: ['22222222-2222-4222-8222-222222222222'] },
      { updatedSince: new Date(Date.now() - 60_000).toISOString() },
      { updatedSince: new Date(Date.now() + 60_000).toISOString() },
      { severities: ['A'], words: ['exchange'], statuses: ['new'] },
    ];

    for (const filter of filters) {
      const open = (await store.list(tenantId, { pageSize: 100, statuses: [...openStatuses], ...filter })).cases;
      const expected = open.filter((supportCase) => slaAttentionOf(supportCase) === 'atRisk').map((c) => c.id);
      const view = await atRisk(tenantId, { ...filter, sort: 'due' });
      expect({ filter, view: [...view].sort() }).toEqual({ filter, view: [...expected].sort() });
      expect(await store.count(tenantId, { sla: 'atRisk', ...filter })).toBe(expected.length);
    }
  });

  it('given at-risk and breached cases, when the queue summary is asked, then its counts are the lengths of the lists its queries give', async () => {
    const tenantId = tenantOf('summary');
    for (let index = 0; index < 3; index += 1) {
      const { caseId } = await openStoredCase(store, tenantId);
      await write(tenantId, caseId, (supportCase) => (index === 0 ? breached(supportCase) : warned(supportCase)));
    }
    const stale = (await openStoredCase(store, tenantId)).caseId;
    await write(tenantId, stale, (supportCase) => warned(supportCase));
    await write(tenantId, stale, (supportCase) => ({ ...supportCase, status: 'resolved' }));
    const principal: Principal = { tenantId, role: 'agent', keyId: 'key-1', agentId: 'agent-1' };

    const summary = await summarizeQueues({ cases: store } as unknown as CaseListDesk, principal);

    const counts = Object.fromEntries(summary.views.map((view) => [view.name, view.count]));
    expect({ atRisk: counts.atRisk, breached: counts.breached }).toEqual({ atRisk: 2, breached: 1 });
    expect((await atRisk(tenantId)).length).toBe(2);
    expect((await listed(tenantId, { sla: 'breached' })).length).toBe(1);
  });

  it('given a view row of a case id in another tenant, when a tenant lists its view, then the other tenant’s case is not read into it', async () => {
    const tenantId = tenantOf('iso-a');
    const other = tenantOf('iso-b');
    const { caseId } = await openStoredCase(store, other);
    await write(other, caseId, (supportCase) => warned(supportCase));
    await viewsTable.upsertEntity({ partitionKey: tenantId, rowKey: `atRisk|${caseId}`, Revision: 1 }, 'Replace');

    expect(await atRisk(tenantId)).toEqual([]);
    expect(await atRisk(other)).toEqual([caseId]);
  });

  it('given at-risk cases paged one at a time, when one leaves the view between pages, then the rest come once each', async () => {
    const tenantId = tenantOf('paging');
    const ids: string[] = [];
    for (const due of [10, 20, 30]) {
      const { caseId } = await openStoredCase(store, tenantId);
      await write(tenantId, caseId, (supportCase) => warned(supportCase, due));
      ids.push(caseId);
    }
    const first = await store.list(tenantId, { pageSize: 1, sla: 'atRisk' });
    await write(tenantId, ids[0]!, (supportCase) => ({ ...supportCase, status: 'resolved' }));
    const second = await store.list(tenantId, {
      pageSize: 1,
      sla: 'atRisk',
      continuationToken: first.continuationToken,
    });
    const third = await store.list(tenantId, {
      pageSize: 1,
      sla: 'atRisk',
      continuationToken: second.continuationToken,
    });

    expect([first, second, third].flatMap((page) => page.cases.map((c) => c.id))).toEqual(ids);
    expect(third.continuationToken).toBeUndefined();
  });
});
