import { queueNames } from '../../shared/resourceNames';
import type { CaseStore } from '../../shared/ports/caseStore';
import { enforceCaseSla, sweepDueCases } from '../../shared/services/slaEnforcement';
import { countByType, indexedDueTimes, openSlaCase, slaTenant, timelineOf } from '../fixtures/sla/slaDesk';
import { slaTestOffering } from '../fixtures/sla/slaOffering';
import { functionFilesFor } from '../../scripts/localHost/functionApp';
import { ManualClock } from '../support/manualClock';
import { startTestHost, type TestHost } from '../support/testHost';

/*
 * A process may stop between any two storage requests. Here nothing acts on the SLA on its own: the host runs without
 * the sweep timer and the deadline-message function, and the test calls the enforcement itself. Severity B: warning
 * at 09:45, breach at 10:00 (UTC, Berlin office hours); a week of its own in 2035.
 */

/** A case store whose process stops right after a case was saved: the save lands, nothing after it runs. */
function stopsAfterSave(cases: CaseStore): CaseStore {
  return {
    create: (...args) => cases.create(...args),
    get: (...args) => cases.get(...args),
    exists: (...args) => cases.exists(...args),
    timeline: (...args) => cases.timeline(...args),
    list: (...args) => cases.list(...args),
    count: (...args) => cases.count(...args),
    findByLookup: (...args) => cases.findByLookup(...args),
    findByLookups: (...args) => cases.findByLookups(...args),
    openedBetween: (...args) => cases.openedBetween(...args),
    duplicateCandidates: (...args) => cases.duplicateCandidates(...args),
    findClaim: (...args) => cases.findClaim(...args),
    update: async (current, next, events, lookupKeys) => {
      await cases.update(current, next, events, lookupKeys);
      throw new Error('the process stopped');
    },
  };
}

describe('SLA due-time filing when a process stops midway', () => {
  const clock = new ManualClock('2035-05-07T08:00:00Z');
  let desk: TestHost;

  beforeAll(async () => {
    const functionFiles = functionFilesFor('functions/*.ts', `${__dirname}/../..`).filter(
      (file) => !/sla(Sweep|Deadline)\.ts$/.test(file),
    );
    desk = await startTestHost({ clock, functionFiles });
  });
  afterAll(() => desk.stop());

  it('given a case saved with its warning acted on, when the process stops right after the save, then the case is already filed under its breach and the next sweep acts on it once', async () => {
    clock.set('2035-05-07T09:00:00Z');
    const tenant = await slaTenant(desk, slaTestOffering());
    const supportCase = await openSlaCase(desk, tenant, 'B', 'technical', 'none');
    clock.set('2035-05-07T09:46:00Z');

    await expect(
      enforceCaseSla({ ...desk.desk, cases: stopsAfterSave(desk.desk.cases) }, tenant.tenantId, supportCase.id),
    ).rejects.toThrow('the process stopped');

    expect(countByType(await timelineOf(desk, supportCase))).toMatchObject({ slaWarning: 1 });
    // The warning's staff alert was saved on the outbox but never sent: the case is due a minute later to send it.
    expect(await indexedDueTimes(desk, supportCase, '2035-05-07T09:46:00Z', '2035-05-07T23:59:00Z')).toEqual([
      '2035-05-07T09:47:00.000Z',
    ]);

    clock.set('2035-05-07T10:01:00Z');
    const report = await sweepDueCases(desk.desk);

    // The due index is the desk's, shared with every test file's tenants (some leave unreadable rows on purpose).
    expect(report.failures.filter((failure) => failure.tenantId === tenant.tenantId)).toEqual([]);
    const counts = countByType(await timelineOf(desk, supportCase));
    expect([counts.slaWarning, counts.slaBreached, counts.escalated]).toEqual([1, 1, 1]);
    expect(desk.host.broker.queue(queueNames.staffAlerts).acceptedMessageIds()).toEqual(
      expect.arrayContaining([`alert-${supportCase.id}-slaWarning-firstResponse`]),
    );
  });
});
