import type { TransactionAction } from '@azure/data-tables';
import { TableCaseStore } from '../../shared/adapters/tables/tableCaseStore';
import { ensureTables, type TableClientFactory } from '../../shared/adapters/tables/tableClients';
import { duplicateScope, type OpeningWindow } from '../../shared/domain/duplicates';
import { hookedDuplicateIndexTables } from '../support/duplicateIndexTables';
import { openStoredCase } from '../support/storedCases';

/*
 * A case is moved in the duplicate index after each write that changes its title, customer or contact. Two quick
 * changes may move it in the opposite order (two instances, one slower): the index must end up holding the case as it
 * is now, not as the slower move last wrote it. The duplicate index's merges here can be held at a gate, to make the
 * earlier change's move land last.
 */

/** A gate that holds the first of the duplicate index's merges carrying `text` until it is opened. */
class MergeGate {
  private open!: () => void;
  private readonly opened = new Promise<void>((resolve) => (this.open = resolve));
  private reach!: () => void;
  /** Settles once a merge carrying `text` is held. */
  readonly reached = new Promise<void>((resolve) => (this.reach = resolve));

  constructor(readonly text: string) {}

  private held = false;

  async pass(actions: readonly TransactionAction[]): Promise<void> {
    if (this.held || !JSON.stringify(actions).includes(this.text)) return;
    this.held = true;
    this.reach();
    await this.opened;
  }

  release(): void {
    this.open();
  }
}

/** The desk's tables, the duplicate index's transactions passing the gate of the moment first. */
const gatedTables = (gate: () => MergeGate | undefined): TableClientFactory =>
  hookedDuplicateIndexTables({ beforeTransaction: async (_table, actions) => gate()?.pass(actions) });

describe('the duplicate index after two quick changes of a case', () => {
  let gate: MergeGate | undefined;
  const tables = gatedTables(() => gate);
  const store = new TableCaseStore(tables);
  const since = (): OpeningWindow => ({ since: new Date(Date.now() - 60 * 60 * 1000), until: new Date() });

  beforeAll(() => ensureTables(tables));
  afterEach(() => gate?.release());

  it('given the move of an earlier title change that lands after the move of a later one, when similar cases look for candidates, then the case is found by its title as it is now and no more by the one in between', async () => {
    const tenantId = `dup-refile-order-${Date.now()}`;
    const { caseId } = await openStoredCase(store, tenantId);
    const opened = await store.get(tenantId, caseId);
    gate = new MergeGate('Sharepoint quota exceeded');

    // The first change is saved, and its move is held after it cleared the old title's entries.
    const firstChange = store.update(opened!, { ...opened!.supportCase, title: 'Sharepoint quota exceeded' }, []);
    await gate.reached;
    const between = await store.get(tenantId, caseId);
    // The second change is saved and moved completely; then the first move lands.
    await store.update(between!, { ...between!.supportCase, title: 'Intune enrollment fails for Android' }, []);
    gate.release();
    await firstChange;

    const now = (await store.get(tenantId, caseId))!.supportCase;
    expect(now.title).toBe('Intune enrollment fails for Android');
    const scope = duplicateScope(now);
    expect(await store.duplicateCandidates(tenantId, since(), scope, 'Sharepoint quota exceeded again')).toEqual([]);
    expect(await store.duplicateCandidates(tenantId, since(), scope, 'Intune enrollment fails')).toEqual([
      expect.objectContaining({ id: caseId, title: 'Intune enrollment fails for Android' }),
    ]);
  });

  it("given the move of a contact's change of mail domain that lands after the move of a later title change, when the new domain's cases look for candidates, then the case is found by its current title only", async () => {
    const tenantId = `dup-refile-domain-${Date.now()}`;
    const { caseId } = await openStoredCase(store, tenantId);
    const opened = (await store.get(tenantId, caseId))!;
    gate = new MergeGate('contoso.example');
    const contact = { ...opened.supportCase.contact, email: 'bob@contoso.example' };

    const firstChange = store.update(opened, { ...opened.supportCase, contact }, []);
    await gate.reached;
    const between = (await store.get(tenantId, caseId))!;
    await store.update(between, { ...between.supportCase, title: 'Defender quarantines payroll export' }, []);
    gate.release();
    await firstChange;

    const now = (await store.get(tenantId, caseId))!.supportCase;
    expect(now.contact.email).toBe('bob@contoso.example');
    const scope = duplicateScope(now);
    expect(await store.duplicateCandidates(tenantId, since(), scope, 'Teams meetings drop again')).toEqual([]);
    expect(await store.duplicateCandidates(tenantId, since(), scope, 'Defender quarantines payroll export')).toEqual([
      expect.objectContaining({
        id: caseId,
        title: 'Defender quarantines payroll export',
        contactDomain: 'contoso.example',
      }),
    ]);
  });
});
