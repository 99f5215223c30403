import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';

/**
 * The app's managed identity (or, without a client id, the operator's own Entra login). @azure/identity is loaded on the
 * first token request rather than at start-up, which keeps it out of every function's cold start.
 */
export function lazyCredential(clientId: string | undefined): TokenCredential {
  let credential: Promise<TokenCredential> | undefined;
  const load = async (): Promise<TokenCredential> => {
    const identity = await import('@azure/identity');
    return clientId ? new identity.ManagedIdentityCredential({ clientId }) : new identity.DefaultAzureCredential();
  };
  return {
    async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      credential ??= load();
      return (await credential).getToken(scopes, options);
    },
  };
}
