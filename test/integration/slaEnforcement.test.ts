import type { SupportCase } from '../../shared/domain/case';
import { queueNames } from '../../shared/resourceNames';
import {
  caseNow,
  countByType,
  deliverDeadline,
  indexedDueTimes,
  openSlaCase,
  recordSlaHistory,
  runSweep,
  slaTenant,
  timelineOf,
} from '../fixtures/sla/slaDesk';
import { slaTestOffering } from '../fixtures/sla/slaOffering';
import { ManualClock } from '../support/manualClock';
import { startTestHost, type TestHost } from '../support/testHost';

/*
 * Service hours: Monday to Friday 08:00-18:00 Berlin, i.e. 07:00-17:00 UTC in winter. Severity B: first response within
 * 60 business minutes (warning at 45); severity A: 30 minutes around the clock. Each test runs in a week of its own in
 * 2035, far from the instants other test files use, and the clock only moves forward.
 */

describe('SLA enforcement through the timer function', () => {
  const clock = new ManualClock('2035-01-07T12:00:00Z');
  let desk: TestHost;

  beforeAll(async () => {
    desk = await startTestHost({ clock });
  });
  afterAll(() => desk.stop());

  /** Moves the clock and lets scheduled deadline messages and the timer that came due run. */
  async function at(instant: string): Promise<void> {
    clock.set(instant);
    await desk.host.idle();
  }

  it('given a case that passes its warning and breach, when two sweeps overlap and a deadline message is redelivered, then it gets exactly one warning, one breach and one ladder step', async () => {
    await at('2035-01-08T09:00:00Z');
    const tenant = await slaTenant(desk, slaTestOffering());
    const supportCase = await openSlaCase(desk, tenant, 'B');
    expect(supportCase.sla?.nextDueAt).toBe('2035-01-08T09:45:00.000Z');
    expect(await indexedDueTimes(desk, supportCase, '2035-01-08T09:00:00Z', '2035-01-08T23:59:00Z')).toEqual([
      '2035-01-08T09:45:00.000Z',
    ]);
    expect(desk.host.broker.queue(queueNames.slaDeadlines).acceptedMessageIds()).toContain(
      `sla-${supportCase.id}-${Date.parse('2035-01-08T09:45:00.000Z').toString(36)}`,
    );

    await at('2035-01-08T09:46:00Z');
    await Promise.all([runSweep(desk), runSweep(desk)]);
    expect(countByType(await timelineOf(desk, supportCase))).toMatchObject({ slaWarning: 1 });

    await at('2035-01-08T10:01:00Z');
    await Promise.all([runSweep(desk), runSweep(desk), deliverDeadline(desk, supportCase, '2035-01-08T10:00:00.000Z')]);
    await deliverDeadline(desk, supportCase, '2035-01-08T10:00:00.000Z');
    await desk.host.idle();
    await at('2035-01-08T10:05:00Z');
    await runSweep(desk);

    const counts = countByType(await timelineOf(desk, supportCase));
    expect([counts.slaWarning, counts.slaBreached, counts.escalated]).toEqual([1, 1, 1]);
    const read = await desk.request('GET', `/api/cases/${supportCase.id}`, { key: tenant.agentKey });
    expect(read.body).toMatchObject({ tier: 'tier2', escalationLevel: 1 });
    const firstResponse = { metric: 'firstResponse', cycle: 1 };
    expect(read.body.slaEventsEmitted).toEqual([
      { kind: 'warning', clock: firstResponse },
      { kind: 'breach', clock: firstResponse },
      { kind: 'breachEscalated', clock: firstResponse },
    ]);
    const escalated = read.body.timeline.find((event: { type: string }) => event.type === 'escalated');
    expect(escalated.summary).toBe('Escalated from Tier 1 to Tier 2: SLA breached: firstResponse');
    expect(read.body.timeline.find((event: { type: string }) => event.type === 'slaBreached').data).toMatchObject({
      clockKey: 'firstResponse',
      dueAt: '2035-01-08T10:00:00.000Z',
    });
  });

  it('given a breach is due, when the timer fires on its own schedule, then the breach is acted on within two minutes of its time', async () => {
    await at('2035-01-09T09:00:00Z');
    const tenant = await slaTenant(desk, slaTestOffering());
    const supportCase = await openSlaCase(desk, tenant, 'B');
    await at('2035-01-09T09:46:00Z');

    // Only the host's own scheduler and the scheduled deadline messages run from here on.
    await at('2035-01-09T10:00:30Z');
    await desk.host.idle();

    const breach = (await timelineOf(desk, supportCase)).find((event) => event.type === 'slaBreached');
    expect(breach).toBeDefined();
    expect(Date.parse(breach!.at) - Date.parse('2035-01-09T10:00:00Z')).toBeLessThanOrEqual(2 * 60_000);
  });

  describe('given a business-hours severity that breaches at closing time', () => {
    it('when swept in the evening, then the breach is recorded at once but the ladder step waits for the morning opening', async () => {
      // Opened 16:00 UTC (17:00 Berlin): 60 business minutes end exactly at closing, 17:00 UTC.
      await at('2035-01-15T16:00:00Z');
      const tenant = await slaTenant(desk, slaTestOffering());
      const supportCase = await openSlaCase(desk, tenant, 'B');
      expect(supportCase.sla?.clocks.find((slaClock) => slaClock.metric === 'firstResponse')?.dueAt).toBe(
        '2035-01-15T17:00:00.000Z',
      );

      await at('2035-01-15T17:01:00Z');
      await runSweep(desk);
      const evening = await caseNow(desk, supportCase);
      expect(countByType(await timelineOf(desk, supportCase))).toMatchObject({ slaBreached: 1, escalationDeferred: 1 });
      expect(evening).toMatchObject({ tier: 'tier1', escalationLevel: 0 });
      expect(evening.escalationDeferredUntil).toBe('2035-01-16T07:00:00.000Z');
      // The breach's staff alert, sent at once, stays on the outbox until a change takes it off (outbox.ts): the
      // sweep after its grace does, and the case is then filed under the opening.
      expect(await indexedDueTimes(desk, supportCase, '2035-01-15T17:01:00Z', '2035-01-16T07:00:00Z')).toEqual([
        '2035-01-15T17:02:00.000Z',
      ]);
      await at('2035-01-15T17:03:00Z');
      await runSweep(desk);
      const outbox = (await caseNow(desk, supportCase)).outbox;
      expect(outbox.filter((message) => message.queue === queueNames.staffAlerts)).toEqual([]);
      expect(await indexedDueTimes(desk, supportCase, '2035-01-15T17:03:00Z', '2035-01-16T07:00:00Z')).toEqual([
        '2035-01-16T07:00:00.000Z',
      ]);

      await at('2035-01-16T03:00:00Z');
      await runSweep(desk);
      expect((await caseNow(desk, supportCase)).tier).toBe('tier1');

      await at('2035-01-16T07:00:30Z');
      await Promise.all([runSweep(desk), runSweep(desk)]);

      const morning = await caseNow(desk, supportCase);
      expect(morning).toMatchObject({ tier: 'tier2', escalationLevel: 1 });
      expect(morning.escalationDeferredUntil).toBeUndefined();
      const counts = countByType(await timelineOf(desk, supportCase));
      expect([counts.slaBreached, counts.escalationDeferred, counts.escalated]).toEqual([1, 1, 1]);
    });
  });

  it('given a severity worked around the clock, when it breaches at night, then the ladder step is taken at once', async () => {
    await at('2035-01-22T22:00:00Z');
    const tenant = await slaTenant(desk, slaTestOffering());
    const supportCase = await openSlaCase(desk, tenant, 'A');

    await at('2035-01-22T22:31:00Z');
    await runSweep(desk);

    expect(await caseNow(desk, supportCase)).toMatchObject({ tier: 'tier2', escalationLevel: 1 });
    expect(countByType(await timelineOf(desk, supportCase))).toMatchObject({ slaBreached: 1, escalated: 1 });
  });

  it('given a case pending on the customer, then its deadlines move by the paused business time and nothing fires at the original times', async () => {
    await at('2035-01-29T09:00:00Z');
    const tenant = await slaTenant(desk, slaTestOffering());
    const supportCase = await openSlaCase(desk, tenant, 'B');

    await at('2035-01-29T09:20:00Z');
    const paused = await recordSlaHistory(desk, clock, supportCase, 'paused');
    expect(paused.sla?.nextDueAt).toBeNull();
    expect(await indexedDueTimes(desk, supportCase, '2035-01-29T09:20:00Z', '2035-01-29T23:59:00Z')).toEqual([]);

    await at('2035-01-29T10:05:00Z');
    await runSweep(desk);
    expect(countByType(await timelineOf(desk, supportCase))).not.toHaveProperty('slaBreached');

    // 70 minutes pending: the warning moves from 09:45 to 10:55 and the breach from 10:00 to 11:10.
    await at('2035-01-29T10:30:00Z');
    const resumed = await recordSlaHistory(desk, clock, supportCase, 'resumed');
    expect(resumed.sla?.nextDueAt).toBe('2035-01-29T10:55:00.000Z');
    expect(await indexedDueTimes(desk, supportCase, '2035-01-29T10:30:00Z', '2035-01-29T23:59:00Z')).toEqual([
      '2035-01-29T10:55:00.000Z',
    ]);

    await at('2035-01-29T10:56:00Z');
    await runSweep(desk);
    await at('2035-01-29T11:11:00Z');
    await runSweep(desk);

    const timeline = await timelineOf(desk, supportCase);
    expect(countByType(timeline)).toMatchObject({ slaWarning: 1, slaBreached: 1 });
    expect(timeline.find((event) => event.type === 'slaBreached')?.data).toMatchObject({
      dueAt: '2035-01-29T11:10:00.000Z',
    });
  });

  it('given the sweep alone (no deadline messages), when it comes after a gap, then it acts on every case that fell due meanwhile and a stale entry changes nothing', async () => {
    await at('2035-02-05T09:00:00Z');
    const tenant = await slaTenant(desk, slaTestOffering());
    const first = await openSlaCase(desk, tenant, 'B', 'technical', 'none');
    await at('2035-02-05T09:10:00Z');
    const second = await openSlaCase(desk, tenant, 'B', 'technical', 'none');
    // A hint left behind by a change whose previous entry could not be removed.
    await desk.desk.slaDue.move(tenant.tenantId, first.id, null, '2035-02-05T09:10:00.000Z');
    const untouched = await desk.desk.cases.get(tenant.tenantId, first.id);

    await at('2035-02-05T09:11:00Z');
    await runSweep(desk);
    expect((await desk.desk.cases.get(tenant.tenantId, first.id))?.etag).toBe(untouched?.etag);

    await at('2035-02-05T10:30:00Z');
    await runSweep(desk);

    for (const supportCase of [first, second]) {
      expect(await caseNow(desk, supportCase)).toMatchObject({ tier: 'tier2', escalationLevel: 1 });
      const counts = countByType(await timelineOf(desk, supportCase));
      expect([counts.slaWarning, counts.slaBreached, counts.escalated]).toEqual([undefined, 1, 1]);
    }
    expect((await desk.desk.slaDue.sweptUntil())?.toISOString()).toBe('2035-02-05T10:30:00.000Z');
  });

  it('given a day whose entries the sweep passed more than a day ago, when the first sweep after that midnight runs, then the day is dropped and the next day stays', async () => {
    await at('2035-03-05T09:00:00Z');
    const tenant = await slaTenant(desk, slaTestOffering());
    await desk.desk.slaDue.move(tenant.tenantId, 'long-gone-case', null, '2035-03-05T09:00:30.000Z');
    await at('2035-03-05T09:01:00Z');
    await runSweep(desk);
    await desk.desk.slaDue.move(tenant.tenantId, 'recent-case', null, '2035-03-06T09:30:30.000Z');
    const stillThere = async (): Promise<string[]> =>
      (await desk.desk.slaDue.dueBetween(new Date('2035-03-05T00:00:00Z'), new Date('2035-03-06T10:00:00Z')))
        .filter((entry) => entry.tenantId === tenant.tenantId)
        .map((entry) => entry.caseId);

    await at('2035-03-06T09:31:00Z');
    await runSweep(desk);
    await at('2035-03-06T23:59:00Z');
    await runSweep(desk);
    expect(await stillThere()).toEqual(['long-gone-case', 'recent-case']);

    await at('2035-03-07T00:01:00Z');
    await runSweep(desk);
    expect(await stillThere()).toEqual(['recent-case']);
  });

  it('given a case stored before SLA event records, with string keys, when sweeps and a redelivered deadline message come after the upgrade, then nothing emitted or escalated before happens again and the keys read as records', async () => {
    /** Writes the case back with slaEventsEmitted as string keys, as the desk stored it before the records. */
    async function storeAsBeforeRecords(supportCase: SupportCase, keys: string[]): Promise<void> {
      const current = await desk.desk.cases.get(supportCase.tenantId, supportCase.id);
      if (!current) throw new Error(`Case ${supportCase.id} vanished`);
      const document = { ...current.supportCase, slaEventsEmitted: keys } as unknown as SupportCase;
      if ((await desk.desk.cases.update(current, document, [])).kind !== 'saved')
        throw new Error('The old document was not stored');
    }
    const firstResponse = { metric: 'firstResponse', cycle: 1 };

    await at('2035-03-13T09:00:00Z');
    const tenant = await slaTenant(desk, slaTestOffering());
    const supportCase = await openSlaCase(desk, tenant, 'B');
    await at('2035-03-13T09:46:00Z');
    await runSweep(desk);
    await storeAsBeforeRecords(supportCase, ['firstResponse:warning']);
    expect((await caseNow(desk, supportCase)).slaEventsEmitted).toEqual([{ kind: 'warning', clock: firstResponse }]);

    await at('2035-03-13T10:01:00Z');
    await Promise.all([runSweep(desk), runSweep(desk), deliverDeadline(desk, supportCase, '2035-03-13T10:00:00.000Z')]);
    await desk.host.idle();
    let counts = countByType(await timelineOf(desk, supportCase));
    expect([counts.slaWarning, counts.slaBreached, counts.escalated]).toEqual([1, 1, 1]);

    await storeAsBeforeRecords(supportCase, [
      'firstResponse:warning',
      'firstResponse:breach',
      'firstResponse:escalated',
    ]);
    await at('2035-03-13T10:05:00Z');
    await Promise.all([runSweep(desk), deliverDeadline(desk, supportCase, '2035-03-13T10:00:00.000Z')]);
    await desk.host.idle();

    counts = countByType(await timelineOf(desk, supportCase));
    expect([counts.slaWarning, counts.slaBreached, counts.escalated]).toEqual([1, 1, 1]);
    const read = await desk.request('GET', `/api/cases/${supportCase.id}`, { key: tenant.agentKey });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ tier: 'tier2', escalationLevel: 1 });
    expect(read.body.slaEventsEmitted).toEqual([
      { kind: 'warning', clock: firstResponse },
      { kind: 'breach', clock: firstResponse },
      { kind: 'breachEscalated', clock: firstResponse },
    ]);
  });
});
