import resources from '../../shared/resources.json';
import packageJson from '../../package.json';
import { parseInboundEmail } from '../../shared/domain/email';
import { outlookV3EmailSchema } from '../../shared/domain/email/outlookV3';
import { functionFilesFor, loadFunctionApp } from '../../scripts/localHost/functionApp';
import {
  ensureInfraBuilt,
  infraBuildTimeoutMs,
  leafName,
  readMainSnapshot,
  readTemplate,
  referenceTo,
  repoRoot,
  resourcesOfType,
  roleGrants,
  singleResourceOfType,
  snapshotWith,
  type CompiledTemplate,
  type PredictedResource,
  type RoleGrant,
  type Snapshot,
} from './armSnapshot';
import { built } from '../../shared/domain/builtSchema';

// Built-in Azure role definition GUIDs (identical in every tenant).
const role = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
  storageBlobDataReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1',
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88',
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
  storageTableDataReader: '76199698-9eea-4c19-bc75-cec21354c6b6',
  serviceBusDataOwner: '090c5cfd-751d-490a-894a-3ce6f1109419',
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39',
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0',
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb',
};
const blobRoles = [role.storageBlobDataOwner, role.storageBlobDataContributor, role.storageBlobDataReader];
const tableRoles = [role.storageTableDataContributor, role.storageTableDataReader];

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

/** Id of the storage account a blob container, table or other account child belongs to. */
function accountOf(child: PredictedResource): string {
  const account = /^(.*\/providers\/Microsoft\.Storage\/storageAccounts\/[^/]+)\//i.exec(child.id)?.[1];
  if (!account) throw new Error(`${child.id} is not inside a storage account`);
  return account;
}

/** The one account that holds every resource of `type`, e.g. every case table. */
function accountHolding(s: Snapshot, type: string): string {
  const accounts = [...new Set(resourcesOfType(s, type).map(accountOf))];
  if (accounts.length !== 1) throw new Error(`Expected all ${type} in one storage account, found ${accounts.length}`);
  return accounts[0] as string;
}

function identityNamed(s: Snapshot, name: string): string {
  const found = resourcesOfType(s, 'Microsoft.ManagedIdentity/userAssignedIdentities').filter((r) => r.name === name);
  if (found.length !== 1) throw new Error(`Expected one user-assigned identity named ${name}, found ${found.length}`);
  return (found[0] as PredictedResource).id;
}

/**
 * The resources the tests refer to. The app identity (id-<prefix>) is what the app code and its triggers use; the host
 * identity (id-<prefix>-host) is what the Functions host uses for its own storage, the package and telemetry. The data
 * account is the one holding the case tables, the host account the one holding the package container.
 */
function ids(s: Snapshot) {
  // Getters, so a test looks up only what it names (destructuring reads just those).
  return {
    get identity() {
      return identityNamed(s, 'id-cspdesk');
    },
    get hostIdentity() {
      return identityNamed(s, 'id-cspdesk-host');
    },
    get dataStorage() {
      return accountHolding(s, 'Microsoft.Storage/storageAccounts/tableServices/tables');
    },
    get hostStorage() {
      return accountHolding(s, 'Microsoft.Storage/storageAccounts/blobServices/containers');
    },
    get packageContainer() {
      return singleResourceOfType(s, 'Microsoft.Storage/storageAccounts/blobServices/containers').id;
    },
    get serviceBus() {
      return singleResourceOfType(s, 'Microsoft.ServiceBus/namespaces').id;
    },
    get applicationInsights() {
      return singleResourceOfType(s, 'Microsoft.Insights/components').id;
    },
  };
}

function queueId(s: Snapshot, queueName: string): string {
  const queue = resourcesOfType(s, 'Microsoft.ServiceBus/namespaces/queues').find((q) => leafName(q) === queueName);
  if (!queue) throw new Error(`No queue ${queueName} in the snapshot`);
  return queue.id;
}

type ScopeAndRole = Pick<RoleGrant, 'scope' | 'roleId'>;

/** Scope and role of each grant, in a stable order, for comparing sets of grants. */
function scopesAndRoles(grants: ScopeAndRole[]): ScopeAndRole[] {
  return grants
    .map((g) => ({ scope: g.scope, roleId: g.roleId }))
    .sort((a, b) => `${a.scope} ${a.roleId}`.localeCompare(`${b.scope} ${b.roleId}`));
}

/** Whether a role granted at `scope` reaches the resource `resourceId` (the same resource or one above it). */
function covers(scope: string, resourceId: string): boolean {
  return (
    resourceId.toLowerCase() === scope.toLowerCase() || resourceId.toLowerCase().startsWith(`${scope.toLowerCase()}/`)
  );
}

let registeredTriggerQueues: string[] | undefined;

/** The queues the function registrations listen on (app.serviceBusQueue), loaded as the Functions worker loads them. */
function triggerQueues(): string[] {
  registeredTriggerQueues ??= loadFunctionApp(functionFilesFor('functions/*.ts', repoRoot))
    .filter((fn) => fn.trigger.type === 'serviceBusTrigger')
    .map((fn) => String(fn.trigger.queueName));
  return registeredTriggerQueues;
}

interface QueueDeclaration {
  type: string;
  existing?: boolean;
  dependsOn?: string[];
  properties?: { forwardDeadLetteredMessagesTo?: string };
}

/**
 * Service Bus queue resources the compiled template creates (modules included), by their symbolic names; `existing`
 * references to a queue (role assignment scopes) create nothing and are left out.
 */
function queueDeclarations(node: unknown, name = ''): [string, QueueDeclaration][] {
  if (typeof node !== 'object' || node === null) return [];
  const declaration = node as QueueDeclaration;
  const found: [string, QueueDeclaration][] =
    declaration.type === 'Microsoft.ServiceBus/namespaces/queues' && declaration.existing !== true
      ? [[name, declaration]]
      : [];
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

  describe('storage accounts', () => {
    it('given the deployment, then every account accepts Entra identities only, over TLS 1.2+ HTTPS, with no anonymous blobs', () => {
      const accounts = resourcesOfType(snapshot, 'Microsoft.Storage/storageAccounts');
      expect(accounts.length).toBeGreaterThan(0);
      for (const account of accounts) {
        expect({ account: account.name, ...account.properties }).toMatchObject({
          account: account.name,
          allowSharedKeyAccess: false,
          minimumTlsVersion: 'TLS1_2',
          allowBlobPublicAccess: false,
          supportsHttpsTrafficOnly: true,
        });
      }
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

    it('given the case tables and the package, then they live in two different accounts: case data apart from host state and code', () => {
      const { dataStorage, hostStorage } = ids(snapshot);
      expect(dataStorage).not.toBe(hostStorage);
      const accounts = resourcesOfType(snapshot, 'Microsoft.Storage/storageAccounts').map((a) => a.id);
      expect(accounts.sort()).toEqual([dataStorage, hostStorage].sort());
      const blobsInDataAccount = resourcesOfType(
        snapshot,
        'Microsoft.Storage/storageAccounts/blobServices/containers',
      ).filter((container) => accountOf(container) === dataStorage);
      expect(blobsInDataAccount).toEqual([]);
    });

    it('given the app settings, then the Functions host uses the host account and the case store uses the data account', () => {
      const { dataStorage, hostStorage } = ids(snapshot);
      const settings = appSettingsOf(snapshot);
      expect(settings.get('AzureWebJobsStorage__blobServiceUri')).toMatch(
        referenceTo(hostStorage, 'primaryEndpoints.blob'),
      );
      expect(settings.get(resources.settings.caseStorageTableServiceUri.name)).toMatch(
        referenceTo(dataStorage, 'primaryEndpoints.table'),
      );
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
          ...(queue.name === resources.queues.deadLetters.name
            ? {}
            : { forwardDeadLetteredMessagesTo: resources.queues.deadLetters.name }),
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
      for (const queue of others)
        expect({ queue: queue.name, forwardsTo: forwards.get(queue.name) }).toEqual({
          queue: queue.name,
          forwardsTo: deadLetters,
        });
      // A queue can forward only to an existing queue: the forwarding queues must be deployed after the dead-letters queue.
      const declared = queueDeclarations(JSON.parse(template.text));
      const target = declared.filter(([, queue]) => queue.properties?.forwardDeadLetteredMessagesTo === undefined);
      const forwarding = declared.filter(([, queue]) => queue.properties?.forwardDeadLetteredMessagesTo !== undefined);
      expect(target).toHaveLength(1);
      expect(forwarding.length).toBeGreaterThan(0);
      for (const [, queue] of forwarding) expect(queue.dependsOn).toContain(target[0]?.[0]);
    });
  });

  describe('role assignments of the app identity (the app code and its triggers)', () => {
    it('given the deployment, then it holds exactly: table access on the data account, Data Owner on each trigger queue, Data Sender on every other queue', () => {
      const { identity, dataStorage } = ids(snapshot);
      const triggered = new Set(triggerQueues());
      const expected: ScopeAndRole[] = [
        { scope: dataStorage, roleId: role.storageTableDataContributor },
        ...Object.values(resources.queues).map((queue) => ({
          scope: queueId(snapshot, queue.name),
          roleId: triggered.has(queue.name) ? role.serviceBusDataOwner : role.serviceBusDataSender,
        })),
      ];
      expect(scopesAndRoles(grantsTo(snapshot, referenceTo(identity, 'principalId')))).toEqual(
        scopesAndRoles(expected),
      );
    });

    it('given the queues the functions are triggered by, then it holds Azure Service Bus Data Owner on each, so the scale controller can read their length', () => {
      const { identity } = ids(snapshot);
      const queues = triggerQueues();
      expect(queues.length).toBeGreaterThan(0);
      const grants = grantsTo(snapshot, referenceTo(identity, 'principalId'));
      for (const queue of queues) {
        const onQueue = grants.filter((g) => covers(g.scope, queueId(snapshot, queue))).map((g) => g.roleId);
        expect({ queue, roles: onQueue }).toEqual({ queue, roles: [role.serviceBusDataOwner] });
      }
    });

    it('given the Service Bus namespace, then no identity holds a role on the namespace itself, only on single queues', () => {
      const { serviceBus } = ids(snapshot);
      expect(roleGrants(snapshot).filter((g) => g.scope.toLowerCase() === serviceBus.toLowerCase())).toEqual([]);
    });

    it('given the host account, then it holds no role there: the app code can neither overwrite its package nor touch host state', () => {
      const { identity, hostStorage } = ids(snapshot);
      const grants = grantsTo(snapshot, referenceTo(identity, 'principalId'));
      expect(grants.filter((g) => covers(g.scope, hostStorage) || covers(hostStorage, g.scope))).toEqual([]);
    });
  });

  describe('role assignments of the host identity (Functions host storage, package, telemetry)', () => {
    it('given the deployment, then it holds exactly Storage Blob Data Owner on the host account and Monitoring Metrics Publisher on Application Insights', () => {
      const { hostIdentity, hostStorage, applicationInsights } = ids(snapshot);
      expect(scopesAndRoles(grantsTo(snapshot, referenceTo(hostIdentity, 'principalId')))).toEqual(
        scopesAndRoles([
          { scope: hostStorage, roleId: role.storageBlobDataOwner },
          { scope: applicationInsights, roleId: role.monitoringMetricsPublisher },
        ]),
      );
    });
  });

  describe('least privilege across identities', () => {
    it('given the data account, then nobody holds a blob role on it, and on the host account nobody holds a table or queue role', () => {
      const { dataStorage, hostStorage } = ids(snapshot);
      const grants = roleGrants(snapshot);
      expect(grants.filter((g) => covers(g.scope, dataStorage) && blobRoles.includes(g.roleId))).toEqual([]);
      const hostDataRoles = [...tableRoles, role.storageQueueDataContributor];
      expect(grants.filter((g) => covers(g.scope, hostStorage) && hostDataRoles.includes(g.roleId))).toEqual([]);
    });

    it("given the package container, then the only role that can write it is the host identity's Storage Blob Data Owner, which AzureWebJobsStorage needs on the account", () => {
      const { identity, hostStorage, packageContainer } = ids(snapshot);
      const reaching = roleGrants(snapshot).filter((g) => covers(g.scope, packageContainer));
      expect(reaching.filter((g) => referenceTo(identity, 'principalId').test(g.principalId))).toEqual([]);
      expect(scopesAndRoles(reaching)).toEqual([{ scope: hostStorage, roleId: role.storageBlobDataOwner }]);
      expect(reaching[0]?.principalId).toMatch(referenceTo(ids(snapshot).hostIdentity, 'principalId'));
    });

    it("given the deployment, then every assignment has a distinct stable name and each identity's targets a service principal", () => {
      const grants = roleGrants(snapshot);
      const names = grants.map((g) => g.name);
      expect(new Set(names).size).toBe(names.length);
      for (const name of names) expect(name).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      const assignments = resourcesOfType(snapshot, 'Microsoft.Authorization/roleAssignments');
      expect(assignments.length).toBeGreaterThan(0);
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
      'given operatorTableAccess %s, then the deploying operator gets only that table role on the data account',
      (access, roleId) => {
        const withAccess = snapshotWith(`operator${access}`, { operatorTableAccess: `'${access}'` });
        const grants = grantsTo(withAccess, deployerObjectId);
        expect(grants.map((g) => ({ scope: g.scope, roleId: g.roleId }))).toEqual([
          { scope: ids(withAccess).dataStorage, roleId },
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

    it('given the deployment, then the app runs as its two user-assigned identities and the platform pulls the package with the host identity', () => {
      const { identity, hostIdentity, hostStorage } = ids(snapshot);
      const site = singleResourceOfType(snapshot, 'Microsoft.Web/sites');
      expect(site.identity?.type).toBe('UserAssigned');
      expect(Object.keys(site.identity?.userAssignedIdentities ?? {}).sort()).toEqual([identity, hostIdentity].sort());
      const container = leafName(
        singleResourceOfType(snapshot, 'Microsoft.Storage/storageAccounts/blobServices/containers'),
      );
      const deploymentStorage = (
        site.properties.functionAppConfig as { deployment: { storage: Record<string, unknown> } }
      ).deployment.storage;
      expect(deploymentStorage).toMatchObject({
        type: 'blobContainer',
        authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: hostIdentity },
      });
      expect(deploymentStorage.value).toMatch(referenceTo(hostStorage, 'primaryEndpoints.blob'));
      expect(deploymentStorage.value).toContain(`'${container}'`);
    });

    it('given the deployment, then the Functions host reaches its storage with the host identity, never a connection string', () => {
      const { hostIdentity, hostStorage } = ids(snapshot);
      const settings = appSettingsOf(snapshot);
      expect(settings.has('AzureWebJobsStorage')).toBe(false);
      expect(settings.get('AzureWebJobsStorage__credential')).toBe('managedidentity');
      expect(settings.get('AzureWebJobsStorage__clientId')).toMatch(referenceTo(hostIdentity, 'clientId'));
      for (const service of ['blob', 'queue', 'table']) {
        expect(settings.get(`AzureWebJobsStorage__${service}ServiceUri`)).toMatch(
          referenceTo(hostStorage, `primaryEndpoints.${service}`),
        );
      }
    });

    it('given Application Insights with local auth disabled, then the host sends telemetry with the host identity (Entra auth)', () => {
      const { hostIdentity: identity, applicationInsights } = ids(snapshot);
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
      const { identity, dataStorage, serviceBus } = ids(snapshot);
      const settings = appSettingsOf(snapshot);
      const byKey = (key: keyof typeof resources.settings): string | undefined =>
        settings.get(resources.settings[key].name);
      expect(byKey('caseStorageTableServiceUri')).toMatch(referenceTo(dataStorage, 'primaryEndpoints.table'));
      expect(byKey('caseStorageClientId')).toMatch(referenceTo(identity, 'clientId'));
      expect(byKey('serviceBusNamespace')).toMatch(/^\[parseUri\(/);
      expect(byKey('serviceBusNamespace')).toMatch(referenceTo(serviceBus, 'serviceBusEndpoint'));
      expect(byKey('serviceBusNamespace')).toMatch(/\)\.host\]$/);
      expect(byKey('serviceBusCredential')).toBe('managedidentity');
      expect(byKey('serviceBusClientId')).toMatch(referenceTo(identity, 'clientId'));
      expect(byKey('messagingTransport')).toBe('serviceBus');
      expect(byKey('slaSweepSchedule')).toBe('0 */1 * * * *');
    });

    it('given the host node arguments in resources.json, then the Functions worker runs with them, as npm start runs the local host', () => {
      expect(appSettingsOf(snapshot).get('languageWorkers__node__arguments')).toBe('--heap-growing-percent=50');
      expect(packageJson.scripts.start).toContain(`node ${resources.hostNodeArguments} dist/scripts/start.js`);
    });
  });

  describe('agent sign-in with Microsoft Entra ID (App Service Authentication)', () => {
    const authSettingsType = 'Microsoft.Web/sites/config';
    const entraClientId = '3f2a9c41-7d5e-4b8a-9c1f-2e6d8b4a7c10';

    it('given no entraClientId, then no authentication is configured and the app ignores client-principal headers', () => {
      expect(resourcesOfType(snapshot, authSettingsType).filter((r) => leafName(r) === 'authsettingsV2')).toEqual([]);
      expect(appSettingsOf(snapshot).get(resources.settings.clientPrincipal.name)).toBe('ignored');
    });

    it(
      'given an entraClientId, then Entra sign-in is on for the function app, anonymous requests still reach it for API keys, and the app trusts the platform headers',
      () => {
        const withSignIn = snapshotWith('entraSignIn', { entraClientId: `'${entraClientId}'` });
        const site = singleResourceOfType(withSignIn, 'Microsoft.Web/sites');
        const authSettings = singleResourceOfType(withSignIn, authSettingsType);
        expect(authSettings.name).toBe(`${site.name}/authsettingsV2`);
        expect(authSettings.properties).toMatchObject({
          platform: { enabled: true },
          globalValidation: { requireAuthentication: false, unauthenticatedClientAction: 'AllowAnonymous' },
          httpSettings: { requireHttps: true },
          identityProviders: {
            azureActiveDirectory: {
              enabled: true,
              registration: { clientId: entraClientId },
            },
          },
        });
        // The v2.0 issuer of the cloud's login endpoint and the snapshot's stand-in tenant: by default the deployment's own.
        const registration = (authSettings.properties.identityProviders as Record<string, Record<string, unknown>>)
          .azureActiveDirectory?.registration as { openIdIssuer: string };
        expect(registration.openIdIssuer).toBe(
          "[format('{0}{1}/v2.0', environment().authentication.loginEndpoint, '00000000-0000-0000-0000-000000000000')]",
        );
        // Keyless: no client secret setting, the platform uses the id_token flow.
        expect(JSON.stringify(authSettings.properties)).not.toMatch(/clientSecret/i);
        expect(appSettingsOf(withSignIn).get(resources.settings.clientPrincipal.name)).toBe('trusted');
      },
      infraBuildTimeoutMs,
    );
  });

  describe('outbound mail (mailSender)', () => {
    const communicationAndEmailServiceOwner = '09976791-48a7-449e-bb21-39d1a415f350';
    const communicationTypes = [
      'Microsoft.Communication/emailServices',
      'Microsoft.Communication/emailServices/domains',
      'Microsoft.Communication/communicationServices',
    ];

    it('given the default parameters, then no mail service is provisioned and the app mails nothing', () => {
      for (const type of communicationTypes) expect(resourcesOfType(snapshot, type)).toEqual([]);
      const settings = appSettingsOf(snapshot);
      expect(settings.get(resources.settings.mailSender.name)).toBe('none');
      expect(settings.get(resources.settings.mailAcsEndpoint.name)).toBe('');
    });

    it(
      'given mailSender acs, then an Email service with an Azure managed domain is linked to a keyless Communication Services resource the app identity may send through, and the app is told its endpoint and sender',
      () => {
        const withAcs = snapshotWith('acsMail', { mailSender: "'acs'", mailDataLocation: "'Germany'" });
        const emailService = singleResourceOfType(withAcs, 'Microsoft.Communication/emailServices');
        const domain = singleResourceOfType(withAcs, 'Microsoft.Communication/emailServices/domains');
        const communication = singleResourceOfType(withAcs, 'Microsoft.Communication/communicationServices');
        expect(emailService.properties).toMatchObject({ dataLocation: 'Germany' });
        expect(domain.name).toBe(`${emailService.name}/AzureManagedDomain`);
        expect(domain.properties).toMatchObject({
          domainManagement: 'AzureManaged',
          userEngagementTracking: 'Disabled',
        });
        expect(communication.properties).toMatchObject({
          dataLocation: 'Germany',
          linkedDomains: [domain.id],
          disableLocalAuth: true,
        });

        const { identity } = ids(withAcs);
        const grants = grantsTo(withAcs, referenceTo(identity, 'principalId')).filter(
          (grant) => grant.roleId === communicationAndEmailServiceOwner,
        );
        expect(grants.map((grant) => grant.scope)).toEqual([communication.id]);

        const settings = appSettingsOf(withAcs);
        expect(settings.get(resources.settings.mailSender.name)).toBe('acs');
        expect(settings.get(resources.settings.mailAcsEndpoint.name)).toMatch(
          referenceTo(communication.id, 'hostName'),
        );
        expect(settings.get(resources.settings.mailSenderAddress.name)).toMatch(
          referenceTo(domain.id, 'mailFromSenderDomain'),
        );
        expect(settings.get(resources.settings.mailClientId.name)).toMatch(referenceTo(identity, 'clientId'));
      },
      infraBuildTimeoutMs,
    );

    it(
      'given mailSender graph, then nothing is provisioned for mail: Exchange Online grants the app identity Mail.Send (README)',
      () => {
        const withGraph = snapshotWith('graphMail', {
          mailSender: "'graph'",
          mailDefaultSenderAddress: "'support@contoso.example'",
        });
        for (const type of communicationTypes) expect(resourcesOfType(withGraph, type)).toEqual([]);
        const settings = appSettingsOf(withGraph);
        expect(settings.get(resources.settings.mailSender.name)).toBe('graph');
        expect(settings.get(resources.settings.mailSenderAddress.name)).toBe('support@contoso.example');
      },
      infraBuildTimeoutMs,
    );
  });

  describe('inbound mail (mailConnector)', () => {
    const supportMailbox = 'support@contoso.example';
    const mailIdentityName = 'id-cspdesk-mail';
    const connectorTypes = ['Microsoft.Logic/workflows', 'Microsoft.Web/connections'];
    let withConnector: Snapshot;

    beforeAll(() => {
      withConnector = snapshotWith('mailConnector', {
        mailConnector: "'logicApp'",
        supportMailbox: `'${supportMailbox}'`,
      });
    }, infraBuildTimeoutMs);

    interface SendAction {
      type: string;
      inputs: {
        method: string;
        uri: string;
        headers: Record<string, string>;
        body: Record<string, string>;
        authentication: { type: string; identity?: string; audience: string };
      };
    }

    interface WorkflowDefinition {
      triggers: Record<
        string,
        { type: string; splitOn: string; inputs: { fetch: { pathTemplate: { template: string } } } }
      >;
      actions: Record<string, SendAction>;
    }

    function definitionOf(s: Snapshot): WorkflowDefinition {
      return singleResourceOfType(s, 'Microsoft.Logic/workflows').properties.definition as WorkflowDefinition;
    }

    function sendActionOf(s: Snapshot): SendAction {
      const actions = Object.values(definitionOf(s).actions);
      expect(actions).toHaveLength(1);
      return actions[0] as SendAction;
    }

    it('given the default parameters, then no Logic App, API connection or connector identity is deployed', () => {
      for (const type of connectorTypes) expect(resourcesOfType(snapshot, type)).toEqual([]);
      const identities = resourcesOfType(snapshot, 'Microsoft.ManagedIdentity/userAssignedIdentities').map(
        (r) => r.name,
      );
      expect(identities).not.toContain(mailIdentityName);
    });

    it('given mailConnector logicApp, then a Consumption workflow running as its own user-assigned identity watches the mailbox through an Office 365 Outlook connection', () => {
      const workflow = singleResourceOfType(withConnector, 'Microsoft.Logic/workflows');
      const connection = singleResourceOfType(withConnector, 'Microsoft.Web/connections');
      const mailIdentity = identityNamed(withConnector, mailIdentityName);
      expect(workflow.identity?.type).toBe('UserAssigned');
      expect(Object.keys(workflow.identity?.userAssignedIdentities ?? {})).toEqual([mailIdentity]);
      expect((connection.properties.api as { id: string }).id).toMatch(
        /\/providers\/Microsoft\.Web\/locations\/[^/]+\/managedApis\/office365$/,
      );
      expect(workflow.properties.parameters).toEqual({
        $connections: {
          value: {
            office365: {
              id: (connection.properties.api as { id: string }).id,
              connectionId: connection.id,
              connectionName: connection.name,
            },
          },
        },
      });
      const triggers = Object.values(definitionOf(withConnector).triggers);
      expect(triggers).toHaveLength(1);
      expect(triggers[0]).toMatchObject({
        type: 'ApiConnectionNotification',
        splitOn: "@triggerBody()?['value']",
        inputs: { fetch: { pathTemplate: { template: '/v3/Mail/OnNewEmail' } } },
      });
    });

    it('given mailConnector logicApp, then each mail is sent to email-intake over Service Bus REST with the connector identity, its Message-ID as MessageId and the mailbox as application property', () => {
      const send = sendActionOf(withConnector);
      const namespace = ids(withConnector).serviceBus;
      expect(send.type).toBe('Http');
      expect(send.inputs.method).toBe('POST');
      expect(send.inputs.uri).toMatch(referenceTo(namespace, 'serviceBusEndpoint'));
      expect(send.inputs.uri).toContain(`'${resources.queues.emailIntake.name}'`);
      expect(send.inputs.uri).toMatch(/\{1\}\/messages'/);
      expect(send.inputs.authentication).toEqual({
        type: 'ManagedServiceIdentity',
        identity: identityNamed(withConnector, mailIdentityName),
        audience: 'https://servicebus.azure.net',
      });
      expect(send.inputs.headers).toEqual({
        'Content-Type': 'application/json',
        BrokerProperties:
          "@{string(addProperty(json('{}'), 'MessageId', take(triggerBody()?['internetMessageId'], 128)))}",
        mailbox: supportMailbox,
      });
    });

    it('given the message body the workflow builds, then it carries every field the Outlook V3 reader knows, each from the trigger output of the same name', () => {
      const body = sendActionOf(withConnector).inputs.body;
      const fields = Object.keys(built(outlookV3EmailSchema).shape).sort();
      expect(Object.keys(body).sort()).toEqual(fields);
      for (const field of fields) expect(body[field]).toBe(`@triggerBody()?['${field}']`);
    });

    it('given a V3 trigger output as the Outlook connector documents it, then the body the workflow builds from it is an email intakeEmail takes in', () => {
      // One item of "When a new email arrives (V3)" (GraphClientReceiveMessage) after splitOn.
      const triggerOutput: Record<string, unknown> = {
        id: 'AAMkADU3ZTM1=',
        receivedDateTime: '2026-11-30T09:15:27+00:00',
        hasAttachments: true,
        internetMessageId: '<DB9PR0301MB2300.eurprd03.prod.outlook.com>',
        subject: 'Outlook crashes on start',
        bodyPreview: 'Hello, since this morning',
        importance: 'normal',
        conversationId: 'AAQkADU3ZTM1',
        isRead: false,
        isHtml: true,
        body: '<html><body><p>Hello, since this morning Outlook crashes.</p></body></html>',
        from: 'ana@fabrikam.example',
        toRecipients: `${supportMailbox}`,
        ccRecipients: 'lead@fabrikam.example',
        bccRecipients: null,
        replyTo: null,
        attachments: [{ name: 'crash.png', contentType: 'image/png', size: 20480, contentBytes: null }],
      };
      const template = sendActionOf(withConnector).inputs.body;
      const built = Object.fromEntries(
        Object.entries(template).map(([key, expression]) => {
          const field = /^@triggerBody\(\)\?\['([^']+)'\]$/.exec(expression)?.[1];
          if (field === undefined) throw new Error(`${key} is not a trigger output field: ${expression}`);
          return [key, triggerOutput[field] ?? null];
        }),
      );

      const parsed = parseInboundEmail(Buffer.from(JSON.stringify(built)));

      expect(parsed).toMatchObject({
        ok: true,
        email: {
          messageId: '<DB9PR0301MB2300.eurprd03.prod.outlook.com>',
          conversationId: 'AAQkADU3ZTM1',
          subject: 'Outlook crashes on start',
          from: { address: 'ana@fabrikam.example' },
          to: [{ address: supportMailbox }],
          receivedAt: '2026-11-30T09:15:27.000Z',
          attachments: [{ name: 'crash.png', contentType: 'image/png', size: 20480 }],
        },
      });
    });

    it('given mailConnector logicApp, then the connector identity holds exactly Azure Service Bus Data Sender on email-intake, and nobody holds a role on the namespace', () => {
      const mailIdentity = identityNamed(withConnector, mailIdentityName);
      expect(scopesAndRoles(grantsTo(withConnector, referenceTo(mailIdentity, 'principalId')))).toEqual([
        { scope: queueId(withConnector, resources.queues.emailIntake.name), roleId: role.serviceBusDataSender },
      ]);
      const { serviceBus } = ids(withConnector);
      expect(roleGrants(withConnector).filter((g) => g.scope.toLowerCase() === serviceBus.toLowerCase())).toEqual([]);
    });
  });

  describe('operations alerts (alertEmail)', () => {
    const alertEmail = 'ops@contoso.example';
    const alertTypes = [
      'Microsoft.Insights/actionGroups',
      'Microsoft.Insights/metricAlerts',
      'Microsoft.Insights/scheduledQueryRules',
    ];
    let withAlerts: Snapshot;

    beforeAll(() => {
      withAlerts = snapshotWith('alerts', { alertEmail: `'${alertEmail}'`, slaBreachesPerHourThreshold: '25' });
    }, infraBuildTimeoutMs);

    interface MetricCriterion {
      metricName: string;
      timeAggregation: string;
      metricNamespace: string;
      dimensions: { name: string; operator: string; values: string[] }[];
      operator: string;
      threshold: number;
    }

    interface LogCriterion {
      query: string;
      timeAggregation: string;
      dimensions: { name: string; operator: string; values: string[] }[];
      operator: string;
      threshold: number;
    }

    function metricCriterionOn(
      s: Snapshot,
      metricName: string,
    ): { alert: PredictedResource; criterion: MetricCriterion } {
      const found = resourcesOfType(s, 'Microsoft.Insights/metricAlerts').flatMap((alert) =>
        (alert.properties.criteria as { allOf: MetricCriterion[] }).allOf
          .filter((criterion) => criterion.metricName === metricName)
          .map((criterion) => ({ alert, criterion })),
      );
      if (found.length !== 1) throw new Error(`Expected one metric alert on ${metricName}, found ${found.length}`);
      return found[0] as { alert: PredictedResource; criterion: MetricCriterion };
    }

    function logCriterionMatching(s: Snapshot, table: RegExp): { rule: PredictedResource; criterion: LogCriterion } {
      const found = resourcesOfType(s, 'Microsoft.Insights/scheduledQueryRules').flatMap((rule) =>
        (rule.properties.criteria as { allOf: LogCriterion[] }).allOf
          .filter((criterion) => table.test(criterion.query))
          .map((criterion) => ({ rule, criterion })),
      );
      if (found.length !== 1)
        throw new Error(`Expected one log alert matching ${String(table)}, found ${found.length}`);
      return found[0] as { rule: PredictedResource; criterion: LogCriterion };
    }

    it('given no alertEmail, then no action group or alert rule is deployed', () => {
      for (const type of alertTypes) expect(resourcesOfType(snapshot, type)).toEqual([]);
    });

    it('given an alertEmail, then one action group mails it and every alert rule notifies that group', () => {
      const group = singleResourceOfType(withAlerts, 'Microsoft.Insights/actionGroups');
      expect(group.properties).toMatchObject({ enabled: true, emailReceivers: [{ emailAddress: alertEmail }] });
      expect(String(group.properties.groupShortName).length).toBeLessThanOrEqual(12);
      const metricAlerts = resourcesOfType(withAlerts, 'Microsoft.Insights/metricAlerts');
      const logAlerts = resourcesOfType(withAlerts, 'Microsoft.Insights/scheduledQueryRules');
      expect(metricAlerts.length + logAlerts.length).toBe(4);
      for (const alert of metricAlerts)
        expect({ alert: alert.name, actions: alert.properties.actions }).toEqual({
          alert: alert.name,
          actions: [{ actionGroupId: group.id }],
        });
      for (const rule of logAlerts)
        expect({ rule: rule.name, actions: rule.properties.actions }).toEqual({
          rule: rule.name,
          actions: { actionGroups: [group.id] },
        });
    });

    it('given the queues, then a message on dead-letters (where every queue forwards its dead letters) alerts, and so does a dead letter left in any queue, per queue', () => {
      const { serviceBus } = ids(withAlerts);
      const waiting = metricCriterionOn(withAlerts, 'ActiveMessages');
      const deadLettered = metricCriterionOn(withAlerts, 'DeadletteredMessages');
      for (const { alert, criterion } of [waiting, deadLettered]) {
        expect(alert.properties.scopes).toEqual([serviceBus]);
        expect(criterion).toMatchObject({
          metricNamespace: 'Microsoft.ServiceBus/namespaces',
          operator: 'GreaterThan',
          threshold: 0,
        });
      }
      expect(waiting.criterion.dimensions).toEqual([
        { name: 'EntityName', operator: 'Include', values: [resources.queues.deadLetters.name] },
      ]);
      expect(deadLettered.criterion.dimensions).toHaveLength(1);
      expect(deadLettered.criterion.dimensions[0]).toMatchObject({ name: 'EntityName', operator: 'Include' });
      expect([...(deadLettered.criterion.dimensions[0]?.values ?? [])].sort()).toEqual(
        Object.values(resources.queues)
          .map((q) => q.name)
          .sort(),
      );
    });

    it('given the function app telemetry, then a failed execution (not a 4xx answer) alerts, per function', () => {
      const { applicationInsights } = ids(withAlerts);
      const { rule, criterion } = logCriterionMatching(withAlerts, /^requests\b/);
      expect(rule.kind).toBe('LogAlert');
      expect(rule.properties.scopes).toEqual([applicationInsights]);
      expect(criterion.query).toBe('requests | where success == false and not(resultCode startswith "4")');
      expect(criterion).toMatchObject({ timeAggregation: 'Count', operator: 'GreaterThan', threshold: 0 });
      expect(criterion.dimensions).toEqual([{ name: 'operation_Name', operator: 'Include', values: ['*'] }]);
    });

    it(
      'given the mail connector too, then a failed trigger (a connection that lost its sign-in) and a failed run of the Logic App alert; without it, nothing watches a Logic App',
      () => {
        const metricNamesOn = (s: Snapshot, scope: string): string[] =>
          resourcesOfType(s, 'Microsoft.Insights/metricAlerts')
            .filter((alert) => (alert.properties.scopes as string[]).includes(scope))
            .flatMap((alert) => (alert.properties.criteria as { allOf: MetricCriterion[] }).allOf)
            .map((criterion) => criterion.metricName)
            .sort();
        const logicAppAlerts = (s: Snapshot): PredictedResource[] =>
          resourcesOfType(s, 'Microsoft.Insights/metricAlerts').filter((alert) =>
            (alert.properties.scopes as string[]).some((scope) => /\/Microsoft\.Logic\/workflows\//i.test(scope)),
          );
        expect(logicAppAlerts(withAlerts)).toEqual([]);

        const withBoth = snapshotWith('alertsAndMailConnector', {
          alertEmail: `'${alertEmail}'`,
          mailConnector: "'logicApp'",
          supportMailbox: "'support@contoso.example'",
        });
        const workflow = singleResourceOfType(withBoth, 'Microsoft.Logic/workflows');
        expect(metricNamesOn(withBoth, workflow.id)).toEqual(['RunsFailed', 'TriggersFailed']);
        const group = singleResourceOfType(withBoth, 'Microsoft.Insights/actionGroups');
        for (const alert of logicAppAlerts(withBoth)) {
          expect(alert.properties.actions).toEqual([{ actionGroupId: group.id }]);
          expect((alert.properties.criteria as { allOf: MetricCriterion[] }).allOf).toEqual([
            expect.objectContaining({ operator: 'GreaterThan', threshold: 0, timeAggregation: 'Total' }),
          ]);
        }
      },
      infraBuildTimeoutMs,
    );

    it('given slaBreachesPerHourThreshold, then more SLA breach lines than that in an hour alert', () => {
      const { applicationInsights } = ids(withAlerts);
      const { rule, criterion } = logCriterionMatching(withAlerts, /^traces\b/);
      expect(rule.properties.scopes).toEqual([applicationInsights]);
      expect(rule.properties.windowSize).toBe('PT1H');
      expect(criterion.query).toBe('traces | where message startswith "slaBreached "');
      expect(criterion).toMatchObject({ timeAggregation: 'Count', operator: 'GreaterThan', threshold: 25 });
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
          'hostStorageAccountName',
        ]),
      );
      const { dataStorage, hostStorage } = ids(snapshot);
      expect(snapshot.outputs.functionAppName).toBe(leafName(singleResourceOfType(snapshot, 'Microsoft.Web/sites')));
      expect(snapshot.outputs.storageAccountName).toBe(dataStorage.split('/').pop());
      expect(snapshot.outputs.hostStorageAccountName).toBe(hostStorage.split('/').pop());
    });
  });
});
