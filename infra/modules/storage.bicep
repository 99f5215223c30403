metadata description = 'Storage account for the Functions host, the deployment package and the case tables; reachable with Entra identities only.'

import { builtInRoles, operatorTableAccessType } from 'builtInRoles.bicep'

@description('Globally unique storage account name (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region of the account.')
param location string

@description('Tags applied to the account.')
param tags { *: string }

@description('Names of the tables to create.')
param tableNames string[]

@description('Name of the blob container that holds the function app package.')
param deploymentContainerName string

@description('Name of the user-assigned identity the function app runs as.')
param appIdentityName string

@description('Table access for the operator running the deployment (for issuing API keys or troubleshooting).')
param operatorTableAccess operatorTableAccessType

// Blob (deployment package, host leases), queue (host internals) and table (case data) access for the app.
var appRoles = [
  builtInRoles.storageBlobDataOwner
  builtInRoles.storageQueueDataContributor
  builtInRoles.storageTableDataContributor
]

var operatorRole = operatorTableAccess == 'Contributor'
  ? builtInRoles.storageTableDataContributor
  : builtInRoles.storageTableDataReader

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: appIdentityName
}

resource storageAccount 'Microsoft.Storage/storageAccounts@2026-06-01' = {
  name: name
  location: location
  tags: tags
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

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2026-06-01' = {
  parent: storageAccount
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2026-06-01' = {
  parent: storageAccount
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2026-06-01' = [
  for tableName in tableNames: {
    parent: tableService
    name: tableName
  }
]

resource appRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in appRoles: {
    scope: storageAccount
    name: guid(storageAccount.id, appIdentity.id, roleId)
    properties: {
      principalId: appIdentity.properties.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

resource operatorRoleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (operatorTableAccess != 'None') {
  scope: storageAccount
  name: guid(storageAccount.id, deployer().objectId, operatorRole)
  properties: {
    principalId: deployer().objectId
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', operatorRole)
  }
}

@description('Table endpoint used for the case tables.')
output tableEndpoint string = storageAccount.properties.primaryEndpoints.table
