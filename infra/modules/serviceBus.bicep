metadata description = 'Service Bus namespace with Entra-only access and the queues of shared/resources.json.'

import { builtInRoles } from 'builtInRoles.bicep'

@description('Queue settings, as in shared/resources.json.')
type queueType = {
  @description('Queue name.')
  name: string
  @description('Deliveries before a message is dead-lettered.')
  maxDeliveryCount: int
  @description('Peek-lock duration (ISO 8601).')
  lockDuration: string
  @description('Message time to live (ISO 8601).')
  defaultMessageTimeToLive: string
  @description('Whether sends with a known MessageId are dropped within the history window.')
  requiresDuplicateDetection: bool
  @description('Duplicate detection history window (ISO 8601).')
  duplicateDetectionHistoryTimeWindow: string
}

@description('Globally unique namespace name.')
@minLength(6)
@maxLength(50)
param name string

@description('Azure region of the namespace.')
param location string

@description('Tags applied to the namespace.')
param tags { *: string }

@description('Queues to create.')
param queues queueType[]

@description('Name of the queue (one of queues) that collects the dead letters of all the others.')
param deadLetterQueueName string

@description('Name of the user-assigned identity the function app runs as.')
param appIdentityName string

var appRoles = [
  builtInRoles.serviceBusDataSender
  builtInRoles.serviceBusDataReceiver
]

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: appIdentityName
}

resource namespace 'Microsoft.ServiceBus/namespaces@2026-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    // No SAS keys: senders and receivers authenticate with Entra ID only.
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

var deadLetterQueue = filter(queues, queue => queue.name == deadLetterQueueName)[0]

// Created first: a queue can forward only to a queue that exists.
resource deadLetterQueueResource 'Microsoft.ServiceBus/namespaces/queues@2026-01-01' = {
  parent: namespace
  name: deadLetterQueue.name
  properties: {
    maxDeliveryCount: deadLetterQueue.maxDeliveryCount
    lockDuration: deadLetterQueue.lockDuration
    defaultMessageTimeToLive: deadLetterQueue.defaultMessageTimeToLive
    deadLetteringOnMessageExpiration: true
    requiresDuplicateDetection: deadLetterQueue.requiresDuplicateDetection
    duplicateDetectionHistoryTimeWindow: deadLetterQueue.duplicateDetectionHistoryTimeWindow
  }
}

// Messages that use up their deliveries or expire land in the dead-letter queue, where the app also sends the ones it
// finds it can never process (a Node.js Service Bus trigger cannot dead-letter a message itself): one place to look.
resource queueResources 'Microsoft.ServiceBus/namespaces/queues@2026-01-01' = [
  for queue in filter(queues, queue => queue.name != deadLetterQueueName): {
    parent: namespace
    name: queue.name
    properties: {
      maxDeliveryCount: queue.maxDeliveryCount
      lockDuration: queue.lockDuration
      defaultMessageTimeToLive: queue.defaultMessageTimeToLive
      deadLetteringOnMessageExpiration: true
      requiresDuplicateDetection: queue.requiresDuplicateDetection
      duplicateDetectionHistoryTimeWindow: queue.duplicateDetectionHistoryTimeWindow
      forwardDeadLetteredMessagesTo: deadLetterQueueResource.name
    }
  }
]

resource appRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in appRoles: {
    scope: namespace
    name: guid(namespace.id, appIdentity.id, roleId)
    properties: {
      principalId: appIdentity.properties.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

@description('Name of the namespace.')
output name string = namespace.name

@description('Host name clients connect to, e.g. <namespace>.servicebus.windows.net.')
output fullyQualifiedNamespace string = parseUri(namespace.properties.serviceBusEndpoint).host
