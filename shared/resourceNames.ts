import resources from './resources.json';

/** Queue, table and setting names, defined once in resources.json and read by both this code and infra/. */
export { resources };

export type QueueKey = keyof typeof resources.queues;
export type QueueName = (typeof resources.queues)[QueueKey]['name'];
export type TableKey = keyof typeof resources.tables;

export const queueNames = {
  emailIntake: resources.queues.emailIntake.name,
  caseTriage: resources.queues.caseTriage.name,
  caseEnrichment: resources.queues.caseEnrichment.name,
  slaDeadlines: resources.queues.slaDeadlines.name,
  notifications: resources.queues.notifications.name,
  escalationRequested: resources.queues.escalationRequested.name,
  escalationIntegration: resources.queues.escalationIntegration.name,
  staffAlerts: resources.queues.staffAlerts.name,
  caseTerms: resources.queues.caseTerms.name,
  deadLetters: resources.queues.deadLetters.name,
} as const satisfies Record<QueueKey, string>;

export const tableNames = resources.tables;

export const settingNames = {
  caseStorageTableServiceUri: resources.settings.caseStorageTableServiceUri.name,
  caseStorageClientId: resources.settings.caseStorageClientId.name,
  caseStorageConnectionString: resources.settings.caseStorageConnectionString.name,
  serviceBusNamespace: resources.settings.serviceBusNamespace.name,
  serviceBusCredential: resources.settings.serviceBusCredential.name,
  serviceBusClientId: resources.settings.serviceBusClientId.name,
  messagingTransport: resources.settings.messagingTransport.name,
  clientPrincipal: resources.settings.clientPrincipal.name,
  slaSweepSchedule: resources.settings.slaSweepSchedule.name,
  retentionPurgeSchedule: resources.settings.retentionPurgeSchedule.name,
  microsoftTicketPollSchedule: resources.settings.microsoftTicketPollSchedule.name,
  microsoftSupportAppClientId: resources.settings.microsoftSupportAppClientId.name,
  microsoftSupportIdentityClientId: resources.settings.microsoftSupportIdentityClientId.name,
  azureSupportBaseUrl: resources.settings.azureSupportBaseUrl.name,
  partnerCenterBaseUrl: resources.settings.partnerCenterBaseUrl.name,
  mailSender: resources.settings.mailSender.name,
  mailSenderAddress: resources.settings.mailSenderAddress.name,
  mailAcsEndpoint: resources.settings.mailAcsEndpoint.name,
  mailClientId: resources.settings.mailClientId.name,
  devPortalApiKey: resources.settings.devPortalApiKey.name,
  devAgentApiKey: resources.settings.devAgentApiKey.name,
  devAdminApiKey: resources.settings.devAdminApiKey.name,
  devSecondTenantPortalApiKey: resources.settings.devSecondTenantPortalApiKey.name,
  devSecondTenantAgentApiKey: resources.settings.devSecondTenantAgentApiKey.name,
  devSecondTenantAdminApiKey: resources.settings.devSecondTenantAdminApiKey.name,
  workerNodeArguments: resources.settings.workerNodeArguments.name,
} as const satisfies Record<keyof typeof resources.settings, string>;

/**
 * The Node.js options of the process that runs the functions (see `$hostNodeArguments` in resources.json): npm start
 * passes them to the local host (package.json), Azure to the Functions worker (app setting workerNodeArguments).
 */
export const hostNodeArguments: readonly string[] = resources.hostNodeArguments.split(' ');

/** The connection name every Service Bus trigger uses; its `__fullyQualifiedNamespace` setting points at the namespace. */
export const serviceBusConnection = resources.serviceBusConnection;
