metadata description = 'User-assigned managed identity that the function app uses for storage, Service Bus and telemetry.'

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region of the identity.')
param location string

@description('Tags applied to the identity.')
param tags { *: string }

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Client id the app passes to DefaultAzureCredential / the Functions host.')
output clientId string = identity.properties.clientId
