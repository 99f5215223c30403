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

@description('Names of the queues (some of queues) that a function of the app is triggered by.')
param triggerQueueNames string[]

@description('Name of the user-assigned identity the app code and its Service Bus triggers use.')
param appIdentityName string

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

// The app identity gets one role on each queue, never on the namespace:
// - a queue a function is triggered by: Azure Service Bus Data Owner. The Service Bus trigger docs list Data Receiver or
//   Data Owner for a trigger (https://learn.microsoft.com/azure/azure-functions/functions-bindings-service-bus-trigger,
//   "Connections", identity-based); only Data Owner carries the Manage right that reads a queue's message count, and
//   without it the scale controller cannot use the queue length and scales from estimates ("Scale efficiency" in
//   https://learn.microsoft.com/azure/azure-functions/event-driven-scaling). Data Owner includes send and receive, so
//   the app can also publish to these queues (retries, scheduled SLA deadlines).
// - every other queue: Azure Service Bus Data Sender, all the output side needs (same trigger/binding docs); the app
//   only publishes to these (notifications, escalation-requested, dead-letters).
// Scoping a role to one queue is supported
// (https://learn.microsoft.com/azure/service-bus-messaging/service-bus-managed-service-identity, RBAC scope levels).
var appQueueRoles = map(queues, queue => {
  queueName: queue.name
  roleId: contains(triggerQueueNames, queue.name) ? builtInRoles.serviceBusDataOwner : builtInRoles.serviceBusDataSender
})

resource queueScopes 'Microsoft.ServiceBus/namespaces/queues@2026-01-01' existing = [
  for grant in appQueueRoles: {
    parent: namespace
    name: grant.queueName
  }
]

resource appRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (grant, i) in appQueueRoles: {
    scope: queueScopes[i]
    name: guid(queueScopes[i].id, appIdentity.id, grant.roleId)
    properties: {
      principalId: appIdentity.properties.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', grant.roleId)
    }
    // The queues are referenced by name above, so their creation is not implied.
    dependsOn: [deadLetterQueueResource, queueResources]
  }
]

@description('Name of the namespace.')
output name string = namespace.name

@description('Host name clients connect to, e.g. <namespace>.servicebus.windows.net.')
output fullyQualifiedNamespace string = parseUri(namespace.properties.serviceBusEndpoint).host
