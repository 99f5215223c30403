import type { AccessToken, GetTokenOptions } from '@azure/core-auth';
import type * as LazyCredentialModule from '../../../shared/adapters/lazyCredential';

// A stand-in for @azure/identity. The factory runs when the module is first required, so `mockIdentityModuleLoads`
// counts how often the code under test loads it. Before each test the module registry is reset and
// shared/adapters/lazyCredential.ts is imported afresh, so a load at import time would be counted too.
const mockIdentityModuleLoads = jest.fn<void, []>();
const mockManagedIdentityCredential = jest.fn();
const mockDefaultAzureCredential = jest.fn();

jest.mock('@azure/identity', () => {
  mockIdentityModuleLoads();
  return {
    ManagedIdentityCredential: mockManagedIdentityCredential,
    DefaultAzureCredential: mockDefaultAzureCredential,
  };
});

const clientId = '6f1c2b3a-9d8e-4f70-a1b2-c3d4e5f60718';
const tableScope = 'https://storage.azure.com/.default';
const managedIdentityToken: AccessToken = { token: 'managed-identity-token', expiresOnTimestamp: 1_900_000_000_000 };
const developerToken: AccessToken = { token: 'developer-login-token', expiresOnTimestamp: 1_900_000_000_000 };

type GetToken = jest.Mock<Promise<AccessToken>, [string | string[], GetTokenOptions | undefined]>;

/** Each credential the code constructs answers getToken with `token` and records what it was asked. */
function credentialAnswering(token: AccessToken): { getToken: GetToken } {
  return {
    getToken: jest.fn<Promise<AccessToken>, [string | string[], GetTokenOptions | undefined]>(async () => token),
  };
}

let lazyCredential: typeof LazyCredentialModule.lazyCredential;

beforeEach(async () => {
  jest.resetModules();
  jest.clearAllMocks();
  mockManagedIdentityCredential.mockImplementation(() => credentialAnswering(managedIdentityToken));
  mockDefaultAzureCredential.mockImplementation(() => credentialAnswering(developerToken));
  ({ lazyCredential } = await import('../../../shared/adapters/lazyCredential'));
});

describe('lazyCredential: which Entra credential the app uses, and when @azure/identity is loaded', () => {
  it('given a client id (Azure), when a token is requested, then a ManagedIdentityCredential for that client id answers', async () => {
    const credential = lazyCredential(clientId);

    const token = await credential.getToken(tableScope);

    expect(token).toEqual(managedIdentityToken);
    expect(mockManagedIdentityCredential).toHaveBeenCalledTimes(1);
    expect(mockManagedIdentityCredential).toHaveBeenCalledWith({ clientId });
    expect(mockDefaultAzureCredential).not.toHaveBeenCalled();
  });

  it('given no client id (an operator on a laptop), when a token is requested, then DefaultAzureCredential answers', async () => {
    const credential = lazyCredential(undefined);

    const token = await credential.getToken(tableScope);

    expect(token).toEqual(developerToken);
    expect(mockDefaultAzureCredential).toHaveBeenCalledTimes(1);
    expect(mockManagedIdentityCredential).not.toHaveBeenCalled();
  });

  it('given an empty client id, when a token is requested, then DefaultAzureCredential answers rather than a managed identity with no id', async () => {
    await lazyCredential('').getToken(tableScope);

    expect(mockDefaultAzureCredential).toHaveBeenCalledTimes(1);
    expect(mockManagedIdentityCredential).not.toHaveBeenCalled();
  });

  it('given a token request with scopes and options, when it is answered, then both reach the chosen credential unchanged', async () => {
    const credential = lazyCredential(clientId);
    const options: GetTokenOptions = { tenantId: 'contoso.onmicrosoft.com' };

    await credential.getToken([tableScope], options);

    const constructed = mockManagedIdentityCredential.mock.results[0]?.value as ReturnType<typeof credentialAnswering>;
    expect(constructed.getToken).toHaveBeenCalledWith([tableScope], options);
  });

  it('given a credential that was created but never asked for a token, then @azure/identity is not loaded and no credential exists', () => {
    lazyCredential(clientId);
    lazyCredential(undefined);

    expect(mockIdentityModuleLoads).not.toHaveBeenCalled();
    expect(mockManagedIdentityCredential).not.toHaveBeenCalled();
    expect(mockDefaultAzureCredential).not.toHaveBeenCalled();
  });

  it('given the first token request, when it is made, then @azure/identity is loaded at that moment', async () => {
    const credential = lazyCredential(clientId);
    expect(mockIdentityModuleLoads).not.toHaveBeenCalled();

    await credential.getToken(tableScope);

    expect(mockIdentityModuleLoads).toHaveBeenCalledTimes(1);
  });

  it('given several token requests, some at the same time, then the module is loaded once and one credential answers them all', async () => {
    const credential = lazyCredential(clientId);

    const concurrent = await Promise.all([credential.getToken(tableScope), credential.getToken(tableScope)]);
    const later = await credential.getToken('https://servicebus.azure.net/.default');

    expect([...concurrent, later]).toEqual([managedIdentityToken, managedIdentityToken, managedIdentityToken]);
    expect(mockIdentityModuleLoads).toHaveBeenCalledTimes(1);
    expect(mockManagedIdentityCredential).toHaveBeenCalledTimes(1);
    const constructed = mockManagedIdentityCredential.mock.results[0]?.value as ReturnType<typeof credentialAnswering>;
    expect(constructed.getToken).toHaveBeenCalledTimes(3);
  });

  it('given the credential fails to get a token, when a token is requested, then the failure reaches the caller', async () => {
    mockManagedIdentityCredential.mockImplementation(() => ({
      getToken: jest.fn(async () => {
        throw new Error('ManagedIdentityCredential: no managed identity endpoint');
      }),
    }));

    await expect(lazyCredential(clientId).getToken(tableScope)).rejects.toThrow('no managed identity endpoint');
  });
});
