metadata description = 'One user-assigned managed identity of the function app (main.bicep creates two: one for the app code, one for the Functions host).'

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

@description('Client id that app settings name to select this identity.')
output clientId string = identity.properties.clientId
