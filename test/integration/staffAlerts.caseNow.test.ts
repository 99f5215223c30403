import { randomUUID } from 'node:crypto';
import { InvocationContext } from '@azure/functions';
import type { SupportCase } from '../../shared/domain/case';
import { staffAlertFor, type StaffAlert, type StaffAlertKind } from '../../shared/domain/staffAlerts';
import { caseGoneLogLine } from '../../shared/messaging/queueFunction';
import { queueNames } from '../../shared/resourceNames';
import { changeCase } from '../../shared/services/caseUpdates';
import { alertStaff } from '../../functions/alertStaff';
import { slaTenant, type SlaTenant } from '../fixtures/sla/slaDesk';
import { slaTestOffering } from '../fixtures/sla/slaOffering';
import { keptMailOf, staffAlertMailOf } from '../support/keptMail';
import { teamsReceiver, type TeamsReceiver } from '../support/teamsReceiver';
import { startTestHost, type TestHost } from '../support/testHost';
import { caseHandedToProvider, newCaseBody, putDirectoryAgent, removeAsPurged } from './caseWorkFixtures';

/*
 * A staff alert waits on the `staff-alerts` queue between the SLA enforcement that raised it and its delivery. It is
 * delivered to the case as it is then: a case that is gone tells nobody, a case resolved or closed meanwhile tells
 * nobody (its clocks stopped), a case reassigned meanwhile tells its new assignee, and a case its owner's escalation
 * ladder handed to a provider tells the provider's staff, who work it. Through the local host on Azurite; the alerts
 * are put on the queue as the enforcement raises them (staffAlertFor), and the tenants' Teams webhook is a local
 * receiver.
 */
describe('staff alerts are delivered to the case as it is when they arrive', () => {
  let desk: TestHost;
  let teams: TeamsReceiver;

  beforeAll(async () => {
    desk = await startTestHost({ maxDeliveryCount: 3 });
    teams = await teamsReceiver();
  });
  afterAll(async () => {
    await desk.stop();
    await teams.close();
  });

  const consoleOf = (name: string): string => `https://desk.${name}.example/console`;

  /** A tenant with a Teams webhook and a console, and tier 1 agents kim and lee in its directory. */
  async function tenantWithAgents(): Promise<SlaTenant> {
    const tenant = await slaTenant(desk, slaTestOffering({ teamsWebhookUrl: teams.url, consoleUrl: consoleOf('own') }));
    await putDirectoryAgent(desk, tenant.adminKey, 'kim', 'Kim Agent');
    await putDirectoryAgent(desk, tenant.adminKey, 'lee', 'Lee Agent');
    return tenant;
  }

  async function openCase(tenant: SlaTenant, body: object = newCaseBody): Promise<SupportCase> {
    const opened = await desk.request('POST', '/api/cases', { key: tenant.agentKey, body });
    expect(opened.status).toBe(201);
    await desk.host.idle();
    return caseNow(tenant.tenantId, opened.body.id);
  }

  async function caseNow(tenantId: string, caseId: string): Promise<SupportCase> {
    return (await desk.desk.cases.get(tenantId, caseId))!.supportCase;
  }

  /** The alert the SLA enforcement raises now for the case as it stands. */
  const raise = (supportCase: SupportCase, kind: StaffAlertKind = 'slaWarning'): StaffAlert =>
    staffAlertFor(supportCase, kind, desk.desk.clock.now(), {
      metric: 'firstResponse',
      cycle: 1,
      dueAt: new Date(desk.desk.clock.now().getTime() + 15 * 60_000).toISOString(),
    });

  /** Puts the alert on its queue, under its own message id or a redelivery's, and waits for what follows. */
  async function deliver(alert: StaffAlert, messageId = alert.alertId): Promise<void> {
    await desk.host.broker.publish(queueNames.staffAlerts, { body: alert, messageId });
    await desk.host.idle();
  }

  const mailedAbout = (caseId: string): Promise<string[]> => staffAlertMailOf(desk, caseId);

  const cardsAbout = (caseId: string): string[] =>
    teams.posts.map((post) => JSON.stringify(post)).filter((post) => post.includes(`/cases/${caseId}`));

  const deadLettersAbout = (caseId: string): unknown[] =>
    [queueNames.staffAlerts, queueNames.notifications].flatMap((queue) =>
      desk.host.broker
        .queue(queue)
        .deadLetters()
        .filter((letter) => JSON.stringify(letter.body).includes(caseId)),
    );

  /** Runs the queue function itself, as the host would, and keeps what it logs. */
  async function runFunction(alert: StaffAlert): Promise<string[]> {
    const logs: string[] = [];
    const context = new InvocationContext({
      functionName: 'alertStaff',
      triggerMetadata: { messageId: alert.alertId, deliveryCount: 1 },
      logHandler: (_level, ...args) => logs.push(args.map(String).join(' ')),
    });
    await alertStaff(alert, context);
    await desk.host.idle();
    return logs;
  }

  async function move(tenant: SlaTenant, caseId: string, ...statuses: string[]): Promise<void> {
    for (const to of statuses) {
      const moved = await desk.request('POST', `/api/cases/${caseId}/transitions`, {
        key: tenant.agentKey,
        body: { to },
      });
      expect({ to, status: moved.status }).toEqual({ to, status: 200 });
    }
    await desk.host.idle();
  }

  describe('a case that is gone', () => {
    it('given an SLA warning raised on a case, when the retention purge removes the case before the alert arrives, then nobody is mailed, Teams gets no card and nothing is dead-lettered', async () => {
      const tenant = await tenantWithAgents();
      const supportCase = await openCase(tenant);
      const alert = raise(supportCase);

      await removeAsPurged(desk, tenant.tenantId, supportCase.id);
      await deliver(alert);

      expect(await mailedAbout(supportCase.id)).toEqual([]);
      expect(cardsAbout(supportCase.id)).toEqual([]);
      expect(deadLettersAbout(supportCase.id)).toEqual([]);
    });

    it('given an alert about a purged case, when the function runs, then it logs that the case is gone and returns', async () => {
      const tenant = await tenantWithAgents();
      const supportCase = await openCase(tenant);
      const alert = raise(supportCase, 'slaBreach');
      await removeAsPurged(desk, tenant.tenantId, supportCase.id);

      const logs = await runFunction(alert);

      expect(logs).toEqual([caseGoneLogLine(alert)]);
    });
  });

  describe('a case resolved or closed since the alert was raised: its clocks stopped, so the alert is noise', () => {
    it.each([
      ['slaWarning', ['in_progress', 'resolved']],
      ['slaBreach', ['in_progress', 'resolved', 'closed']],
      ['microsoftStepProposed', ['in_progress', 'resolved']],
    ] as const)(
      'given a %s alert raised on an open case, when the case is moved through %j before it arrives, then nobody is mailed and Teams gets no card',
      async (kind, statuses) => {
        const tenant = await tenantWithAgents();
        const supportCase = await openCase(tenant);
        const alert = raise(supportCase, kind);

        await move(tenant, supportCase.id, ...statuses);
        await deliver(alert);

        expect(await mailedAbout(supportCase.id)).toEqual([]);
        expect(cardsAbout(supportCase.id)).toEqual([]);
        expect(deadLettersAbout(supportCase.id)).toEqual([]);
      },
    );

    it('given a breach alert about a case resolved since, when the function runs, then it logs that nobody was told and why', async () => {
      const tenant = await tenantWithAgents();
      const supportCase = await openCase(tenant);
      const alert = raise(supportCase, 'slaBreach');
      await move(tenant, supportCase.id, 'in_progress', 'resolved');

      const logs = await runFunction(alert);

      expect(logs).toEqual([
        `${alert.alertId}: nobody told, case ${supportCase.caseNumber} is resolved since the alert was raised`,
      ]);
    });

    it('given a case resolved and reopened before its alert arrives, when the alert is delivered, then the tier is told, as the case is worked again', async () => {
      const tenant = await tenantWithAgents();
      const supportCase = await openCase(tenant);
      const alert = raise(supportCase);

      await move(tenant, supportCase.id, 'in_progress', 'resolved', 'in_progress');
      await deliver(alert);

      expect(await mailedAbout(supportCase.id)).toEqual(['kim@example.com', 'lee@example.com']);
      expect(cardsAbout(supportCase.id)).toHaveLength(1);
    });

    it('given an alert delivered to the tier, when the case is resolved and the alert is delivered again under another message id, then nobody gets a second mail and Teams no second card', async () => {
      const tenant = await tenantWithAgents();
      const supportCase = await openCase(tenant);
      const alert = raise(supportCase);
      await deliver(alert);
      expect(await mailedAbout(supportCase.id)).toEqual(['kim@example.com', 'lee@example.com']);

      await move(tenant, supportCase.id, 'in_progress', 'resolved');
      await deliver(alert, `${alert.alertId}-redelivered`);

      expect(await mailedAbout(supportCase.id)).toEqual(['kim@example.com', 'lee@example.com']);
      expect(cardsAbout(supportCase.id)).toHaveLength(1);
      expect(deadLettersAbout(supportCase.id)).toEqual([]);
    });
  });

  describe('an open case changed since the alert was raised', () => {
    it('given an alert raised while nobody had the case, when kim is assigned it before the alert arrives, then only kim is mailed', async () => {
      const tenant = await tenantWithAgents();
      const supportCase = await openCase(tenant);
      const alert = raise(supportCase, 'slaBreach');
      expect(alert.assignee).toBeUndefined();

      const assigned = await desk.request('POST', `/api/cases/${supportCase.id}/assignment`, {
        key: tenant.agentKey,
        body: { assignee: 'kim' },
      });
      expect(assigned.status).toBe(200);
      await deliver(alert);

      expect(await mailedAbout(supportCase.id)).toEqual(['kim@example.com']);
    });

    it('given an alert raised on a case whose title names its contact, when she is erased before the alert arrives, then neither the mails nor the card name her', async () => {
      const tenant = await tenantWithAgents();
      const contact = `ann-${randomUUID().slice(0, 8)}@fabrikam.example`;
      const supportCase = await openCase(tenant, {
        ...newCaseBody,
        title: 'Ann Example cannot start vm-erp-01',
        contact: { name: 'Ann Example', email: contact },
      });
      const alert = raise(supportCase);
      expect(alert.title).toContain('Ann Example');

      const erased = await desk.request('POST', '/api/contacts/erase', {
        key: tenant.adminKey,
        body: { email: contact },
      });
      expect(erased.status).toBe(200);
      await deliver(alert);

      const mails = (await keptMailOf(desk, supportCase.id)).filter((mail) =>
        mail.notificationId.startsWith('staffmail-'),
      );
      expect(mails).toHaveLength(2);
      expect(JSON.stringify(mails)).not.toContain('Ann Example');
      expect(cardsAbout(supportCase.id)).toHaveLength(1);
      expect(cardsAbout(supportCase.id)[0]).not.toContain('Ann Example');
    });
  });

  describe('a case handed to a provider by its owner’s escalation ladder', () => {
    /**
     * The handed case (caseWorkFixtures), which triage left on tier 2, placed by the provider on its tier 1, where its
     * directory has pia and the reseller's has rex; both tenants with a Teams webhook and a console of their own.
     */
    async function handedCase(): Promise<{
      supportCase: SupportCase;
      providerTenantId: string;
      providerAdmin: string;
      providerAgent: string;
      resellerAdmin: string;
    }> {
      const handed = await caseHandedToProvider(desk);
      const read = await desk.request('GET', `/api/cases/${handed.caseId}`, { key: handed.providerAgent });
      expect(read.status).toBe(200);
      const ownerTenantId: string = read.body.tenantId;
      const [providerTenantId] = read.body.sharedWithTenantIds as string[];
      const placed = await desk.request('PATCH', `/api/cases/${handed.caseId}`, {
        key: handed.providerAgent,
        body: { tier: 'tier1', reason: 'First line looks first' },
      });
      expect(placed.status).toBe(200);
      for (const [tenantId, name] of [
        [ownerTenantId, 'reseller'],
        [providerTenantId!, 'provider'],
      ] as const) {
        const offering = await desk.desk.tenants.offering(tenantId);
        await desk.desk.tenants.saveOffering(tenantId, {
          ...offering,
          settings: { ...offering.settings, teamsWebhookUrl: teams.url, consoleUrl: consoleOf(name) },
        });
      }
      return {
        supportCase: await caseNow(ownerTenantId, handed.caseId),
        providerTenantId: providerTenantId!,
        providerAdmin: handed.providerAdmin,
        providerAgent: handed.providerAgent,
        resellerAdmin: handed.resellerAdmin,
      };
    }

    it('given a case handed to a provider, when an SLA warning about it arrives, then the provider’s tier agent is mailed and not the reseller’s, and the card goes to the provider’s channel with its console link', async () => {
      const { supportCase } = await handedCase();
      const alert = raise(supportCase);
      expect(alert.tenantId).toBe(supportCase.tenantId);

      await deliver(alert);

      expect(await mailedAbout(supportCase.id)).toEqual(['pia@example.com']);
      const cards = cardsAbout(supportCase.id);
      expect(cards).toHaveLength(1);
      expect(cards[0]).toContain(`${consoleOf('provider')}/cases/${supportCase.id}`);
      expect(deadLettersAbout(supportCase.id)).toEqual([]);
    });

    it('given the reseller’s rex had the case before the hand-over, when an alert about it arrives, then the provider’s tier agent is mailed, as rex no longer works it', async () => {
      const { supportCase } = await handedCase();
      // Assigned on the reseller's side before its ladder handed the case over, which leaves the assignee as it was.
      await changeCase(desk.desk.cases, supportCase.tenantId, supportCase.id, (current) => ({
        next: { ...current.supportCase, assignee: 'rex' },
        events: [],
      }));

      await deliver(raise(await caseNow(supportCase.tenantId, supportCase.id)));

      expect(await mailedAbout(supportCase.id)).toEqual(['pia@example.com']);
    });

    it('given the provider assigned the handed case to one of its agents, when a breach alert arrives, then only that agent is mailed', async () => {
      const { supportCase, providerTenantId, providerAdmin, providerAgent } = await handedCase();
      await putDirectoryAgent(desk, providerAdmin, 'pete', 'Pete Provider');
      const assigned = await desk.request('POST', `/api/cases/${supportCase.id}/assignment`, {
        key: providerAgent,
        body: { assignee: 'pete' },
      });
      expect(assigned.status).toBe(200);
      const alert = raise(await caseNow(supportCase.tenantId, supportCase.id), 'slaBreach');

      const logs = await runFunction(alert);

      expect(await mailedAbout(supportCase.id)).toEqual(['pete@example.com']);
      expect(logs).toEqual([`${alert.alertId}: mailed pete of tenant ${providerTenantId}, posted to Teams`]);
    });

    it('given a provider with no active agent in its directory, when an alert about the handed case arrives, then the reseller’s tier agent is told, as before the hand-over, so the alert does not go nowhere', async () => {
      const { supportCase, providerTenantId } = await handedCase();
      const pia = await desk.desk.agents.get(providerTenantId, 'pia');
      await desk.desk.agents.put({ ...pia!.value, active: false }, pia!.etag);

      await deliver(raise(supportCase));

      expect(await mailedAbout(supportCase.id)).toEqual(['rex@example.com']);
      const cards = cardsAbout(supportCase.id);
      expect(cards).toHaveLength(1);
      expect(cards[0]).toContain(`${consoleOf('reseller')}/cases/${supportCase.id}`);
    });

    it('given an alert that went to the reseller’s pia while the provider had nobody, when the provider’s own pia is active again and the alert is delivered again, then she is mailed too: agent ids are each tenant’s own', async () => {
      const { supportCase, providerTenantId, resellerAdmin } = await handedCase();
      await putDirectoryAgent(desk, resellerAdmin, 'pia', 'Pia Reseller');
      const providerPia = await desk.desk.agents.get(providerTenantId, 'pia');
      await desk.desk.agents.put({ ...providerPia!.value, active: false }, providerPia!.etag);
      const alert = raise(supportCase);
      await deliver(alert);
      expect(await mailedAbout(supportCase.id)).toEqual(['pia@example.com', 'rex@example.com']);

      const inactive = await desk.desk.agents.get(providerTenantId, 'pia');
      await desk.desk.agents.put({ ...inactive!.value, active: true }, inactive!.etag);
      await deliver(alert, `${alert.alertId}-redelivered`);

      // Both directories give their pia the same address (caseWorkFixtures): one mail is the reseller's, one the provider's.
      expect(await mailedAbout(supportCase.id)).toEqual(['pia@example.com', 'pia@example.com', 'rex@example.com']);
    });
  });
});
