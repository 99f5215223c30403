import type { StoredCase } from '../../shared/ports/caseStore';
import { changeCase, changeCaseOnce } from '../../shared/services/caseUpdates';
import { startTestHost, type TestHost, type TestResponse } from '../support/testHost';
import { acceptedIdsFor, seedCase, tenantWithKeys, type TenantKeys } from './caseWorkFixtures';

/*
 * Portals and agent tools retry a write when they get no answer. With an Idempotency-Key the retry is safe: the work is
 * done once, the retry answers 200 with the case as it is now, and mail to the customer goes out at most once.
 */

type TimelineEntry = { type: string };

describe('retrying case writes with an Idempotency-Key', () => {
  let desk: TestHost;
  let tenant: TenantKeys;

  beforeAll(async () => {
    desk = await startTestHost();
    tenant = await tenantWithKeys(desk);
  });
  afterAll(() => desk.stop());

  const post = (
    caseId: string,
    what: string,
    key: string,
    body: unknown,
    idempotencyKey?: string,
  ): Promise<TestResponse> =>
    desk.request('POST', `/api/cases/${caseId}/${what}`, {
      key,
      body,
      headers: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {},
    });
  const timelineTypes = async (caseId: string): Promise<string[]> =>
    ((await desk.request('GET', `/api/cases/${caseId}`, { key: tenant.agent })).body.timeline as TimelineEntry[]).map(
      (entry) => entry.type,
    );
  const count = (types: string[], type: string): number => types.filter((candidate) => candidate === type).length;

  it('given an agent reply, when it is sent three times under one key, then there is one reply, answered 201 then 200, and one mail', async () => {
    const supportCase = await seedCase(desk, tenant.tenantId, { status: 'in_progress' });

    const answers = [];
    for (let attempt = 0; attempt < 3; attempt += 1)
      answers.push(await post(supportCase.id, 'replies', tenant.agent, { text: 'Please restart the VM.' }, 'reply-1'));

    expect(answers.map((answer) => answer.status)).toEqual([201, 200, 200]);
    expect(answers[2]?.headers.get('etag')).toBe(answers[0]?.headers.get('etag'));
    expect(count(await timelineTypes(supportCase.id), 'agentReply')).toBe(1);
    expect(
      acceptedIdsFor(desk, 'notifications', supportCase.id).filter((id) => id.includes('agentReply')),
    ).toHaveLength(1);
  });

  it('given five retries of a customer reply arriving at once, when they are taken, then the reply is on the case once', async () => {
    const supportCase = await seedCase(desk, tenant.tenantId, { status: 'pending_customer' });

    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        post(supportCase.id, 'customer-replies', tenant.portal, { text: 'It works again.' }, 'customer-reply-1'),
      ),
    );

    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(count(await timelineTypes(supportCase.id), 'customerMessage')).toBe(1);
  });

  it('given a key already used, when it comes with a different body, then 409 idempotencyKeyReused and nothing changes', async () => {
    const supportCase = await seedCase(desk, tenant.tenantId, { status: 'in_progress' });
    expect((await post(supportCase.id, 'notes', tenant.agent, { text: 'Checked the logs.' }, 'note-1')).status).toBe(
      201,
    );

    const reused = await post(supportCase.id, 'notes', tenant.agent, { text: 'Something else.' }, 'note-1');

    expect(reused.status).toBe(409);
    expect(reused.body.code).toBe('idempotencyKeyReused');
    expect(count(await timelineTypes(supportCase.id), 'note')).toBe(1);
  });

  it('given a resolution, when it is retried after the case was resolved, then the retry answers 200 instead of refusing the move, with one notice', async () => {
    const supportCase = await seedCase(desk, tenant.tenantId, { status: 'in_progress' });

    const first = await post(
      supportCase.id,
      'transitions',
      tenant.agent,
      { to: 'resolved', reason: 'Restarted the host.' },
      'resolve-1',
    );
    const retry = await post(
      supportCase.id,
      'transitions',
      tenant.agent,
      { to: 'resolved', reason: 'Restarted the host.' },
      'resolve-1',
    );
    const withoutKey = await post(supportCase.id, 'transitions', tenant.agent, {
      to: 'resolved',
      reason: 'Restarted the host.',
    });

    expect([first.status, retry.status, withoutKey.status]).toEqual([200, 200, 409]);
    expect(retry.body.status).toBe('resolved');
    expect(
      acceptedIdsFor(desk, 'notifications', supportCase.id).filter((id) => id.includes('resolution')),
    ).toHaveLength(1);
  });

  it('given the mail queue fails after a reply was saved, when the client retries under the same key, then the reply was accepted, stays single and its mail goes out once', async () => {
    const supportCase = await seedCase(desk, tenant.tenantId, { status: 'in_progress' });
    const publish = desk.desk.publisher.publish.bind(desk.desk.publisher);
    const refusing = jest.spyOn(desk.desk.publisher, 'publish').mockImplementation(async (queue, message) => {
      if (queue === 'notifications') throw new Error('Service Bus is unavailable');
      return publish(queue, message);
    });

    const failed = await post(supportCase.id, 'replies', tenant.agent, { text: 'We replaced the disk.' }, 'reply-2');
    refusing.mockRestore();
    const retried = await post(supportCase.id, 'replies', tenant.agent, { text: 'We replaced the disk.' }, 'reply-2');

    // The mail waits on the case's outbox, so the queue's failure is not the client's: the reply is accepted at once.
    expect([failed.status, retried.status]).toEqual([201, 200]);
    expect(count(await timelineTypes(supportCase.id), 'agentReply')).toBe(1);
    expect(
      acceptedIdsFor(desk, 'notifications', supportCase.id).filter((id) => id.includes('agentReply')),
    ).toHaveLength(1);
  });

  it('given a note written under a key, when the case changed before the retry, then the retry adds nothing and answers the case as it is now', async () => {
    const supportCase = await seedCase(desk, tenant.tenantId, { status: 'in_progress' });
    await post(supportCase.id, 'notes', tenant.agent, { text: 'First look.' }, 'note-2');
    const other = await post(supportCase.id, 'notes', tenant.agent, { text: 'Second look.' });

    const retry = await post(supportCase.id, 'notes', tenant.agent, { text: 'First look.' }, 'note-2');

    expect(retry.status).toBe(200);
    expect(retry.headers.get('etag')).toBe(other.headers.get('etag'));
    expect(count(await timelineTypes(supportCase.id), 'note')).toBe(2);
  });
});

describe('changeCase answering what the change decided', () => {
  let desk: TestHost;
  let tenant: TenantKeys;

  beforeAll(async () => {
    desk = await startTestHost();
    tenant = await tenantWithKeys(desk);
  });
  afterAll(() => desk.stop());

  it('given a concurrent write between an attempt and its save, when the change runs again, then it answers the result and the case before of the attempt that was saved, not of the first', async () => {
    const supportCase = await seedCase(desk, tenant.tenantId, { status: 'in_progress' });
    let attempts = 0;
    let meanwhile: StoredCase | undefined;

    const changed = await changeCase(
      desk.desk.cases,
      tenant.tenantId,
      supportCase.id,
      (current) => {
        attempts += 1;
        const result = { attempt: attempts, titleSeen: current.supportCase.title };
        return { next: { ...current.supportCase, assignee: `agent-${attempts}` }, events: [], result };
      },
      {
        // Someone else saves the case after the first attempt decided and before its save, which then finds it stale.
        beforeSave: async (current) => {
          if (meanwhile) return;
          const saved = await desk.desk.cases.update(
            current,
            { ...current.supportCase, title: 'Renamed meanwhile' },
            [],
          );
          if (saved.kind !== 'saved') throw new Error('The concurrent write did not land');
          meanwhile = saved.stored;
        },
      },
    );

    expect(attempts).toBe(2);
    expect(changed.result).toEqual({ attempt: 2, titleSeen: 'Renamed meanwhile' });
    expect(changed.before.etag).toBe(meanwhile?.etag);
    expect(changed.stored.supportCase).toMatchObject({ title: 'Renamed meanwhile', assignee: 'agent-2' });
    expect((await desk.desk.cases.get(tenant.tenantId, supportCase.id))?.etag).toBe(changed.stored.etag);
  });

  it('given a change that keeps the case as it is, then it answers the case as read, as both before and stored, with its result or none', async () => {
    const supportCase = await seedCase(desk, tenant.tenantId, { status: 'in_progress' });
    const read = await desk.desk.cases.get(tenant.tenantId, supportCase.id);

    const kept = await changeCase(desk.desk.cases, tenant.tenantId, supportCase.id, (current) => ({
      result: current.supportCase.status,
    }));
    const untouched = await changeCase(desk.desk.cases, tenant.tenantId, supportCase.id, () => undefined);

    expect(kept.result).toBe('in_progress');
    expect(kept.stored).toBe(kept.before);
    expect(kept.stored.etag).toBe(read?.etag);
    expect(untouched.result).toBeUndefined();
    expect(untouched.stored.etag).toBe(read?.etag);
  });

  it('given an Idempotency-Key, when the change runs once and then again under the key, then the first answers its result and the second the claim', async () => {
    const supportCase = await seedCase(desk, tenant.tenantId, { status: 'in_progress' });
    const claim = { key: `test:${supportCase.id}`, requestHash: 'h' };
    const assign = (assignee: string) =>
      changeCaseOnce(
        desk.desk.cases,
        tenant.tenantId,
        supportCase.id,
        (current) => ({ next: { ...current.supportCase, assignee }, events: [], result: assignee }),
        claim,
      );

    const first = await assign('agent-1');
    const second = await assign('agent-2');

    expect(first).toMatchObject({ kind: 'changed', result: 'agent-1' });
    expect(second).toMatchObject({ kind: 'replayed', claim: { requestHash: claim.requestHash } });
    expect(second.stored.supportCase.assignee).toBe('agent-1');
  });
});
