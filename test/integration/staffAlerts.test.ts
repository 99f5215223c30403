import { randomUUID } from 'node:crypto';
import { queueNames } from '../../shared/resourceNames';
import { openSlaCase, runSweep, slaTenant, type SlaTenant } from '../fixtures/sla/slaDesk';
import { slaTestOffering } from '../fixtures/sla/slaOffering';
import { ManualClock } from '../support/manualClock';
import { teamsReceiver, type TeamsReceiver } from '../support/teamsReceiver';
import { startTestHost, type TestHost } from '../support/testHost';

/*
 * People are told before and at a breach: the SLA enforcement raises one staff alert per clock event, which mails the
 * assignee (or the agents of the case's tier) through the notifications queue and posts one Adaptive Card to the
 * tenant's Teams Workflows webhook. The webhook here is a local HTTP receiver that answers as Workflows does (202), or
 * with the failures a test asks for. Severity B: first response within 60 business minutes, warning at 45.
 */

describe('staff alerts: people are told of SLA warnings and breaches', () => {
  const clock = new ManualClock('2036-02-04T08:00:00Z');
  let desk: TestHost;
  let teams: TeamsReceiver;

  beforeAll(async () => {
    desk = await startTestHost({ clock, maxDeliveryCount: 3 });
    teams = await teamsReceiver();
  });
  afterAll(async () => {
    await desk.stop();
    await teams.close();
  });

  async function at(instant: string): Promise<void> {
    clock.set(instant);
    await desk.host.idle();
  }

  async function tenantWithAgents(): Promise<SlaTenant> {
    const tenant = await slaTenant(
      desk,
      slaTestOffering({ teamsWebhookUrl: teams.url, consoleUrl: 'https://desk.contoso-partner.example/console' }),
    );
    for (const [id, tiers, role] of [
      ['kim', ['tier1'], 'agent'],
      ['lee', ['tier1'], 'agent'],
      ['sam', ['tier2'], 'admin'],
    ] as const) {
      const saved = await desk.request('PUT', `/api/agents/${id}`, {
        key: tenant.adminKey,
        body: {
          name: `Agent ${id}`,
          email: `${id}@partner.example`,
          role,
          entra: { tenantId: randomUUID(), objectId: randomUUID() },
          tiers,
        },
      });
      expect(saved.status).toBe(201);
    }
    return tenant;
  }

  /** The alert mails about one case: they link to it by id (case numbers repeat across tenants). */
  type KeptMail = { to: string[]; subject: string; text: string; headers: Record<string, string> };
  async function mailsAbout(caseId: string): Promise<KeptMail[]> {
    await desk.host.idle();
    const answer = await desk.request('GET', '/admin/mail');
    expect(answer.status).toBe(200);
    const mails: KeptMail[] = answer.body;
    return mails.filter((mail) => mail.text.includes(`/cases/${caseId}`));
  }

  const postsAbout = (caseId: string): unknown[] =>
    teams.posts.filter((post) => JSON.stringify(post).includes(`/cases/${caseId}`));

  it('given an unassigned case, when it passes its warning and overlapping sweeps run, then each tier 1 agent gets one mail and Teams one card with the case facts and link', async () => {
    await at('2036-02-04T09:00:00Z');
    const tenant = await tenantWithAgents();
    const supportCase = await openSlaCase(desk, tenant, 'B');

    await at('2036-02-04T09:46:00Z');
    await Promise.all([runSweep(desk), runSweep(desk)]);
    await runSweep(desk);

    const mails = await mailsAbout(supportCase.id);
    expect(mails.map((mail) => mail.to).sort()).toEqual([['kim@partner.example'], ['lee@partner.example']]);
    expect(mails[0]?.subject).toBe(
      `[${supportCase.caseNumber}] SLA warning: ${supportCase.caseNumber} ${supportCase.title}`,
    );
    expect(mails[0]?.text).toContain('Due: 2036-02-04T10:00:00.000Z');
    expect(mails[0]?.headers).toMatchObject({ 'Auto-Submitted': 'auto-generated' });
    const posts = postsAbout(supportCase.id);
    expect(posts).toHaveLength(1);
    const card = (posts[0] as { attachments: { contentType: string; content: Record<string, unknown> }[] })
      .attachments[0];
    expect(card?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card?.content).toMatchObject({
      type: 'AdaptiveCard',
      body: [
        { type: 'TextBlock', text: `SLA warning: ${supportCase.caseNumber} ${supportCase.title}` },
        {
          type: 'FactSet',
          facts: expect.arrayContaining([
            { title: 'Customer', value: 'Fabrikam Ltd' },
            { title: 'Severity', value: 'B' },
            { title: 'Clock', value: 'First response' },
            { title: 'Due', value: '2036-02-04T10:00:00.000Z' },
          ]),
        },
      ],
      actions: [
        {
          type: 'Action.OpenUrl',
          url: `https://desk.contoso-partner.example/console/cases/${supportCase.id}`,
        },
      ],
    });
  });

  it('given a case assigned to an agent, when it breaches, then only that agent is mailed', async () => {
    await at('2036-02-05T09:00:00Z');
    const tenant = await tenantWithAgents();
    const supportCase = await openSlaCase(desk, tenant, 'B');
    const assigned = await desk.request('POST', `/api/cases/${supportCase.id}/assignment`, {
      key: tenant.agentKey,
      body: { assignee: 'kim' },
    });
    expect(assigned.status).toBe(200);

    await at('2036-02-05T10:01:00Z');
    await runSweep(desk);

    const mails = await mailsAbout(supportCase.id);
    expect(mails.map((mail) => [mail.to, mail.subject.split(':')[0]])).toEqual([
      [['kim@partner.example'], `[${supportCase.caseNumber}] SLA breached`],
    ]);
  });

  it('given the alert is delivered again after Teams took it, then Teams gets no second card and nobody a second mail', async () => {
    await at('2036-02-06T09:00:00Z');
    const tenant = await tenantWithAgents();
    const supportCase = await openSlaCase(desk, tenant, 'B');
    await at('2036-02-06T09:46:00Z');
    await runSweep(desk);
    await desk.host.idle();
    const alertId = `alert-${supportCase.id}-slaWarning-firstResponse`;
    const alert = desk.host.broker.queue(queueNames.staffAlerts).acceptedMessageIds().includes(alertId);
    expect(alert).toBe(true);

    const body = {
      alertId,
      kind: 'slaWarning',
      tenantId: tenant.tenantId,
      caseId: supportCase.id,
      caseNumber: supportCase.caseNumber,
      title: supportCase.title,
      customerName: 'Fabrikam Ltd',
      severity: 'B',
      clock: { metric: 'firstResponse', cycle: 1 },
      dueAt: '2036-02-06T10:00:00.000Z',
      raisedAt: '2036-02-06T09:46:00.000Z',
    };
    // A redelivery after a lost lock: the same body under a new message id, which the queue cannot drop.
    await desk.host.broker.publish(queueNames.staffAlerts, { body, messageId: `${alertId}-again` });
    await desk.host.idle();

    expect(postsAbout(supportCase.id)).toHaveLength(1);
    expect(await mailsAbout(supportCase.id)).toHaveLength(2);
  });

  it('given Teams throttles the first post, then the alert is retried and posted once; given Teams refuses it, then the alert is dead-lettered with the reason', async () => {
    await at('2036-02-07T09:00:00Z');
    const tenant = await tenantWithAgents();
    const throttled = await openSlaCase(desk, tenant, 'B');
    teams.failures.push({ match: `/cases/${throttled.id}`, status: 429 });
    await at('2036-02-07T09:46:00Z');
    await runSweep(desk);
    await desk.host.idle();
    expect(postsAbout(throttled.id)).toHaveLength(1);
    expect(await mailsAbout(throttled.id)).toHaveLength(2);

    const refused = await openSlaCase(desk, tenant, 'B');
    teams.failures.push({ match: `/cases/${refused.id}`, status: 404 });
    await at('2036-02-07T10:32:00Z');
    await runSweep(desk);
    await desk.host.idle();
    expect(postsAbout(refused.id)).toHaveLength(0);
    const letters = desk.host.broker
      .queue(queueNames.staffAlerts)
      .deadLetters()
      .filter((letter) => JSON.stringify(letter.body).includes(refused.id));
    expect(letters).toEqual([expect.objectContaining({ deadLetterReason: 'TeamsWebhookRefused' })]);
  });

  it('given the webhook answers with a redirect, when an alert is posted, then the desk does not follow it and the alert is dead-lettered as refused', async () => {
    await at('2036-02-08T09:00:00Z');
    const tenant = await tenantWithAgents();
    const redirected = await openSlaCase(desk, tenant, 'B');
    teams.failures.push({ match: `/cases/${redirected.id}`, status: 307 });

    await at('2036-02-08T09:46:00Z');
    await runSweep(desk);
    await desk.host.idle();

    expect(teams.redirected).toEqual([]);
    const letters = desk.host.broker
      .queue(queueNames.staffAlerts)
      .deadLetters()
      .filter((letter) => JSON.stringify(letter.body).includes(redirected.id));
    expect(letters).toEqual([expect.objectContaining({ deadLetterReason: 'TeamsWebhookRefused' })]);
  });
});
