metadata description = 'Inbound mail (mailConnector=logicApp): a Consumption Logic App that watches the support mailbox with the Office 365 Outlook connector and sends each mail to the email-intake queue with its own user-assigned identity, which may send to that queue only.'

import { builtInRoles } from 'builtInRoles.bicep'

@description('Name of the Logic App (Consumption) workflow.')
param workflowName string

@description('Name of the Office 365 Outlook API connection; someone who can read the support mailbox authorizes it once after deployment (README "Inbound mail through a Logic App").')
param office365ConnectionName string

@description('Name of the user-assigned identity the workflow sends to Service Bus with.')
param identityName string

@description('Azure region of the workflow, its connection and its identity.')
param location string

@description('Tags applied to every resource.')
param tags { *: string }

@description('Address of the support mailbox the connection signs in as; sent with each mail as the Service Bus application property "mailbox", which names the tenant (README "For connector builders").')
@minLength(3)
@maxLength(320)
param supportMailbox string

@description('Name of the Service Bus namespace holding the intake queue.')
param serviceBusNamespaceName string

@description('Name of the queue each mail is sent to (email-intake in shared/resources.json).')
param intakeQueueName string

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: identityName
  location: location
  tags: tags
}

resource namespace 'Microsoft.ServiceBus/namespaces@2026-01-01' existing = {
  name: serviceBusNamespaceName
}

resource intakeQueue 'Microsoft.ServiceBus/namespaces/queues@2026-01-01' existing = {
  parent: namespace
  name: intakeQueueName
}

// Azure Service Bus Data Sender on the one queue: the workflow can put mail on email-intake and do nothing else
// (https://learn.microsoft.com/azure/service-bus-messaging/service-bus-managed-service-identity, RBAC scope levels).
resource intakeSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: intakeQueue
  name: guid(intakeQueue.id, identity.id, builtInRoles.serviceBusDataSender)
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.serviceBusDataSender)
  }
}

var office365ApiId = subscriptionResourceId('Microsoft.Web/locations/managedApis', location, 'office365')

// An OAuth connection: it holds no secret at deployment and stays unauthenticated until someone signs in with it
// (the one manual step in the README).
resource office365Connection 'Microsoft.Web/connections@2016-06-01' = {
  name: office365ConnectionName
  location: location
  tags: tags
  properties: {
    displayName: 'Office 365 Outlook (${supportMailbox})'
    api: {
      id: office365ApiId
    }
  }
}

// Service Bus "Send Message" over REST with an Entra token of the workflow's identity
// (https://learn.microsoft.com/rest/api/servicebus/send-message-to-queue): the body is the message, BrokerProperties
// carries the MessageId, and every other header is an application property. No Service Bus API connection is needed,
// and the namespace keeps local (SAS) auth off.
var intakeMessagesUri = '${namespace.properties.serviceBusEndpoint}${intakeQueueName}/messages'

// The fields of the V3 trigger's output that functions/intakeEmail.ts reads (shared/domain/email/outlookV3.ts).
var triggerField = map(
  [
    'id'
    'internetMessageId'
    'conversationId'
    'subject'
    'from'
    'toRecipients'
    'ccRecipients'
    'replyTo'
    'body'
    'isHtml'
    'importance'
    'attachments'
    'receivedDateTime'
  ],
  field => { key: field, value: '@triggerBody()?[\'${field}\']' }
)

resource workflow 'Microsoft.Logic/workflows@2019-05-01' = {
  name: workflowName
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    state: 'Enabled'
    definition: {
      '$schema': 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#'
      contentVersion: '1.0.0.0'
      parameters: {
        '$connections': {
          type: 'Object'
          defaultValue: {}
        }
      }
      triggers: {
        // "When a new email arrives (V3)" (operation OnNewEmailV3) as the designer writes it: a webhook on the Inbox of
        // the mailbox the connection signed in as, split into one run per mail. Attachments are listed by name, type
        // and size only; their content stays in the mailbox.
        'When_a_new_email_arrives_(V3)': {
          type: 'ApiConnectionNotification'
          splitOn: '@triggerBody()?[\'value\']'
          inputs: {
            host: {
              connection: {
                name: '@parameters(\'$connections\')[\'office365\'][\'connectionId\']'
              }
            }
            fetch: {
              method: 'get'
              pathTemplate: {
                template: '/v3/Mail/OnNewEmail'
              }
              queries: {
                folderPath: 'Inbox'
                importance: 'Any'
                fetchOnlyWithAttachment: false
                includeAttachments: false
              }
            }
            subscribe: {
              method: 'post'
              pathTemplate: {
                template: '/GraphMailSubscriptionPoke/$subscriptions'
              }
              body: {
                NotificationUrl: '@{listCallbackUrl()}'
              }
              queries: {
                folderPath: 'Inbox'
                importance: 'Any'
                fetchOnlyWithAttachment: false
              }
            }
          }
        }
      }
      actions: {
        Send_to_email_intake: {
          type: 'Http'
          runAfter: {}
          inputs: {
            method: 'POST'
            uri: intakeMessagesUri
            headers: {
              'Content-Type': 'application/json'
              // The Internet Message-ID as the Service Bus MessageId, so duplicate detection drops a retried send
              // (MessageId holds at most 128 characters; the desk also takes a Message-ID in only once).
              BrokerProperties: '@{string(addProperty(json(\'{}\'), \'MessageId\', take(triggerBody()?[\'internetMessageId\'], 128)))}'
              mailbox: supportMailbox
            }
            body: toObject(triggerField, field => field.key, field => field.value)
            authentication: {
              type: 'ManagedServiceIdentity'
              identity: identity.id
              audience: 'https://servicebus.azure.net'
            }
          }
        }
      }
      outputs: {}
    }
    parameters: {
      '$connections': {
        value: {
          office365: {
            id: office365ApiId
            connectionId: office365Connection.id
            connectionName: office365Connection.name
          }
        }
      }
    }
  }
}

@description('Name of the Office 365 Outlook API connection to authorize.')
output office365ConnectionName string = office365Connection.name

@description('Name of the Logic App workflow.')
output workflowName string = workflow.name
