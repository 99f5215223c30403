metadata description = 'Azure Communication Services Email for the customer notifications (MAIL_SENDER=acs): an Email Communication Service with an Azure managed domain, a Communication Services resource linked to it, and the app identity allowed to send through it (Entra ID, no access keys).'

import { builtInRoles } from 'builtInRoles.bicep'

@description('Name of the Email Communication Service.')
param emailServiceName string

@description('Name of the Communication Services resource the app sends through.')
param communicationServiceName string

@description('Where the services keep their data at rest, e.g. Europe, Germany, United States (ACS data location).')
param dataLocation string

@description('Tags applied to every resource.')
param tags { *: string }

@description('Name of the user-assigned identity the app code uses; it gets the role that may send.')
param appIdentityName string

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: appIdentityName
}

// Communication Services resources are global; dataLocation decides where their data lives.
resource emailService 'Microsoft.Communication/emailServices@2025-05-01' = {
  name: emailServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }
}

// An Azure managed domain (<guid>.azurecomm.net): no DNS records to verify, usable at once. A partner's own domain
// can be added later and the sender address changed in MAIL_SENDER_ADDRESS.
resource managedDomain 'Microsoft.Communication/emailServices/domains@2025-05-01' = {
  parent: emailService
  name: 'AzureManagedDomain'
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'AzureManaged'
    // Tracking rewrites links and adds a pixel: not for a support conversation.
    userEngagementTracking: 'Disabled'
  }
}

resource communicationService 'Microsoft.Communication/communicationServices@2025-05-01' = {
  name: communicationServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    linkedDomains: [managedDomain.id]
    // Entra ID only: the app sends with its managed identity, so no access key may be used.
    disableLocalAuth: true
  }
}

// "Communication and Email Service Owner" on the one resource: the built-in role that lets an Entra identity send
// mail with ACS Email (https://learn.microsoft.com/azure/communication-services/quickstarts/email/send-email-smtp/smtp-authentication).
resource sendRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: communicationService
  name: guid(communicationService.id, appIdentity.id, builtInRoles.communicationAndEmailServiceOwner)
  properties: {
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      builtInRoles.communicationAndEmailServiceOwner
    )
  }
}

@description('Endpoint the app sends through (MAIL_ACS_ENDPOINT), e.g. https://<name>.<region>.communication.azure.com.')
output endpoint string = 'https://${communicationService.properties.hostName}'

@description('Sender address of the managed domain (MAIL_SENDER_ADDRESS).')
output senderAddress string = 'DoNotReply@${managedDomain.properties.mailFromSenderDomain}'
