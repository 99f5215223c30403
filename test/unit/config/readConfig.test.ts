import { azuriteConnectionString, ConfigurationError, readConfig } from '../../../shared/config';
import { settingNames } from '../../../shared/resourceNames';

// The settings infra/main.bicep gives the function app in Azure: endpoints and the app identity's client id, no secrets.
const tableServiceUri = 'https://stcspdeskd7yuzuyh54kwe.table.core.windows.net/';
const fullyQualifiedNamespace = 'sb-cspdesk-d7yuzuyh54kwe.servicebus.windows.net';
const clientId = '6f1c2b3a-9d8e-4f70-a1b2-c3d4e5f60718';

const azureSettings: NodeJS.ProcessEnv = {
  [settingNames.caseStorageTableServiceUri]: tableServiceUri,
  [settingNames.caseStorageClientId]: clientId,
  [settingNames.serviceBusNamespace]: fullyQualifiedNamespace,
  [settingNames.serviceBusCredential]: 'managedidentity',
  [settingNames.serviceBusClientId]: clientId,
  [settingNames.messagingTransport]: 'serviceBus',
};

/** The ConfigurationError that `readConfig` throws for `environment`; fails the test when it throws nothing. */
function configurationErrorFor(environment: NodeJS.ProcessEnv): ConfigurationError {
  try {
    readConfig(environment);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('readConfig accepted settings it should have refused');
}

describe('readConfig: app settings for Azure and for local development', () => {
  describe('case storage', () => {
    it('given the table endpoint and a client id (Azure), when read, then cases are stored with that managed identity', () => {
      expect(readConfig(azureSettings).caseStorage).toEqual({ kind: 'identity', tableServiceUri, clientId });
    });

    it('given the table endpoint without a client id, when read, then the identity kind is kept and the client id is left unset', () => {
      const config = readConfig({ ...azureSettings, [settingNames.caseStorageClientId]: undefined });
      expect(config.caseStorage).toEqual({ kind: 'identity', tableServiceUri });
    });

    it('given a connection string, when read, then cases are stored through that connection string as given', () => {
      const connectionString = 'DefaultEndpointsProtocol=https;AccountName=example;EndpointSuffix=core.windows.net';
      const config = readConfig({
        [settingNames.caseStorageConnectionString]: connectionString,
        [settingNames.messagingTransport]: 'inProcess',
      });
      expect(config.caseStorage).toEqual({ kind: 'connectionString', connectionString });
    });

    it('given UseDevelopmentStorage=true, when read, then cases go to the Azurite table service on 127.0.0.1:10002', () => {
      const config = readConfig({
        [settingNames.caseStorageConnectionString]: 'UseDevelopmentStorage=true',
        [settingNames.messagingTransport]: 'inProcess',
      });
      expect(config.caseStorage).toEqual({ kind: 'connectionString', connectionString: azuriteConnectionString() });
      const connectionString =
        config.caseStorage.kind === 'connectionString' ? config.caseStorage.connectionString : '';
      expect(connectionString).toContain('AccountName=devstoreaccount1;');
      expect(connectionString).toContain('TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;');
    });

    it('given both a table endpoint and a connection string, when read, then the table endpoint with the identity wins', () => {
      const config = readConfig({
        ...azureSettings,
        [settingNames.caseStorageConnectionString]: 'UseDevelopmentStorage=true',
      });
      expect(config.caseStorage).toEqual({ kind: 'identity', tableServiceUri, clientId });
    });

    it('given neither a table endpoint nor a connection string, when read, then a ConfigurationError names both settings', () => {
      const error = configurationErrorFor({ [settingNames.messagingTransport]: 'inProcess' });
      expect(error.message).toContain('Case storage is not configured');
      expect(error.message).toContain(settingNames.caseStorageTableServiceUri);
      expect(error.message).toContain(settingNames.caseStorageConnectionString);
    });

    it.each([
      ['no scheme', 'stcspdesk.table.core.windows.net'],
      ['not a URL at all', 'table storage'],
      // The SDK sends a managed identity's token over https only; anything else would fail at the first request.
      ['plain http', 'http://stcspdesk.table.core.windows.net'],
      ['another scheme', 'ftp://stcspdesk.table.core.windows.net'],
    ])('given a table endpoint with %s, when read, then a ConfigurationError names the setting', (_problem, value) => {
      const error = configurationErrorFor({ ...azureSettings, [settingNames.caseStorageTableServiceUri]: value });
      expect(error.message).toMatch(/^Invalid app settings: /);
      expect(error.message).toContain(`${settingNames.caseStorageTableServiceUri}: `);
    });

    it('given a blank client id, when read, then a ConfigurationError names the setting rather than falling back to another identity', () => {
      const error = configurationErrorFor({ ...azureSettings, [settingNames.caseStorageClientId]: '   ' });
      expect(error.message).toContain(`${settingNames.caseStorageClientId}: `);
    });
  });

  describe('messaging', () => {
    it('given the namespace and a client id (Azure), when read, then messages go through Service Bus with that managed identity', () => {
      expect(readConfig(azureSettings).messaging).toEqual({ kind: 'serviceBus', fullyQualifiedNamespace, clientId });
    });

    it('given no transport setting, when read, then Service Bus is the default', () => {
      const config = readConfig({ ...azureSettings, [settingNames.messagingTransport]: undefined });
      expect(config.messaging).toEqual({ kind: 'serviceBus', fullyQualifiedNamespace, clientId });
    });

    it('given the namespace without a client id, when read, then Service Bus is used and the client id is left unset', () => {
      const config = readConfig({ ...azureSettings, [settingNames.serviceBusClientId]: undefined });
      expect(config.messaging).toEqual({ kind: 'serviceBus', fullyQualifiedNamespace });
    });

    it('given values with surrounding white space, when read, then the namespace and client id are trimmed', () => {
      const config = readConfig({
        ...azureSettings,
        [settingNames.serviceBusNamespace]: ` ${fullyQualifiedNamespace}\n`,
        [settingNames.serviceBusClientId]: ` ${clientId} `,
      });
      expect(config.messaging).toEqual({ kind: 'serviceBus', fullyQualifiedNamespace, clientId });
    });

    it('given the in-process transport (local host), when read, then no Service Bus setting is needed or used', () => {
      const config = readConfig({
        ...azureSettings,
        [settingNames.messagingTransport]: 'inProcess',
        [settingNames.serviceBusNamespace]: undefined,
      });
      expect(config.messaging).toEqual({ kind: 'inProcess' });
    });

    it('given Service Bus without a namespace, when read, then a ConfigurationError names the transport and the namespace setting', () => {
      const error = configurationErrorFor({ ...azureSettings, [settingNames.serviceBusNamespace]: undefined });
      expect(error.message).toBe(
        `${settingNames.messagingTransport} is serviceBus but ${settingNames.serviceBusNamespace} is not set.`,
      );
    });

    it('given an unknown transport, when read, then a ConfigurationError names the setting', () => {
      const error = configurationErrorFor({ ...azureSettings, [settingNames.messagingTransport]: 'kafka' });
      expect(error.message).toMatch(/^Invalid app settings: /);
      expect(error.message).toContain(`${settingNames.messagingTransport}: `);
    });
  });

  describe('errors and sources', () => {
    it('given several invalid settings, when read, then one ConfigurationError names every one of them', () => {
      const error = configurationErrorFor({
        ...azureSettings,
        [settingNames.caseStorageTableServiceUri]: 'not-a-url',
        [settingNames.messagingTransport]: 'carrierPigeon',
        [settingNames.serviceBusClientId]: '',
      });
      expect(error.name).toBe('ConfigurationError');
      for (const setting of [
        settingNames.caseStorageTableServiceUri,
        settingNames.messagingTransport,
        settingNames.serviceBusClientId,
      ]) {
        expect(error.message).toContain(`${setting}: `);
      }
    });

    it('given settings the app does not read, when read, then they are ignored', () => {
      const config = readConfig({
        ...azureSettings,
        AzureWebJobsStorage__clientId: 'another-identity',
        UNRELATED: 'x',
      });
      expect(config).toEqual(readConfig(azureSettings));
    });

    it('given no environment argument, when read, then the process environment is used', () => {
      const saved = { ...process.env };
      try {
        for (const name of Object.values(settingNames)) delete process.env[name];
        Object.assign(process.env, azureSettings);
        expect(readConfig()).toEqual(readConfig(azureSettings));
      } finally {
        for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
        Object.assign(process.env, saved);
      }
    });
  });
});
