import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import { LRUCache } from 'lru-cache';

/** Tokens of the desk's app registration in one Microsoft Entra tenant (a CSP customer's, or the partner's own). */
export interface TenantCredentials {
  forTenant(entraTenantId: string): TokenCredential;
}

/** The audience Microsoft Entra expects of a managed identity token used as a federated client assertion. */
const tokenExchangeScope = 'api://AzureADTokenExchange/.default';

/**
 * Keyless credentials of the partner-facing multi-tenant app registration `appClientId`: its federated credential is
 * the app's user-assigned managed identity `identityClientId`, whose token is the client assertion
 * (https://learn.microsoft.com/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity).
 * The app must be consented in every tenant a token is asked for. @azure/identity is loaded on the first token request.
 */
export function federatedAppCredentials(appClientId: string, identityClientId: string | undefined): TenantCredentials {
  // One credential (and its token cache) per tenant, for the tenants in use: customers come and go.
  const perTenant = new LRUCache<string, TokenCredential>({ max: 1000 });
  let assertion: Promise<TokenCredential> | undefined;
  const managedIdentity = async (): Promise<TokenCredential> => {
    const identity = await import('@azure/identity');
    return new identity.ManagedIdentityCredential(identityClientId ? { clientId: identityClientId } : {});
  };
  const getAssertion = async (): Promise<string> => {
    assertion ??= managedIdentity();
    const token = await (await assertion).getToken(tokenExchangeScope);
    if (!token) throw new Error('The managed identity gave no token for the federated credential.');
    return token.token;
  };
  return {
    forTenant(entraTenantId) {
      let credential = perTenant.get(entraTenantId);
      if (!credential) {
        let loaded: Promise<TokenCredential> | undefined;
        credential = {
          async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
            loaded ??= import('@azure/identity').then(
              (identity) => new identity.ClientAssertionCredential(entraTenantId, appClientId, getAssertion),
            );
            return (await loaded).getToken(scopes, options);
          },
        };
        perTenant.set(entraTenantId, credential);
      }
      return credential;
    },
  };
}
