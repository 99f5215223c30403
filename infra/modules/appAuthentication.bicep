metadata description = 'App Service Authentication (Easy Auth) on the function app: agents sign in with Microsoft Entra ID; requests without a sign-in still reach the app, where API keys authenticate portals, connectors and automation.'

@description('Name of the function app.')
param functionAppName string

@description('Application (client) id of the Entra app registration agents sign in to.')
param clientId string

@description('Entra tenant (directory) id whose users sign in: the issuer is its v2.0 endpoint.')
param tenantId string

resource functionApp 'Microsoft.Web/sites@2025-03-01' existing = {
  name: functionAppName
}

// No client secret: the platform signs users in with the OpenID Connect id_token flow, so nothing secret is stored and
// the app registration needs ID token issuance. The platform removes client-supplied X-MS-CLIENT-PRINCIPAL headers and
// sets its own for a signed-in user; the app trusts them only because main.bicep sets AUTH_CLIENT_PRINCIPAL=trusted
// in the same deployment.
resource authSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: functionApp
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      // API keys keep working: a request without a sign-in passes to the app, which answers 401 without a key.
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: clientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [clientId, 'api://${clientId}']
        }
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
  }
}
