import resources from '../../shared/resources.json';
import packageJson from '../../package.json';
import {
  ensureInfraBuilt,
  infraBuildTimeoutMs,
  leafName,
  readMainSnapshot,
  readTemplate,
  referenceTo,
  resourcesOfType,
  roleGrants,
  singleResourceOfType,
  snapshotWith,
  type CompiledTemplate,
  type RoleGrant,
  type Snapshot,
} from './armSnapshot';

// Built-in Azure role definition GUIDs (identical in every tenant).
const role = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88',
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
  storageTableDataReader: '76199698-9eea-4c19-bc75-cec21354c6b6',
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39',
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0',
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb',
};

const deployerObjectId = '[deployer().objectId]';

let template: CompiledTemplate;
let snapshot: Snapshot;

beforeAll(() => {
  ensureInfraBuilt();
  template = readTemplate();
  snapshot = readMainSnapshot();
}, infraBuildTimeoutMs);

function appSettingsOf(s: Snapshot): Map<string, string> {
  const site = singleResourceOfType(s, 'Microsoft.Web/sites');
  const siteConfig = site.properties.siteConfig as { appSettings: { name: string; value: string }[] };
  return new Map(siteConfig.appSettings.map((setting) => [setting.name, setting.value]));
}

function ids(s: Snapshot) {
  return {
    identity: singleResourceOfType(s, 'Microsoft.ManagedIdentity/userAssignedIdentities').id,
    storage: singleResourceOfType(s, 'Microsoft.Storage/storageAccounts').id,
    serviceBus: singleResourceOfType(s, 'Microsoft.ServiceBus/namespaces').id,
    applicationInsights: singleResourceOfType(s, 'Microsoft.Insights/components').id,
  };
}

interface QueueDeclaration {
  type: string;
  dependsOn?: string[];
  properties?: { forwardDeadLetteredMessagesTo?: string };
}

/** Service Bus queue resources of the compiled template (modules included), by their symbolic names. */
function queueDeclarations(node: unknown, name = ''): [string, QueueDeclaration][] {
  if (typeof node !== 'object' || node === null) return [];
  const found: [string, QueueDeclaration][] =
    (node as { type?: unknown }).type === 'Microsoft.ServiceBus/namespaces/queues' ? [[name, node as QueueDeclaration]] : [];
  return [...found, ...Object.entries(node).flatMap(([key, child]) => queueDeclarations(child, key))];
}

function grantsTo(s: Snapshot, principal: string | RegExp): RoleGrant[] {
  return roleGrants(s).filter((grant) =>
    typeof principal === 'string' ? grant.principalId === principal : principal.test(grant.principalId),
  );
}

describe('infra/main.bicep compiled to ARM', () => {
  describe('secrets', () => {
    it('given the compiled template, then it never reads keys, connection strings or SAS tokens', () => {
      expect(template.text).not.toMatch(/list(Keys|ConnectionStrings|AccountSas|ServiceSas)\b/i);
    });

    it('given the compiled template, then no value embeds a storage account key or a Service Bus shared access key', () => {
      expect(template.text).not.toMatch(/AccountKey=|SharedAccessKey=/i);
      for (const value of appSettingsOf(snapshot).values()) {
        expect(value).not.toMatch(/AccountKey=|SharedAccessKey=/i);
      }
    });
  });

  describe('storage account', () => {
    it('given the deployment, then the account accepts Entra identities only, over TLS 1.2+ HTTPS, with no anonymous blobs', () => {
      const account = singleResourceOfType(snapshot, 'Microsoft.Storage/storageAccounts');
      expect(account.properties).toMatchObject({
        allowSharedKeyAccess: false,
        minimumTlsVersion: 'TLS1_2',
        allowBlobPublicAccess: false,
        supportsHttpsTrafficOnly: true,
      });
    });

    it('given shared/resources.json, then exactly its tables are created', () => {
      const tables = resourcesOfType(snapshot, 'Microsoft.Storage/storageAccounts/tableServices/tables').map(leafName);
      expect(tables.sort()).toEqual(Object.values(resources.tables).sort());
    });

    it('given the deployment, then a private blob container exists for the function app package', () => {
      const containers = resourcesOfType(snapshot, 'Microsoft.Storage/storageAccounts/blobServices/containers');
      expect(containers).toHaveLength(1);
      expect(containers[0]?.properties).toMatchObject({ publicAccess: 'None' });
    });
  });

  describe('Service Bus', () => {
    it('given the deployment, then the namespace is Standard with local (SAS) auth disabled and no authorization rules', () => {
      const namespace = singleResourceOfType(snapshot, 'Microsoft.ServiceBus/namespaces');
      expect(namespace.sku?.name).toBe('Standard');
      expect(namespace.properties).toMatchObject({ disableLocalAuth: true });
      expect(snapshot.predictedResources.filter((r) => /authorizationRules/i.test(r.type))).toEqual([]);
      expect(template.text).not.toMatch(/authorizationRules/i);
    });

    it('given shared/resources.json, then every queue exists with its delivery, lock, TTL and duplicate detection settings', () => {
      const queues = new Map(
        resourcesOfType(snapshot, 'Microsoft.ServiceBus/namespaces/queues').map((q) => [leafName(q), q.properties]),
      );
      const expected = Object.values(resources.queues);
      expect([...queues.keys()].sort()).toEqual(expected.map((q) => q.name).sort());
      for (const queue of expected) {
        expect(queues.get(queue.name)).toEqual({
          maxDeliveryCount: queue.maxDeliveryCount,
          lockDuration: queue.lockDuration,
          defaultMessageTimeToLive: queue.defaultMessageTimeToLive,
          deadLetteringOnMessageExpiration: true,
          requiresDuplicateDetection: queue.requiresDuplicateDetection,
          duplicateDetectionHistoryTimeWindow: queue.duplicateDetectionHistoryTimeWindow,
          ...(queue.name === resources.queues.deadLetters.name ? {} : { forwardDeadLetteredMessagesTo: resources.queues.deadLetters.name }),
        });
      }
    });

    it('given the dead-letters queue, then every other queue forwards its dead letters to it, which exists before them and forwards nowhere', () => {
      const deadLetters = resources.queues.deadLetters.name;
      const queues = resourcesOfType(snapshot, 'Microsoft.ServiceBus/namespaces/queues');
      const forwards = new Map(queues.map((q) => [leafName(q), q.properties.forwardDeadLetteredMessagesTo]));
      expect(forwards.get(deadLetters)).toBeUndefined();
      const others = Object.values(resources.queues).filter((queue) => queue.name !== deadLetters);
      expect(others.length).toBeGreaterThan(0);
      for (const queue of others) expect({ queue: queue.name, forwardsTo: forwards.get(queue.name) }).toEqual({ queue: queue.name, forwardsTo: deadLetters });
      // A queue can forward only to an existing queue: the forwarding queues must be deployed after the dead-letters queue.
      const declared = queueDeclarations(JSON.parse(template.text));
      const target = declared.filter(([, queue]) => queue.properties?.forwardDeadLetteredMessagesTo === undefined);
      const forwarding = declared.filter(([, queue]) => queue.properties?.forwardDeadLetteredMessagesTo !== undefined);
      expect(target).toHaveLength(1);
      expect(forwarding.length).toBeGreaterThan(0);
      for (const [, queue] of forwarding) expect(queue.dependsOn).toContain(target[0]?.[0]);
    });
  });

  describe('role assignments of the app identity', () => {
    it('given the deployment, then the identity gets exactly the data-plane roles it needs, each on its own resource', () => {
      const resourceIds = ids(snapshot);
      const grants = grantsTo(snapshot, referenceTo(resourceIds.identity, 'principalId'));
      const granted = grants.map((g) => ({ scope: g.scope, roleId: g.roleId }));
      expect(granted).toHaveLength(6);
      expect(granted).toEqual(
        expect.arrayContaining([
          { scope: resourceIds.storage, roleId: role.storageBlobDataOwner },
          { scope: resourceIds.storage, roleId: role.storageQueueDataContributor },
          { scope: resourceIds.storage, roleId: role.storageTableDataContributor },
          { scope: resourceIds.serviceBus, roleId: role.serviceBusDataSender },
          { scope: resourceIds.serviceBus, roleId: role.serviceBusDataReceiver },
          { scope: resourceIds.applicationInsights, roleId: role.monitoringMetricsPublisher },
        ]),
      );
    });

    it('given the deployment, then every assignment has a distinct stable name and targets a service principal', () => {
      const identity = ids(snapshot).identity;
      const grants = grantsTo(snapshot, referenceTo(identity, 'principalId'));
      const names = grants.map((g) => g.name);
      expect(new Set(names).size).toBe(names.length);
      for (const name of names) expect(name).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      const assignments = resourcesOfType(snapshot, 'Microsoft.Authorization/roleAssignments');
      for (const assignment of assignments) expect(assignment.properties.principalType).toBe('ServicePrincipal');
    });
  });

  describe('operator table access', () => {
    it('given the default parameters, then the operator running the deployment gets no data access', () => {
      expect(grantsTo(snapshot, deployerObjectId)).toEqual([]);
    });

    it.each([
      ['Reader', role.storageTableDataReader],
      ['Contributor', role.storageTableDataContributor],
    ])(
      'given operatorTableAccess %s, then the deploying operator gets only that table role on the storage account',
      (access, roleId) => {
        const withAccess = snapshotWith(`operator${access}`, { operatorTableAccess: `'${access}'` });
        const grants = grantsTo(withAccess, deployerObjectId);
        expect(grants.map((g) => ({ scope: g.scope, roleId: g.roleId }))).toEqual([
          { scope: ids(withAccess).storage, roleId },
        ]);
      },
      infraBuildTimeoutMs,
    );
  });

  describe('function app', () => {
    it('given the deployment, then it runs on a Flex Consumption FC1 plan with the newest Node major that package.json engines allows', () => {
      const plan = singleResourceOfType(snapshot, 'Microsoft.Web/serverfarms');
      expect(plan.sku).toEqual({ tier: 'FlexConsumption', name: 'FC1' });
      const site = singleResourceOfType(snapshot, 'Microsoft.Web/sites');
      const engines = /^>=(\d+) <(\d+)$/.exec(packageJson.engines.node);
      const newestAllowed = Number(engines?.[2]) - 1;
      expect(newestAllowed).toBeGreaterThanOrEqual(Number(engines?.[1]));
      expect(site.properties.functionAppConfig).toMatchObject({
        runtime: { name: 'node', version: String(newestAllowed) },
        scaleAndConcurrency: { maximumInstanceCount: expect.any(Number), instanceMemoryMB: expect.any(Number) },
      });
      expect(site.properties.httpsOnly).toBe(true);
    });

    it('given the deployment, then the app runs as the user-assigned identity and pulls its package with it', () => {
      const { identity, storage } = ids(snapshot);
      const site = singleResourceOfType(snapshot, 'Microsoft.Web/sites');
      expect(site.identity?.type).toBe('UserAssigned');
      expect(Object.keys(site.identity?.userAssignedIdentities ?? {})).toEqual([identity]);
      const container = leafName(singleResourceOfType(snapshot, 'Microsoft.Storage/storageAccounts/blobServices/containers'));
      const deploymentStorage = (site.properties.functionAppConfig as { deployment: { storage: Record<string, unknown> } })
        .deployment.storage;
      expect(deploymentStorage).toMatchObject({
        type: 'blobContainer',
        authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identity },
      });
      expect(deploymentStorage.value).toMatch(referenceTo(storage, 'primaryEndpoints.blob'));
      expect(deploymentStorage.value).toContain(`'${container}'`);
    });

    it('given the deployment, then the Functions host reaches its storage with the identity, never a connection string', () => {
      const { identity, storage } = ids(snapshot);
      const settings = appSettingsOf(snapshot);
      expect(settings.has('AzureWebJobsStorage')).toBe(false);
      expect(settings.get('AzureWebJobsStorage__credential')).toBe('managedidentity');
      expect(settings.get('AzureWebJobsStorage__clientId')).toMatch(referenceTo(identity, 'clientId'));
      for (const service of ['blob', 'queue', 'table']) {
        expect(settings.get(`AzureWebJobsStorage__${service}ServiceUri`)).toMatch(
          referenceTo(storage, `primaryEndpoints.${service}`),
        );
      }
    });

    it('given Application Insights with local auth disabled, then the app sends telemetry with the identity (Entra auth)', () => {
      const { identity, applicationInsights } = ids(snapshot);
      expect(singleResourceOfType(snapshot, 'Microsoft.Insights/components').properties).toMatchObject({
        DisableLocalAuth: true,
      });
      const settings = appSettingsOf(snapshot);
      expect(settings.get('APPLICATIONINSIGHTS_CONNECTION_STRING')).toMatch(
        referenceTo(applicationInsights, 'ConnectionString'),
      );
      const authentication = settings.get('APPLICATIONINSIGHTS_AUTHENTICATION_STRING');
      expect(authentication).toMatch(/^\[format\('ClientId=\{0\};Authorization=AAD', /);
      expect(authentication).toMatch(referenceTo(identity, 'clientId'));
    });
  });

  describe('app settings from shared/resources.json', () => {
    const settingEntries = Object.values(resources.settings);

    it('given every setting marked azure or both, then the function app sets it', () => {
      const names = [...appSettingsOf(snapshot).keys()];
      const expected = settingEntries.filter((s) => s.where !== 'local').map((s) => s.name);
      expect(names).toEqual(expect.arrayContaining(expected));
    });

    it('given settings marked local, then none of them is set in Azure', () => {
      const settings = appSettingsOf(snapshot);
      for (const local of settingEntries.filter((s) => s.where === 'local')) {
        expect(settings.has(local.name)).toBe(false);
      }
    });

    it('given the deployed resources, then each setting carries the value the app expects', () => {
      const { identity, storage, serviceBus } = ids(snapshot);
      const settings = appSettingsOf(snapshot);
      const byKey = (key: keyof typeof resources.settings): string | undefined =>
        settings.get(resources.settings[key].name);
      expect(byKey('caseStorageTableServiceUri')).toMatch(referenceTo(storage, 'primaryEndpoints.table'));
      expect(byKey('caseStorageClientId')).toMatch(referenceTo(identity, 'clientId'));
      expect(byKey('serviceBusNamespace')).toMatch(/^\[parseUri\(/);
      expect(byKey('serviceBusNamespace')).toMatch(referenceTo(serviceBus, 'serviceBusEndpoint'));
      expect(byKey('serviceBusNamespace')).toMatch(/\)\.host\]$/);
      expect(byKey('serviceBusCredential')).toBe('managedidentity');
      expect(byKey('serviceBusClientId')).toMatch(referenceTo(identity, 'clientId'));
      expect(byKey('messagingTransport')).toBe('serviceBus');
      expect(byKey('slaSweepSchedule')).toBe('0 */1 * * * *');
    });
  });

  describe('outputs', () => {
    it('given a deployment, then it reports the names an operator needs to deploy code and reach the app', () => {
      expect(Object.keys(template.outputs)).toEqual(
        expect.arrayContaining([
          'functionAppName',
          'functionAppDefaultHostName',
          'serviceBusNamespaceName',
          'serviceBusFullyQualifiedNamespace',
          'storageAccountName',
        ]),
      );
      expect(snapshot.outputs.functionAppName).toBe(leafName(singleResourceOfType(snapshot, 'Microsoft.Web/sites')));
      expect(snapshot.outputs.storageAccountName).toBe(
        leafName(singleResourceOfType(snapshot, 'Microsoft.Storage/storageAccounts')),
      );
    });
  });
});
