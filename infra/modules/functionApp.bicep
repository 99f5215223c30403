metadata description = 'Flex Consumption (FC1) plan and Linux function app with two user-assigned identities: one for the app code, one for host storage, the package and telemetry.'

@description('Globally unique function app name (also the default host name).')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region of the plan and the app.')
param location string

@description('Tags applied to the plan and the app.')
param tags { *: string }

@description('Name of the user-assigned identity the app code and its triggers use (case tables, Service Bus).')
param appIdentityName string

@description('Name of the user-assigned identity the Functions host uses for its storage, the deployment package and telemetry.')
param hostIdentityName string

@description('Name of the storage account used for the host and the deployment package.')
param hostStorageAccountName string

@description('Name of the blob container holding the deployment package.')
param deploymentContainerName string

@description('Name of the Application Insights component receiving telemetry.')
param applicationInsightsName string

@description('Node.js major version; the newest major that "engines" in package.json allows.')
param nodeVersion string

@description('Upper bound of instances the plan may scale out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory per instance in MB.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int

@description('Application settings of the app itself (name to value), added to the host settings.')
param appSettings { *: string }

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: appIdentityName
}

resource hostIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: hostIdentityName
}

resource hostStorageAccount 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: hostStorageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// The host reaches its storage with the host identity; no AzureWebJobsStorage connection string exists. The app code
// never sees this identity's client id: its own settings (appSettings) name the app identity.
var hostSettings = {
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: hostIdentity.properties.clientId
  AzureWebJobsStorage__blobServiceUri: hostStorageAccount.properties.primaryEndpoints.blob
  AzureWebJobsStorage__queueServiceUri: hostStorageAccount.properties.primaryEndpoints.queue
  AzureWebJobsStorage__tableServiceUri: hostStorageAccount.properties.primaryEndpoints.table
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  // Application Insights has local auth disabled, so the host sends telemetry with its identity's token.
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${hostIdentity.properties.clientId};Authorization=AAD'
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${appIdentity.id}': {}
      '${hostIdentity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      appSettings: map(items(union(hostSettings, appSettings)), setting => {
        name: setting.key
        value: setting.value
      })
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${hostStorageAccount.properties.primaryEndpoints.blob}${deploymentContainerName}'
          // The platform stores and reads the package with the host identity, not the one the app code uses.
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: hostIdentity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'node'
        version: nodeVersion
      }
    }
  }
}

@description('Name of the function app.')
output name string = functionApp.name

@description('Default host name, e.g. <app>.azurewebsites.net.')
output defaultHostName string = functionApp.properties.defaultHostName
