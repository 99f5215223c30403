import { readConfig } from '../../../shared/config';
import { federatedAppCredentials } from '../../../shared/adapters/microsoft/tenantCredentials';

const mockManagedIdentityCredential = jest.fn();
const mockClientAssertionCredential = jest.fn();

jest.mock('@azure/identity', () => ({
  ManagedIdentityCredential: mockManagedIdentityCredential,
  ClientAssertionCredential: mockClientAssertionCredential,
}));

const local = { CaseStorage: 'UseDevelopmentStorage=true', MESSAGING_TRANSPORT: 'inProcess' };

describe('Microsoft support settings', () => {
  it('given no Microsoft settings, then the public endpoints are used and the desk files nothing itself', () => {
    expect(readConfig(local).microsoftSupport).toEqual({
      azureBaseUrl: 'https://management.azure.com',
      partnerCenterBaseUrl: 'https://api.partnercenter.microsoft.com',
      appClientId: undefined,
      identityClientId: undefined,
    });
  });

  it("given Bicep's values (ARM's trailing slash, an empty app client id), then the slash is dropped and the app is not set", () => {
    const config = readConfig({
      ...local,
      MicrosoftSupport__azureBaseUrl: 'https://management.azure.com/',
      MicrosoftSupport__appClientId: '',
    });
    expect(config.microsoftSupport.azureBaseUrl).toBe('https://management.azure.com');
    expect(config.microsoftSupport.appClientId).toBeUndefined();
  });

  it('given an http base URL, then the settings are refused: tokens travel over https only', () => {
    expect(() => readConfig({ ...local, MicrosoftSupport__partnerCenterBaseUrl: 'http://localhost:1234' })).toThrow(
      /MicrosoftSupport__partnerCenterBaseUrl/,
    );
  });
});

describe('keyless credentials of the partner-facing app', () => {
  it("given a token request for a tenant, then the app's client assertion is the managed identity's token for the token exchange audience", async () => {
    const managedIdentityGetToken = jest.fn().mockResolvedValue({ token: 'mi-token', expiresOnTimestamp: 1 });
    mockManagedIdentityCredential.mockImplementation(() => ({ getToken: managedIdentityGetToken }));
    mockClientAssertionCredential.mockImplementation(
      (_tenantId: string, _clientId: string, getAssertion: () => Promise<string>) => ({
        getToken: async () => ({ token: `app-token-with-${await getAssertion()}`, expiresOnTimestamp: 1 }),
      }),
    );

    const credentials = federatedAppCredentials('app-client-id', 'identity-client-id');
    const token = await credentials.forTenant('customer-tenant').getToken('https://management.azure.com/.default');

    expect(token?.token).toBe('app-token-with-mi-token');
    expect(mockClientAssertionCredential).toHaveBeenCalledWith(
      'customer-tenant',
      'app-client-id',
      expect.any(Function),
    );
    expect(mockManagedIdentityCredential).toHaveBeenCalledWith({ clientId: 'identity-client-id' });
    expect(managedIdentityGetToken).toHaveBeenCalledWith('api://AzureADTokenExchange/.default');
  });
});
