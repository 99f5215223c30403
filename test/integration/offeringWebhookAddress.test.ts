import { randomUUID } from 'node:crypto';
import { HttpRequest, InvocationContext, type HttpResponseInit } from '@azure/functions';
import { ensureTables } from '../../shared/adapters/tables/tableClients';
import { configureDesk, currentDesk } from '../../shared/composition';
import { hashApiKey } from '../../shared/domain/apiKey';
import { defaultSupportOffering } from '../../shared/domain/offering';
import { settingNames } from '../../shared/resourceNames';
import { putOffering } from '../../functions/putOffering';

/*
 * Outside the local host (as Azure runs the app: Service Bus messaging), PUT /api/offering refuses a Teams webhook in a
 * range no public service uses: a tenant's admin could otherwise make the app post where only it can reach. The local
 * host lets loopback through for its own tests, so this runs the function's handler against a desk configured as in
 * Azure (nothing is published: the fresh tenant has no open case) and the test run's Azurite.
 */

const saved = {
  transport: process.env[settingNames.messagingTransport],
  namespace: process.env[settingNames.serviceBusNamespace],
};

async function putWebhook(key: string, teamsWebhookUrl: string): Promise<{ status: number; body: any }> {
  const offering = structuredClone(defaultSupportOffering());
  offering.settings.teamsWebhookUrl = teamsWebhookUrl;
  const response = (await putOffering(
    new HttpRequest({
      method: 'PUT',
      url: 'http://localhost/api/offering',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: { string: JSON.stringify(offering) },
    }),
    new InvocationContext({ functionName: 'putOffering' }),
  )) as HttpResponseInit;
  return { status: response.status ?? 200, body: response.jsonBody };
}

describe('PUT /api/offering outside the local host refuses a Teams webhook no public service would have', () => {
  let adminKey: string;

  beforeAll(async () => {
    delete process.env[settingNames.messagingTransport];
    process.env[settingNames.serviceBusNamespace] = 'example.servicebus.windows.net';
    configureDesk({});
    const desk = currentDesk();
    expect(desk.config.messaging.kind).toBe('serviceBus');
    await ensureTables(desk.tables);
    adminKey = `offering-admin-${randomUUID()}`;
    await desk.apiKeys.save(hashApiKey(adminKey), {
      keyId: `key-${randomUUID().slice(0, 8)}`,
      tenantId: `tenant-${randomUUID().slice(0, 8)}`,
      role: 'admin',
      createdAt: new Date().toISOString(),
    });
  });
  afterAll(() => {
    for (const [name, value] of [
      [settingNames.messagingTransport, saved.transport],
      [settingNames.serviceBusNamespace, saved.namespace],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    configureDesk({});
  });

  it.each([
    'https://100.64.12.1/workflows/alerts?sig=x',
    'https://168.63.129.16/workflows/alerts?sig=x',
    'https://[64:ff9b::a9fe:a9fe]/metadata/instance',
    'https://[2002:a00:1::1]/workflows/alerts?sig=x',
    'https://[::7f00:1]/workflows/alerts?sig=x',
  ])(
    'given a webhook at %s, when the admin puts the offering, then 400 naming settings.teamsWebhookUrl',
    async (url) => {
      const answer = await putWebhook(adminKey, url);

      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'settings.teamsWebhookUrl' })]);
    },
  );

  it('given a Workflows webhook on its public name, when the admin puts the offering, then it is saved', async () => {
    const answer = await putWebhook(
      adminKey,
      'https://prod-27.westeurope.logic.azure.com:443/workflows/0a1b/triggers/manual/paths/invoke?sig=x',
    );

    expect(answer.status).toBe(200);
  });
});
