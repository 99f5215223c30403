metadata description = 'CSP support desk: Flex Consumption function app, Service Bus queues, case tables and telemetry, all keyless; the app code and the Functions host each have their own user-assigned managed identity.'

import { operatorTableAccessType } from 'modules/builtInRoles.bicep'

@description('Short prefix for resource names (lowercase letters, digits and hyphens).')
@minLength(3)
@maxLength(12)
param namePrefix string

@description('Azure region for all resources; defaults to the resource group region.')
param location string = resourceGroup().location

@description('Tags applied to every resource.')
param tags { *: string } = {}

@description('Node.js major version of the function app: the newest major that "engines" in package.json allows (Azure ended Node.js 20 support on 2026-04-30).')
param nodeVersion string = '22'

@description('Upper bound of instances the Flex Consumption plan may scale out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory per function app instance in MB.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('NCRONTAB schedule of the SLA sweep.')
param slaSweepSchedule string = '0 */1 * * * *'

@description('NCRONTAB schedule of the retention purge (expired cases, idempotency claims, intake-log entries).')
param retentionPurgeSchedule string = '0 17 2 * * *'

@description('NCRONTAB schedule of the poll of open Microsoft tickets (Azure support tickets, Partner Center service requests).')
param microsoftTicketPollSchedule string = '0 */15 * * * *'

@description('Client id of the partner-facing multi-tenant app registration whose federated credential is the app identity (see README "Escalation to Microsoft"); empty: the desk files nothing with Microsoft itself.')
param microsoftSupportAppClientId string = ''

@description('Application (client) id of the Entra app registration agents sign in with (README "Agents sign in with Microsoft Entra ID"); empty: no sign-in, API keys only.')
param entraClientId string = ''

@description('Entra tenant (directory) of the agents who sign in; defaults to the tenant of the deployment.')
param entraTenantId string = tenant().tenantId

@description('How customer notifications are mailed (README "Outbound mail"): graph (Microsoft Graph sendMail from each tenant\'s support mailbox), acs (Azure Communication Services Email, provisioned here) or none (not mailed).')
@allowed(['graph', 'acs', 'none'])
param mailSender string = 'none'

@description('graph: the mailbox that sends for a tenant without a support mailbox (empty: such notifications are dead-lettered). Unused for acs, which sends from its managed domain.')
param mailDefaultSenderAddress string = ''

@description('acs: where Communication Services keeps its data at rest (e.g. Europe, Germany, United States).')
param mailDataLocation string = 'Europe'

@description('Inbound mail (README "Inbound mail through a Logic App"): logicApp deploys a Logic App that puts each mail of supportMailbox on email-intake; none deploys nothing (mail reaches the queue through a connector of your own, or not at all).')
@allowed(['logicApp', 'none'])
param mailConnector string = 'none'

@description('logicApp: the support mailbox the Office 365 Outlook connection signs in as and watches.')
param supportMailbox string = ''

@description('Address that receives the operations alerts (README "Operations alerts": dead letters, function failures, SLA breaches, inbound mail failures); empty: no alerts are deployed.')
param alertEmail string = ''

@description('SLA breaches recorded in one hour above which alertEmail is told.')
@minValue(1)
param slaBreachesPerHourThreshold int = 10

@description('Days Log Analytics keeps logs and telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Table access for whoever runs this deployment: None (default), Reader (troubleshooting) or Contributor (issuing API keys with npm run keys).')
param operatorTableAccess operatorTableAccessType = 'None'

// Queue, table and setting names live in one file shared with the TypeScript code.
var resources = loadJsonContent('../shared/resources.json')

// Names are computed here, before any deployment runs, so modules never receive a runtime value as a
// resource name (keeps what-if precise); module order is then stated with dependsOn.
var resourceToken = uniqueString(resourceGroup().id, namePrefix)
var storagePrefix = replace(namePrefix, '-', '')
var names = {
  // The app identity: what the app code and its Service Bus triggers use (case tables, queues).
  identity: 'id-${namePrefix}'
  // The host identity: what the Functions host uses (its storage, the deployment package, telemetry).
  hostIdentity: 'id-${namePrefix}-host'
  logAnalytics: 'log-${namePrefix}'
  applicationInsights: 'appi-${namePrefix}'
  // The case tables; the name of the single account of earlier versions, so existing case data stays where it is.
  dataStorageAccount: 'st${take(storagePrefix, 9)}${resourceToken}'
  // Host state and the deployment package; its own hash, so the two names never coincide.
  hostStorageAccount: 'sth${take(storagePrefix, 8)}${uniqueString(resourceGroup().id, namePrefix, 'host')}'
  deploymentContainer: 'app-package'
  serviceBusNamespace: 'sb-${namePrefix}-${resourceToken}'
  plan: 'plan-${namePrefix}'
  functionApp: 'func-${namePrefix}-${resourceToken}'
  emailService: 'ecs-${namePrefix}-${resourceToken}'
  communicationService: 'acs-${namePrefix}-${resourceToken}'
  mailConnector: 'logic-${namePrefix}-mail'
  mailConnectorIdentity: 'id-${namePrefix}-mail'
  office365Connection: 'office365-${namePrefix}'
  actionGroup: 'ag-${namePrefix}'
  alertPrefix: 'alert-${namePrefix}'
}

module identity 'modules/identity.bicep' = {
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module hostIdentity 'modules/identity.bicep' = {
  params: {
    name: names.hostIdentity
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
    telemetryIdentityName: names.hostIdentity
    retentionInDays: logRetentionInDays
  }
  dependsOn: [hostIdentity]
}

module storage 'modules/storage.bicep' = {
  params: {
    hostAccountName: names.hostStorageAccount
    dataAccountName: names.dataStorageAccount
    location: location
    tags: tags
    tableNames: map(items(resources.tables), table => table.value)
    deploymentContainerName: names.deploymentContainer
    hostIdentityName: names.hostIdentity
    appIdentityName: names.identity
    operatorTableAccess: operatorTableAccess
  }
  dependsOn: [identity, hostIdentity]
}

// The queues a function is triggered by (app.serviceBusQueue in functions/); test/infra/arm.test.ts checks this list
// against the registrations. The app identity may read their length for the scale controller (see serviceBus.bicep).
var triggerQueueKeys = ['emailIntake', 'caseTriage', 'caseEnrichment', 'slaDeadlines', 'escalationRequested', 'notifications', 'staffAlerts', 'caseTerms']

module serviceBus 'modules/serviceBus.bicep' = {
  params: {
    name: names.serviceBusNamespace
    location: location
    tags: tags
    queues: map(items(resources.queues), queue => queue.value)
    deadLetterQueueName: resources.queues.deadLetters.name
    triggerQueueNames: map(triggerQueueKeys, key => resources.queues[key].name)
    appIdentityName: names.identity
  }
  dependsOn: [identity]
}

module acsMail 'modules/mail.bicep' = if (mailSender == 'acs') {
  params: {
    emailServiceName: names.emailService
    communicationServiceName: names.communicationService
    dataLocation: mailDataLocation
    tags: tags
    appIdentityName: names.identity
  }
  dependsOn: [identity]
}

module mailConnectorApp 'modules/mailConnector.bicep' = if (mailConnector == 'logicApp') {
  params: {
    workflowName: names.mailConnector
    office365ConnectionName: names.office365Connection
    identityName: names.mailConnectorIdentity
    location: location
    tags: tags
    supportMailbox: supportMailbox
    serviceBusNamespaceName: names.serviceBusNamespace
    intakeQueueName: resources.queues.emailIntake.name
  }
  dependsOn: [serviceBus]
}

module alerts 'modules/alerts.bicep' = if (!empty(alertEmail)) {
  params: {
    actionGroupName: names.actionGroup
    alertNamePrefix: names.alertPrefix
    location: location
    tags: tags
    alertEmail: alertEmail
    serviceBusNamespaceName: names.serviceBusNamespace
    queueNames: map(items(resources.queues), queue => queue.value.name)
    deadLetterQueueName: resources.queues.deadLetters.name
    mailConnectorWorkflowName: mailConnector == 'logicApp' ? names.mailConnector : ''
    applicationInsightsName: names.applicationInsights
    slaBreachesPerHourThreshold: slaBreachesPerHourThreshold
  }
  dependsOn: [serviceBus, monitoring, mailConnectorApp]
}

// Value of every app setting that shared/resources.json marks 'azure' or 'both', keyed like that file.
var appSettingValues = {
  mailSender: mailSender
  mailSenderAddress: mailSender == 'acs' ? acsMail!.outputs.senderAddress : mailDefaultSenderAddress
  mailAcsEndpoint: mailSender == 'acs' ? acsMail!.outputs.endpoint : ''
  mailClientId: identity.outputs.clientId
  caseStorageTableServiceUri: storage.outputs.tableEndpoint
  caseStorageClientId: identity.outputs.clientId
  serviceBusNamespace: serviceBus.outputs.fullyQualifiedNamespace
  serviceBusCredential: 'managedidentity'
  serviceBusClientId: identity.outputs.clientId
  messagingTransport: 'serviceBus'
  slaSweepSchedule: slaSweepSchedule
  retentionPurgeSchedule: retentionPurgeSchedule
  // Trusted only together with the App Service Authentication below, which removes client-supplied principal headers.
  clientPrincipal: empty(entraClientId) ? 'ignored' : 'trusted'
  microsoftTicketPollSchedule: microsoftTicketPollSchedule
  microsoftSupportAppClientId: microsoftSupportAppClientId
  microsoftSupportIdentityClientId: identity.outputs.clientId
  azureSupportBaseUrl: environment().resourceManager
  partnerCenterBaseUrl: 'https://api.partnercenter.microsoft.com'
  workerNodeArguments: resources.hostNodeArguments
}

var azureSettings = filter(items(resources.settings), setting => setting.value.where != 'local')

// The app starts only after its role assignments exist: storage and Service Bus through the settings
// that read their outputs, monitoring through dependsOn.
module functionApp 'modules/functionApp.bicep' = {
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: tags
    appIdentityName: names.identity
    hostIdentityName: names.hostIdentity
    hostStorageAccountName: names.hostStorageAccount
    deploymentContainerName: names.deploymentContainer
    applicationInsightsName: names.applicationInsights
    nodeVersion: nodeVersion
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    appSettings: toObject(azureSettings, setting => setting.value.name, setting => appSettingValues[setting.key])
  }
  dependsOn: [monitoring]
}

module appAuthentication 'modules/appAuthentication.bicep' = if (!empty(entraClientId)) {
  params: {
    functionAppName: names.functionApp
    clientId: entraClientId
    tenantId: entraTenantId
  }
  dependsOn: [functionApp]
}

@description('Name of the function app (for az functionapp deployment source config-zip -n).')
output functionAppName string = names.functionApp

@description('Default host name of the function app; the API is at https://<host>/api/.')
output functionAppDefaultHostName string = functionApp.outputs.defaultHostName

@description('Name of the Service Bus namespace.')
output serviceBusNamespaceName string = names.serviceBusNamespace

@description('Fully qualified Service Bus namespace, e.g. <namespace>.servicebus.windows.net.')
output serviceBusFullyQualifiedNamespace string = serviceBus.outputs.fullyQualifiedNamespace

@description('Name of the storage account holding the case tables.')
output storageAccountName string = names.dataStorageAccount

@description('Name of the storage account holding the Functions host state and the deployment package.')
output hostStorageAccountName string = names.hostStorageAccount

@description('Table endpoint of the case tables (CaseStorage__tableServiceUri for the keys CLI).')
output caseStorageTableServiceUri string = storage.outputs.tableEndpoint

@description('Client id of the app identity.')
output appIdentityClientId string = identity.outputs.clientId
