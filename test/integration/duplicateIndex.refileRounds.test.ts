import type { TableClient } from '@azure/data-tables';
import { type TransactionAction } from '@azure/data-tables';
import { TableCaseStore } from '../../shared/adapters/tables/tableCaseStore';
import { ensureTables, type TableClientFactory } from '../../shared/adapters/tables/tableClients';
import type { SupportCase } from '../../shared/domain/case';
import { duplicateScope, type OpeningWindow } from '../../shared/domain/duplicates';
import { openPortalCase } from '../../shared/domain/newCase';
import { newCaseId } from '../../shared/services/ids';
import { hookedDuplicateIndexTables } from '../support/duplicateIndexTables';
import { openStoredCase } from '../support/storedCases';

/*
 * A case is moved in the duplicate index after each write that changes its title, customer or contact, and moved again
 * (up to 3 rounds) while its row says a later write changed it meanwhile. Here one instance (the slow store) is
 * overtaken by another (the fast store): right before each of the slow instance's merges lands, the fast instance saves
 * and moves a further change in full.
 */

const hour = 60 * 60 * 1000;
const contoso = '3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a';

/** The desk's tables, the duplicate index's transactions first running `before` (awaited). */
const hookedTables = (
  before: (table: TableClient, actions: readonly TransactionAction[]) => Promise<void>,
): TableClientFactory => hookedDuplicateIndexTables({ beforeTransaction: before });

const plainTables = hookedTables(async () => undefined);

describe('the duplicate index after several quick changes of a case', () => {
  const fast = new TableCaseStore(plainTables);
  const since = (): OpeningWindow => ({ since: new Date(Date.now() - hour), until: new Date() });

  beforeAll(() => ensureTables(plainTables));

  /** Saves `change` of the case as it is now through the fast store, its move included. */
  async function changeFast(tenantId: string, caseId: string, change: (now: SupportCase) => SupportCase) {
    const current = (await fast.get(tenantId, caseId))!;
    const outcome = await fast.update(current, change(current.supportCase), []);
    if (outcome.kind !== 'saved') throw new Error(`not saved: ${outcome.kind}`);
  }

  const titles = [
    'Sharepoint quota exceeded',
    'Intune enrollment fails',
    'Defender quarantines payroll',
    'Bitlocker recovery prompts',
  ];

  it.each([
    [3, 'the rounds suffice'],
    [4, 'more changes than rounds: the last move files the case as last read'],
  ])(
    "given %i quick title changes, each saved and moved by another instance just before the slow instance's move of the one before lands, when similar cases look for candidates, then the case is found by its current title only (%s)",
    async (changes) => {
      const tenantId = `dup-refile-${changes}-${Date.now()}`;
      const changed = titles.slice(0, changes);
      const current = changed[changes - 1]!;
      // Before the slow instance's merge of changed[k] lands, the fast one changes changed[k] into changed[k + 1].
      const overtaken = new Set<string>();
      const slow = new TableCaseStore(
        hookedTables(async (_table, actions) => {
          const text = JSON.stringify(actions);
          const k = changed.findIndex((title, i) => i < changes - 1 && text.includes(title));
          if (k < 0 || overtaken.has(changed[k]!)) return;
          overtaken.add(changed[k]!);
          await changeFast(tenantId, caseId, (now) => ({ ...now, title: changed[k + 1]! }));
        }),
      );
      const { caseId } = await openStoredCase(fast, tenantId);
      const opened = (await slow.get(tenantId, caseId))!;

      await slow.update(opened, { ...opened.supportCase, title: changed[0]! }, []);

      const now = (await fast.get(tenantId, caseId))!.supportCase;
      expect(now.title).toBe(current);
      const scope = duplicateScope(now);
      for (const old of ['Teams meetings drop', ...changed.slice(0, -1)])
        expect(await fast.duplicateCandidates(tenantId, since(), scope, old)).toEqual([]);
      expect(await fast.duplicateCandidates(tenantId, since(), scope, current)).toEqual([
        expect.objectContaining({ id: caseId, title: current }),
      ]);
    },
  );

  it("given a customer correction whose move is overtaken by a title change saved and moved by another instance, when the old and the new customer's cases look for candidates, then only the new customer finds the case, by its current title", async () => {
    const tenantId = `dup-refile-customer-${Date.now()}`;
    let overtakenOnce = false;
    const slow = new TableCaseStore(
      hookedTables(async (_table, actions) => {
        if (overtakenOnce || !JSON.stringify(actions).includes(contoso)) return;
        overtakenOnce = true;
        await changeFast(tenantId, caseId, (now) => ({ ...now, title: 'Defender quarantines payroll export' }));
      }),
    );
    const { caseId } = await openStoredCase(fast, tenantId);
    const opened = (await slow.get(tenantId, caseId))!;
    const oldScope = duplicateScope(opened.supportCase);

    await slow.update(opened, { ...opened.supportCase, customer: { tenantId: contoso, name: 'Contoso' } }, []);

    const now = (await fast.get(tenantId, caseId))!.supportCase;
    expect(now).toMatchObject({ title: 'Defender quarantines payroll export', customer: { tenantId: contoso } });
    // The old customer's own cases (the domain's cases of no known customer are still in scope by domain).
    const oldCustomerOnly = { customerTenantId: oldScope.customerTenantId!, contactDomain: 'elsewhere.example' };
    expect(
      await fast.duplicateCandidates(tenantId, since(), oldCustomerOnly, 'Defender quarantines payroll export'),
    ).toEqual([]);
    expect(await fast.duplicateCandidates(tenantId, since(), oldCustomerOnly, 'Teams meetings drop')).toEqual([]);
    const newScope = duplicateScope(now);
    expect(await fast.duplicateCandidates(tenantId, since(), newScope, 'Teams meetings drop')).toEqual([]);
    expect(await fast.duplicateCandidates(tenantId, since(), newScope, 'Defender quarantines payroll export')).toEqual([
      expect.objectContaining({ id: caseId, customerTenantId: contoso }),
    ]);
  });
});

describe('the duplicate index when a case first gets significant title words', () => {
  it("given the only case of a day, opened with a title without significant words (an email subject such as 'Re: Hi!'), when an agent retitles it, then a similar case of the day finds it by its new title", async () => {
    const tables = hookedTables(async () => undefined);
    const store = new TableCaseStore(tables);
    await ensureTables(tables);
    const tenantId = `dup-refile-no-words-${Date.now()}`;
    const now = new Date('2049-02-03T00:05:00.000Z');
    const outcome = await store.create(tenantId, (caseNumber) =>
      openPortalCase(
        {
          title: 'Re: Hi!',
          description: 'Outlook crashes when I open it.',
          product: 'microsoft365',
          customer: { tenantId: contoso, name: 'Contoso' },
          contact: { name: 'Ann Example', email: 'ann@contoso.example' },
        },
        { id: newCaseId(now), tenantId, caseNumber, now, actor: { kind: 'portal', id: 'p' } },
      ),
    );
    if (outcome.kind !== 'created') throw new Error(`expected a new case, got ${outcome.kind}`);
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);

    await store.update(outcome.stored, { ...outcome.stored.supportCase, title: 'Outlook crashes on start' }, []);

    warn.mockRestore();
    const retitled = (await store.get(tenantId, outcome.stored.supportCase.id))!.supportCase;
    expect(
      await store.duplicateCandidates(
        tenantId,
        { since: new Date('2049-02-03T00:00:00.000Z'), until: new Date('2049-02-03T23:59:59.999Z') },
        duplicateScope(retitled),
        'Outlook crashes on start again',
      ),
    ).toEqual([expect.objectContaining({ id: retitled.id, title: 'Outlook crashes on start' })]);
  });
});
