metadata description = 'Two storage accounts reachable with Entra identities only: one for the Functions host and the deployment package, one for the case tables.'

import { builtInRoles, operatorTableAccessType } from 'builtInRoles.bicep'

@description('Globally unique name of the account for the Functions host (AzureWebJobsStorage) and the deployment package.')
@minLength(3)
@maxLength(24)
param hostAccountName string

@description('Globally unique name of the account holding the case tables.')
@minLength(3)
@maxLength(24)
param dataAccountName string

@description('Azure region of both accounts.')
param location string

@description('Tags applied to both accounts.')
param tags { *: string }

@description('Names of the case tables to create in the data account.')
param tableNames string[]

@description('Name of the blob container in the host account that holds the function app package.')
param deploymentContainerName string

@description('Name of the user-assigned identity the Functions host uses for its storage and the package.')
param hostIdentityName string

@description('Name of the user-assigned identity the app code uses for the case tables.')
param appIdentityName string

@description('Table access on the data account for the operator running the deployment (for issuing API keys or troubleshooting).')
param operatorTableAccess operatorTableAccessType

// Both accounts: no shared keys, no anonymous blobs, TLS 1.2+ over HTTPS.
var hardenedAccount = {
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

var operatorRole = operatorTableAccess == 'Contributor'
  ? builtInRoles.storageTableDataContributor
  : builtInRoles.storageTableDataReader

resource hostIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: hostIdentityName
}

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: appIdentityName
}

resource hostAccount 'Microsoft.Storage/storageAccounts@2026-06-01' = {
  name: hostAccountName
  location: location
  tags: tags
  kind: hardenedAccount.kind
  sku: hardenedAccount.sku
  properties: hardenedAccount.properties
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2026-06-01' = {
  parent: hostAccount
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

// The host identity (AzureWebJobsStorage and the deployment package) holds Storage Blob Data Owner on this account and
// nothing else. The Functions docs name that role as what host storage needs (read and write blobs, create its
// containers); timer locks use the same blobs, and HTTP, timer and Service Bus triggers add no queue or table role
// (https://learn.microsoft.com/azure/azure-functions/functions-reference#connecting-to-host-storage-with-an-identity).
// Creating containers takes the role on the account, so it also covers the package container, which is what the
// deployment service needs: it stores the package there with the identity named in
// functionAppConfig.deployment.storage.authentication, the host identity (see functionApp.bicep;
// https://learn.microsoft.com/azure/azure-functions/run-functions-from-deployment-package).
// The app identity, which the app code uses, holds no role on this account: the code cannot overwrite its package.
// The same docs list Storage Table Data Contributor as optional, for the host's diagnostic events (without it the host
// logs a warning when it cannot write one); it is left out, so nothing writes tables on this account.
resource hostBlobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: hostAccount
  name: guid(hostAccount.id, hostIdentity.id, builtInRoles.storageBlobDataOwner)
  properties: {
    principalId: hostIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.storageBlobDataOwner)
  }
}

resource dataAccount 'Microsoft.Storage/storageAccounts@2026-06-01' = {
  name: dataAccountName
  location: location
  tags: tags
  kind: hardenedAccount.kind
  sku: hardenedAccount.sku
  properties: hardenedAccount.properties
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2026-06-01' = {
  parent: dataAccount
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2026-06-01' = [
  for tableName in tableNames: {
    parent: tableService
    name: tableName
  }
]

// The app code reads and writes the case tables; no blob or queue role on this account.
resource appTableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: dataAccount
  name: guid(dataAccount.id, appIdentity.id, builtInRoles.storageTableDataContributor)
  properties: {
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.storageTableDataContributor)
  }
}

resource operatorRoleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (operatorTableAccess != 'None') {
  scope: dataAccount
  name: guid(dataAccount.id, deployer().objectId, operatorRole)
  properties: {
    principalId: deployer().objectId
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', operatorRole)
  }
}

@description('Table endpoint of the data account (the case tables).')
output tableEndpoint string = dataAccount.properties.primaryEndpoints.table
