import { TableClient } from '@azure/data-tables';
import { toDocumentColumns } from '../../shared/adapters/tables/jsonColumns';
import { TableCaseStore } from '../../shared/adapters/tables/tableCaseStore';
import { ensureTables, type TableClientFactory } from '../../shared/adapters/tables/tableClients';
import { stillMatches, type CaseFilter } from '../../shared/adapters/tables/workQueueRows';
import type { SupportCase } from '../../shared/domain/case';
import { searchWords } from '../../shared/domain/workQueue';
import type { CaseQuery } from '../../shared/ports/caseStore';
import { tableNames, type TableKey } from '../../shared/resourceNames';
import { agentNote, openStoredCase } from '../support/storedCases';

/*
 * A list read from index rows reads its cases' documents after the rows. A case that moved on between the two reads (a
 * new case triaged while a list of new cases was read) must not show in a list it no longer matches: the page checks
 * each document against the same conditions the server filtered the rows by. A page may then come short, even empty,
 * with a token that still leads on. On Azurite.
 */

const factory = (table: TableKey): TableClient =>
  TableClient.fromConnectionString(process.env.CaseStorage ?? '', tableNames[table], { allowInsecureConnection: true });
const tables: TableClientFactory = Object.assign(factory, { existingSuffixes: async () => [] });
const casesTable = factory('cases');

describe('work queue lists against cases that move on', () => {
  const store = new TableCaseStore(tables);
  beforeAll(() => ensureTables(tables));

  /** Rewrites a case's document alone, as a write landing between a list's index read and its document read looks. */
  async function documentMovesOn(supportCase: SupportCase): Promise<void> {
    await casesTable.updateEntity(
      { partitionKey: supportCase.tenantId, rowKey: `case|${supportCase.id}`, ...toDocumentColumns(supportCase) },
      'Merge',
    );
  }

  /** Opens a case per variant and changes it as the variant says: the cases an agreement test lists. */
  async function storeVariants(
    tenantId: string,
    variants: ReadonlyArray<Partial<SupportCase>>,
  ): Promise<SupportCase[]> {
    const stored: SupportCase[] = [];
    for (const variant of variants) {
      const { caseId } = await openStoredCase(store, tenantId);
      const opened = (await store.get(tenantId, caseId))!;
      const saved = await store.update(opened, { ...opened.supportCase, ...variant }, [agentNote('varied')]);
      expect(saved.kind).toBe('saved');
      stored.push((await store.get(tenantId, caseId))!.supportCase);
    }
    return stored;
  }

  const listIds = async (tenantId: string, query: Omit<CaseQuery, 'pageSize'>): Promise<string[]> =>
    (await store.list(tenantId, { pageSize: 100, ...query })).cases.map((listed) => listed.id);

  it('given a new case whose document was triaged after its index row was read, when new cases are listed, then it is left out', async () => {
    const tenantId = `moves-on-${Date.now()}`;
    const { caseId } = await openStoredCase(store, tenantId);
    const stored = (await store.get(tenantId, caseId))!;
    expect(await listIds(tenantId, { statuses: ['new'] })).toEqual([caseId]);

    await documentMovesOn({ ...stored.supportCase, status: 'triaged' });

    expect(await listIds(tenantId, { statuses: ['new'] })).toEqual([]);
  });

  it.each<[string, Partial<SupportCase>, Omit<CaseQuery, 'pageSize'>]>([
    ['assigned to someone else', { assignee: 'agent-2' }, { assignee: 'agent-1', statuses: ['new'] }],
    ['assigned', { assignee: 'agent-1' }, { unassigned: true, statuses: ['new'] }],
    ['resolved', { status: 'resolved' }, { statuses: ['new', 'triaged', 'enriched', 'in_progress'] }],
    ['re-rated to severity C', { severity: 'C' }, { statuses: ['new'], severities: ['A'] }],
    ['retitled', { title: 'Printer jams' }, { statuses: ['new'], words: ['teams'] }],
  ])(
    'given an open case whose document was %s after its index row was read, when the list it left is read, then it is left out',
    async (_change, change, query) => {
      const tenantId = `moves-on-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
      const { caseId } = await openStoredCase(store, tenantId);
      const stored = (await store.get(tenantId, caseId))!;
      const filed = await store.update(stored, { ...stored.supportCase, assignee: 'agent-1', severity: 'A' }, [
        agentNote('taken'),
      ]);
      expect(filed.kind).toBe('saved');
      const before = (await store.get(tenantId, caseId))!.supportCase;
      const unassignedQuery = 'unassigned' in query;
      if (unassignedQuery) {
        const { assignee: _dropped, ...unassigned } = before;
        const saved = await store.update((await store.get(tenantId, caseId))!, unassigned, [agentNote('given back')]);
        expect(saved.kind).toBe('saved');
      }
      const current = (await store.get(tenantId, caseId))!.supportCase;
      expect(await listIds(tenantId, query)).toEqual([caseId]);

      await documentMovesOn({ ...current, ...change });

      expect(await listIds(tenantId, query)).toEqual([]);
    },
  );

  describe('the check and the server filter agree', () => {
    const tenantId = `agree-${Date.now()}`;
    const cases: SupportCase[] = [];
    const variants: Array<Partial<SupportCase>> = [
      {},
      { status: 'triaged', severity: 'A', category: 'technical', tier: 'tier1' },
      { status: 'in_progress', assignee: 'agent-1', severity: 'B', category: 'billing', flags: ['stuck'] },
      { status: 'pending_customer', assignee: 'agent-2', severity: 'C', product: 'azure', tier: 'tier2' },
      { status: 'resolved', assignee: 'agent-1', severity: 'A', flags: ['possibleDuplicate'] },
      {
        status: 'enriched',
        title: 'Licences for Contoso',
        category: 'licensing',
        updatedAt: '2036-01-01T00:00:00.000Z',
      },
    ];

    beforeAll(async () => cases.push(...(await storeVariants(tenantId, variants))));

    it.each<[string, CaseFilter]>([
      ['every status', {}],
      ['new', { statuses: ['new'] }],
      ['open statuses', { statuses: ['new', 'triaged', 'enriched', 'in_progress', 'pending_customer'] }],
      ['resolved', { statuses: ['resolved'] }],
      ['an assignee, any status', { assignee: 'agent-1' }],
      ['an assignee, open', { assignee: 'agent-1', statuses: ['in_progress', 'pending_customer'] }],
      ['unassigned, open', { unassigned: true, statuses: ['new', 'triaged', 'enriched'] }],
      ['severity A', { severities: ['A'] }],
      ['severities A or C, open', { severities: ['A', 'C'], statuses: ['triaged', 'pending_customer'] }],
      ['product azure', { products: ['azure'] }],
      ['category billing or licensing', { categories: ['billing', 'licensing'] }],
      ['tier 2', { tiers: ['tier2'] }],
      ['flag stuck', { flag: 'stuck' }],
      ['updated since 2035', { updatedSince: '2035-06-01T00:00:00.000Z' }],
      ['words', { words: ['licences', 'contoso'] }],
      ['words, open', { words: ['teams'], statuses: ['new', 'triaged', 'in_progress'] }],
      ['escalated anywhere', { escalated: 'any' }],
    ])(
      'given cases of many kinds, when listed by %s, then the check keeps exactly the cases the server lists',
      async (_name, filter) => {
        const listed = await listIds(tenantId, filter);
        const kept = cases
          .filter((supportCase) => stillMatches(supportCase, filter))
          .map((supportCase) => supportCase.id);

        expect([...listed].sort()).toEqual([...kept].sort());
      },
    );
  });

  it('given three new cases listed a page of one at a time, when the second moves on before its page is read, then that page is empty but still leads on, and no case is skipped or repeated', async () => {
    const tenantId = `pages-${Date.now()}`;
    const ids: string[] = [];
    for (let index = 0; index < 3; index += 1) ids.push((await openStoredCase(store, tenantId)).caseId);
    const query: CaseQuery = { statuses: ['new'], sort: 'created', order: 'asc', pageSize: 1 };

    const first = await store.list(tenantId, query);
    const second = (await store.get(tenantId, ids[1]!))!.supportCase;
    await documentMovesOn({ ...second, status: 'triaged' });
    const middle = await store.list(tenantId, { ...query, continuationToken: first.continuationToken });
    const last = await store.list(tenantId, { ...query, continuationToken: middle.continuationToken });

    expect(first.cases.map((listed) => listed.id)).toEqual([ids[0]]);
    expect(middle.cases).toEqual([]);
    expect(middle.continuationToken).toBeDefined();
    expect(last.cases.map((listed) => listed.id)).toEqual([ids[2]]);
    expect(last.continuationToken).toBeUndefined();
  });

  describe('the check and the server filter agree on more filters', () => {
    const tenantId = `agree-more-${Date.now()}`;
    const cases: SupportCase[] = [];
    const instant = '2036-03-04T05:06:07.000Z';
    const variants: Array<Partial<SupportCase>> = [
      {},
      { status: 'triaged', sharedWithTenantIds: ['partner-b'], updatedAt: instant },
      {
        status: 'in_progress',
        assignee: 'agent-1',
        title: 'Überweisung schlägt fehl',
        customer: { tenantId: 'AAAA0000-0000-4000-8000-000000000001', name: 'Müller GmbH' },
      },
      { status: 'closed', title: 'Ошибка входа в Teams', updatedAt: '2036-03-04T05:06:06.999Z' },
      { status: 'pending_customer', assignee: "o'brien", flags: ['stuck'] },
    ];

    beforeAll(async () => cases.push(...(await storeVariants(tenantId, variants))));

    const open = ['new', 'triaged', 'enriched', 'in_progress', 'pending_customer'] as const;
    it.each<[string, CaseFilter, number]>([
      ['escalated to a partner, open', { escalated: 'partner', statuses: [...open] }, 1],
      ['escalated to Microsoft, open', { escalated: 'microsoft', statuses: [...open] }, 0],
      // A case stored with the id in upper case is filed under it in lower case, as the list query asks for it.
      [
        'a customer tenant, as the list query gives it',
        { customerTenantIds: ['aaaa0000-0000-4000-8000-000000000001'] },
        1,
      ],
      [
        'a customer tenant in upper case, which the list query never gives',
        { customerTenantIds: ['AAAA0000-0000-4000-8000-000000000001'] },
        0,
      ],
      ['updated since the very instant', { updatedSince: instant }, 1],
      ['updated since the very instant, open', { updatedSince: instant, statuses: [...open] }, 1],
      ['unassigned, any status', { unassigned: true }, 3],
      ['an assignee with a quote, open', { assignee: "o'brien", statuses: [...open] }, 1],
      ['umlaut words, open', { words: searchWords('ÜBERWEISUNG müller'), statuses: [...open] }, 1],
      ['umlaut words in decomposed form', { words: searchWords('U\u0308berweisung') }, 1],
      ['Cyrillic words', { words: searchWords('ошибка') }, 1],
      ['flag stuck, open', { flag: 'stuck', statuses: [...open] }, 1],
      ['waiting on Microsoft', { waitingOnMicrosoft: true }, 0],
    ])(
      'given cases of many kinds, when listed by %s, then the check keeps exactly the cases the server lists',
      async (_name, filter, count) => {
        const listed = (await store.list(tenantId, { pageSize: 100, sort: 'updated', ...filter })).cases.map(
          (listed) => listed.id,
        );
        const kept = cases
          .filter((supportCase) => stillMatches(supportCase, filter))
          .map((supportCase) => supportCase.id);

        expect([...listed].sort()).toEqual([...kept].sort());
        expect(listed).toHaveLength(count);
      },
    );
  });
});
