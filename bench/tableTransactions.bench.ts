import { join } from 'node:path';
import { utcDay } from '../shared/adapters/tables/dayTables';
import { ensureTables } from '../shared/adapters/tables/tableClients';
import { systemClock } from '../shared/adapters/systemClock';
import { currentDesk } from '../shared/composition';
import { hashApiKey } from '../shared/domain/apiKey';
import { startAzurite } from '../scripts/azurite';
import { freePort } from '../scripts/freePort';
import { functionFilesFor } from '../scripts/localHost/functionApp';
import { startLocalHost } from '../scripts/localHost/localHost';
import { applySettingsFile } from '../scripts/localSettings';
import { runStandalone } from './stats';
import type { Bench, BenchResult } from './types';

const root = join(__dirname, '..');
const casesMeasured = Number(process.env.BENCH_CASES ?? 20);
const customerTenantId = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

const portalCase = (index: number): unknown => ({
  title: `Teams meetings drop after ${index} minutes`,
  description: 'Since Monday our Teams meetings drop for everyone in the Berlin office. Other apps work.',
  product: 'microsoft365',
  customer: { tenantId: customerTenantId, name: 'Northwind Traders' },
  contact: { name: 'Max Muster', email: 'max@northwind.example' },
});

const email = (index: number, mailbox: string): unknown => ({
  id: `AAMk-${index}`,
  conversationId: `conversation-${index}`,
  internetMessageId: `<bench-${index}@mail.northwind.example>`,
  subject: `Invoice ${index} shows the wrong number of licences`,
  from: 'anna@northwind.example',
  toRecipients: mailbox,
  ccRecipients: '',
  replyTo: '',
  body: 'Hello, the October invoice lists 40 Microsoft 365 E3 licences but we only have 35. Please correct it.',
  isHtml: false,
  importance: 'normal',
  hasAttachments: false,
  attachments: [],
  receivedDateTime: new Date().toISOString(),
});

/**
 * Counts the Table Storage requests (each one a billed transaction) that take a case from intake to `enriched`,
 * through the real functions on the local host against Azurite, with per-instance caches warm and yesterday's
 * duplicate-index table in place, as in steady state,
 * and times each case from intake until the pipeline is idle with the case enriched.
 */
export const tableTransactionsBench: Bench = {
  name: 'tableTransactions',
  async run(): Promise<BenchResult> {
    applySettingsFile(join(root, 'local.settings.sample.json'));
    const azurite = await startAzurite({ port: await freePort() });
    process.env.CaseStorage = azurite.connectionString;
    process.env.MESSAGING_TRANSPORT = 'inProcess';
    const host = await startLocalHost({
      functionFiles: functionFilesFor('functions/*.ts', root),
      port: 0,
      hostname: '127.0.0.1',
      clock: systemClock,
      log: () => undefined,
    }).catch(async (error: unknown) => {
      await azurite.stop();
      throw error;
    });
    try {
      const desk = currentDesk();
      await ensureTables(desk.tables);
      // Steady state: duplicate detection reads the day tables of the 24 hours before a case, and a desk that ran
      // yesterday has yesterday's. Without it each case would skip those reads (one missing table answers for all).
      await desk.tables('duplicateIndex', utcDay(Date.now() - 24 * 60 * 60 * 1000)).createTable();
      const tenantId = 'bench-partner';
      const mailbox = 'support@bench-partner.example';
      const key = 'bench-portal-key';
      await desk.apiKeys.save(hashApiKey(key), {
        keyId: 'bench',
        tenantId,
        role: 'portal',
        createdAt: new Date().toISOString(),
      });
      await desk.tenants.saveProfile(tenantId, {
        name: 'Bench Partner',
        supportAddresses: [mailbox],
        agentAddresses: [],
      });
      await desk.customers.put(tenantId, {
        customerTenantId,
        name: 'Northwind Traders',
        domains: ['northwind.example'],
        addresses: [],
        supportPlanId: 'standard',
        billingMode: 'included',
        cspSubscriptions: [],
        updatedAt: new Date().toISOString(),
      });

      const postCase = async (index: number): Promise<void> => {
        const response = await fetch(`${host.url}/api/cases`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': key },
          body: JSON.stringify(portalCase(index)),
        });
        if (response.status !== 201) throw new Error(`intake answered ${response.status}`);
        await host.idle();
      };
      const sendEmail = async (index: number): Promise<void> => {
        host.broker.queue('email-intake').send({ body: email(index, mailbox), messageId: `bench-${index}` });
        await host.idle();
      };

      /** Runs one intake to `enriched`, returning how long that took. */
      const timed = async (intake: () => Promise<void>): Promise<number> => {
        const started = performance.now();
        await intake();
        return performance.now() - started;
      };

      await postCase(0);
      await sendEmail(0);
      desk.tableRequests.reset();
      const portalLatencies: number[] = [];
      for (let index = 1; index <= casesMeasured; index += 1) portalLatencies.push(await timed(() => postCase(index)));
      const portal = desk.tableRequests.requests / casesMeasured;
      desk.tableRequests.reset();
      const mailLatencies: number[] = [];
      for (let index = 1; index <= casesMeasured; index += 1) mailLatencies.push(await timed(() => sendEmail(index)));
      const mail = desk.tableRequests.requests / casesMeasured;
      const slowest = (latencies: number[]): number => Math.round(Math.max(...latencies));

      const enriched = (await desk.cases.list(tenantId, { statuses: ['enriched'], pageSize: 100 })).cases.length;
      if (enriched !== 2 * (casesMeasured + 1)) throw new Error(`expected every case enriched, found ${enriched}`);
      return {
        rows: [
          {
            benchmark: 'tableTransactions',
            metric: 'tableTxPerCaseToEnriched (portal, incl. API key check)',
            value: portal.toFixed(1),
            target: '<= 8',
          },
          {
            benchmark: 'tableTransactions',
            metric: 'tableTxPerEmailCaseToEnriched',
            value: mail.toFixed(1),
            target: '<= 8',
          },
          {
            benchmark: 'tableTransactions',
            metric: 'portalIntakeToEnrichedMsMax (local host, Azurite)',
            value: `${slowest(portalLatencies)} ms`,
            target: '< 5000 ms',
          },
          {
            benchmark: 'tableTransactions',
            metric: 'emailIntakeToEnrichedMsMax (local host, Azurite)',
            value: `${slowest(mailLatencies)} ms`,
            target: '< 5000 ms',
          },
        ],
        figures: {
          tableTxPerCaseToEnriched: Number(portal.toFixed(2)),
          tableTxPerEmailCaseToEnriched: Number(mail.toFixed(2)),
          portalIntakeToEnrichedMsMax: slowest(portalLatencies),
          emailIntakeToEnrichedMsMax: slowest(mailLatencies),
        },
      };
    } finally {
      await host.stop();
      await azurite.stop();
    }
  },
};

if (require.main === module) runStandalone(tableTransactionsBench);
