import { TableClient } from '@azure/data-tables';
import { TableCaseStore } from '../../shared/adapters/tables/tableCaseStore';
import { TablePersonalDataStore } from '../../shared/adapters/tables/tableRetention';
import { ensureTables, type TableClientFactory } from '../../shared/adapters/tables/tableClients';
import type { TimelineEvent } from '../../shared/domain/case';
import { eraseFromEvent } from '../../shared/domain/retention';
import { tableNames, type TableKey } from '../../shared/resourceNames';
import { agentNote, openStoredCase } from '../support/storedCases';
import { changeCase } from '../../shared/services/caseUpdates';

/*
 * The case row's timeline tail (timelineRows.ts) under races, at its budget, through erasure and beside an earlier
 * version's writes. Writers, readers and erasure run against Azurite; a hook on the cases table client lets a concurrent
 * write land at an exact point of another operation.
 */

type Hook = (method: string, args: unknown[]) => Promise<void> | void;

function client(table: TableKey): TableClient {
  return TableClient.fromConnectionString(process.env.CaseStorage ?? '', tableNames[table], {
    allowInsecureConnection: true,
  });
}

/** A factory whose cases table calls `hook` before each call of a method (once per call, listEntities at its start). */
function hooked(hook: { current?: Hook }): TableClientFactory {
  const factory = (table: TableKey): TableClient => {
    const real = client(table);
    if (table !== 'cases') return real;
    return new Proxy(real, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== 'function') return value;
        const method = String(property);
        if (method === 'listEntities') {
          return (...args: unknown[]) => {
            const iterator = (value as (...a: unknown[]) => AsyncIterableIterator<unknown>).apply(target, args);
            let started = false;
            const wrapped = {
              async next() {
                if (!started) {
                  started = true;
                  await hook.current?.(method, args);
                }
                return iterator.next();
              },
              [Symbol.asyncIterator]() {
                return wrapped;
              },
              byPage: (iterator as unknown as { byPage: unknown }).byPage,
            };
            return wrapped;
          };
        }
        return async (...args: unknown[]) => {
          await hook.current?.(method, args);
          return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        };
      },
    });
  };
  return Object.assign(factory, { existingSuffixes: async () => [] });
}

const plain: TableClientFactory = Object.assign(client, { existingSuffixes: async () => [] });

const textOf = (event: TimelineEvent): string | undefined => (event.data as { text?: string } | undefined)?.text;

/** Adds notes to the case through a store of its own, retrying on stale versions as services do. */
async function addNotes(tenantId: string, caseId: string, texts: string[]): Promise<void> {
  const store = new TableCaseStore(plain);
  await changeCase(store, tenantId, caseId, (current) => ({ next: current.supportCase, events: texts.map(agentNote) }));
}

function expectWhole(timeline: TimelineEvent[], eventCount: number): void {
  expect(timeline.map((event) => event.seq)).toEqual(Array.from({ length: eventCount }, (_, index) => index + 1));
}

describe('the timeline tail of a case row', () => {
  const plainStore = new TableCaseStore(plain);
  beforeAll(() => ensureTables(plain));

  it('given eight writers adding notes to one case at once, some of them flushing the tail, then every note is in the timeline once, in seq order, and EventCount matches', async () => {
    const tenantId = `tail-race-${Date.now()}`;
    const caseId = (await openStoredCase(plainStore, tenantId)).caseId;
    const texts = Array.from({ length: 8 }, (_, index) => `${index}:${'w'.repeat(index % 2 === 0 ? 7_000 : 50)}`);

    await Promise.all(texts.map((text) => addNotes(tenantId, caseId, [text])));

    const stored = (await plainStore.get(tenantId, caseId))!;
    const timeline = await plainStore.timeline(tenantId, caseId);
    expectWhole(timeline, stored.eventCount);
    expect(
      timeline
        .map(textOf)
        .filter((text) => text !== undefined)
        .sort(),
    ).toEqual([...texts].sort());
  });

  it('given a reader that read the case row, when a write moves the tail into a row before the reader lists rows, then the reader sees the timeline as of its case-row read, each entry once', async () => {
    const tenantId = `tail-read-${Date.now()}`;
    const caseId = (await openStoredCase(plainStore, tenantId)).caseId;
    await addNotes(tenantId, caseId, ['x'.repeat(17_000)]);
    await addNotes(tenantId, caseId, ['small one']);
    const before = await plainStore.timeline(tenantId, caseId);
    const hook: { current?: Hook } = {};
    const reader = new TableCaseStore(hooked(hook));
    let fired = false;
    hook.current = async (method) => {
      if (method !== 'listEntities') return;
      hook.current = undefined;
      fired = true;
      await addNotes(tenantId, caseId, ['y'.repeat(17_000)]);
    };

    const read = await reader.timeline(tenantId, caseId);

    expect(fired).toBe(true);
    expect(read).toEqual(before);
    const after = await plainStore.timeline(tenantId, caseId);
    expectWhole(after, (await plainStore.get(tenantId, caseId))!.eventCount);
  });

  it.each(['after the case row is read', 'after the rows are rewritten'])(
    'given a person named in the tail, when a write moves the tail into a row %s by the erasure, then no entry keeps their text',
    async (when) => {
      const tenantId = `tail-erase-${Date.now()}-${when.length}`;
      const caseId = (await openStoredCase(plainStore, tenantId)).caseId;
      await addNotes(tenantId, caseId, ['the caller was SECRET-PERSON', 'SECRET-PERSON called again']);
      const hook: { current?: Hook } = {};
      const personalData = new TablePersonalDataStore(hooked(hook));
      let reads = 0;
      let fired = false;
      hook.current = async (method) => {
        const trigger =
          when === 'after the case row is read'
            ? method === 'listEntities'
            : method === 'submitTransaction' || method === 'updateEntity';
        if (method === 'getEntity') reads += 1;
        if (!trigger || reads === 0) return;
        hook.current = undefined;
        fired = true;
        await addNotes(tenantId, caseId, [`SECRET-PERSON ${'z'.repeat(17_000)}`]);
      };

      const rewritten = await personalData.rewriteTimeline(tenantId, caseId, (event) =>
        JSON.parse(JSON.stringify(event).replace(/SECRET-PERSON/g, '[erased]')),
      );

      expect(fired).toBe(true);
      const timeline = await plainStore.timeline(tenantId, caseId);
      expectWhole(timeline, (await plainStore.get(tenantId, caseId))!.eventCount);
      expect(JSON.stringify(timeline)).not.toContain('SECRET-PERSON');
      // Two tail entries, and the one the concurrent write added (in a row by the time the erasure is done).
      expect(rewritten).toBeGreaterThanOrEqual(2);
    },
  );

  it('given a tail at exactly the budget, then a write of no entries keeps it, a one-character larger one moves it to a row, and the timeline is whole either way', async () => {
    const tenantId = `tail-budget-${Date.now()}`;
    const caseId = (await openStoredCase(plainStore, tenantId)).caseId;
    const row = await client('cases').getEntity<Record<string, unknown>>(tenantId, `case|${caseId}`);
    const tailLength = String(row.TimelineTail).length;
    const fixed = { ...agentNote(''), at: '2036-01-01T00:00:00.000Z' };
    let current = (await plainStore.get(tenantId, caseId))!;
    const probe = JSON.stringify([
      ...JSON.parse(String(row.TimelineTail)),
      { ...fixed, seq: current.eventCount + 1 },
    ]).length;
    const fill = 16_000 - probe;
    expect(tailLength).toBeLessThan(16_000);
    const exact = await plainStore.update(current, current.supportCase, [
      { ...fixed, data: { text: 'e'.repeat(fill) } },
    ]);
    if (exact.kind !== 'saved') throw new Error('not saved');
    const atBudget = await client('cases').getEntity<Record<string, unknown>>(tenantId, `case|${caseId}`);
    expect(String(atBudget.TimelineTail).length).toBe(16_000);

    current = exact.stored;
    const none = await plainStore.update(current, current.supportCase, []);
    if (none.kind !== 'saved') throw new Error('not saved');
    expect(String((await client('cases').getEntity(tenantId, `case|${caseId}`)).TimelineTail).length).toBe(16_000);
    const one = await plainStore.update(none.stored, none.stored.supportCase, [agentNote('')]);
    if (one.kind !== 'saved') throw new Error('not saved');
    expect((await client('cases').getEntity(tenantId, `case|${caseId}`)).TimelineTail).toBe('[]');
    const timeline = await plainStore.timeline(tenantId, caseId);
    expectWhole(timeline, one.stored.eventCount);
  });
});

describe('the timeline tail of a case row against its limits and earlier versions', () => {
  const store = new TableCaseStore(plain);
  const personalData = new TablePersonalDataStore(plain);
  beforeAll(() => ensureTables(plain));

  it('given a tail near its budget that names a short-named person many times, when the person is erased, then the stored tail still fits one Table Storage string property (32K UTF-16 characters)', async () => {
    const tenantId = `tail-grow-${Date.now()}`;
    const caseId = (await openStoredCase(store, tenantId)).caseId;
    // An agent's pasted sign-in log: the person's name on every entry.
    const log = 'Ann '.repeat(3_750);
    await addNotes(tenantId, caseId, [log]);
    const before = await client('cases').getEntity<Record<string, unknown>>(tenantId, `case|${caseId}`);
    expect(String(before.TimelineTail)).toContain(log);

    const person = { address: 'ann@contoso.example', names: ['Ann'] };
    await personalData.rewriteTimeline(tenantId, caseId, (event) => eraseFromEvent(event, person, false));

    const after = await client('cases').getEntity<Record<string, unknown>>(tenantId, `case|${caseId}`);
    expect(String(after.TimelineTail)).not.toContain('Ann ');
    expect(String(after.TimelineTail).length).toBeLessThanOrEqual(32_767);
    const timeline = await store.timeline(tenantId, caseId);
    expectWhole(timeline, Number(after.EventCount));
    expect(JSON.stringify(timeline)).not.toContain('Ann ');
  });

  it('given a case whose tail the new version wrote, when an instance of the earlier version (still running during a deployment, or after a rollback) adds an entry as it did, then the new version reads every entry once, in order', async () => {
    const tenantId = `tail-mixed-${Date.now()}`;
    const caseId = (await openStoredCase(store, tenantId)).caseId;
    await addNotes(tenantId, caseId, ['written by the new version']);
    const stored = (await store.get(tenantId, caseId))!;
    // The earlier version's write: the case row merged without TimelineTail, the entry in a row of its own.
    const seq = stored.eventCount + 1;
    await client('cases').submitTransaction([
      ['update', { partitionKey: tenantId, rowKey: `case|${caseId}`, EventCount: seq }, 'Merge', { etag: stored.etag }],
      [
        'create',
        {
          partitionKey: tenantId,
          rowKey: `event|${caseId}|${String(seq).padStart(6, '0')}`,
          DocColumns: 1,
          Doc0: JSON.stringify([{ ...agentNote('written by the earlier version'), seq }]),
        },
      ],
    ]);

    const timeline = await store.timeline(tenantId, caseId);

    expectWhole(timeline, seq);
    expect(timeline.slice(-2).map(textOf)).toEqual(['written by the new version', 'written by the earlier version']);
  });
});
