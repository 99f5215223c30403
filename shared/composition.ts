import { systemClock } from './adapters/systemClock';
import { ServiceBusPublisher } from './adapters/serviceBusPublisher';
import { TableAgentDirectory } from './adapters/tables/tableAgentDirectory';
import { TableAlertDeliveries } from './adapters/tables/tableAlertDeliveries';
import { TableApiKeyStore } from './adapters/tables/tableApiKeyStore';
import { TableCaseShares } from './adapters/tables/tableCaseShares';
import { TableCaseStore } from './adapters/tables/tableCaseStore';
import { TableIntakeLog } from './adapters/tables/tableIntakeLog';
import { retentionStores } from './adapters/tables/tableRetention';
import { RetentionFiling, RetentionFilingCaseStore, RetentionFilingIntakeLog } from './services/retentionFiling';
import { TableSlaDueIndex } from './adapters/tables/tableSlaDueIndex';
import { TableCaseTermsDueIndex } from './adapters/tables/tableCaseTermsDueIndex';
import { TableSigningKeys } from './adapters/tables/tableSigningKeys';
import { TableCustomerDirectory, TableTenantDirectory } from './adapters/tables/tableTenantDirectory';
import { tableClientFactory, TableRequestCounter, type TableClientFactory } from './adapters/tables/tableClients';
import { ConfigurationError, readConfig, type AppConfig } from './config';
import { microsoftSupportFor } from './adapters/microsoft/microsoftSupportFor';
import { TableOpenMicrosoftTickets } from './adapters/microsoft/tableOpenMicrosoftTickets';
import type { MicrosoftSupport, OpenMicrosoftTickets } from './ports/microsoftSupport';
import { mailSenderFor } from './adapters/mail/mailSenders';
import { TableMailDeliveryLog } from './adapters/mail/tableMailDeliveryLog';
import type { OutgoingMail } from './domain/mail/outgoingMail';
import type { MailDeliveryLog, MailSender } from './ports/mailSender';
import type { AgentDirectory } from './ports/agentDirectory';
import type { AlertDeliveries } from './ports/alertDeliveries';
import type { ApiKeyStore } from './ports/apiKeyStore';
import type { CaseShares } from './ports/caseShares';
import type { CaseTermsDueIndex } from './ports/caseTermsDueIndex';
import type { CaseStore } from './ports/caseStore';
import type { Clock } from './ports/clock';
import type { IntakeLog } from './ports/intakeLog';
import type { MessageDeadLetters } from './ports/messageDeadLetters';
import type { MessagePublisher } from './ports/messagePublisher';
import type { SigningKeys } from './ports/signingKeys';
import type { SlaDueIndex } from './ports/slaDueIndex';
import type { CustomerDirectory, TenantDirectory } from './ports/tenantDirectory';

/** Everything a function needs, wired once per process from the app settings. */
export interface Desk {
  config: AppConfig;
  clock: Clock;
  tables: TableClientFactory;
  tableRequests: TableRequestCounter;
  cases: CaseStore;
  apiKeys: ApiKeyStore;
  /** The people who work cases, and which of them a user signed in with Microsoft Entra ID is. */
  agents: AgentDirectory;
  /** Which alerts reached channels that cannot drop a second copy (Teams). */
  alertDeliveries: AlertDeliveries;
  tenants: TenantDirectory;
  customers: CustomerDirectory;
  intakeLog: IntakeLog;
  publisher: MessagePublisher;
  /** Where queue functions set aside a message that can never be processed (shared/messaging/queueFunction.ts). */
  deadLetters: MessageDeadLetters;
  /** Cases by the minute their SLA enforcement falls due. */
  slaDue: SlaDueIndex;
  /** Customer-plan and offering changes whose recompute of open cases' terms may still be owed, for the SLA sweep. */
  caseTermsDue: CaseTermsDueIndex;
  /** Cases handed to a tenant by another tenant's escalation ladder. */
  caseShares: CaseShares;
  /** Keys that sign the tokens the desk hands out (list continuation tokens), shared by every instance. */
  signingKeys: SigningKeys;
  /** Files escalations with Microsoft (Azure Support API, Partner Center) for tenants that let the desk do it. */
  microsoftSupport: MicrosoftSupport;
  /** The Microsoft tickets the desk filed that are still open, for the poll. */
  openMicrosoftTickets: OpenMicrosoftTickets;
  /** Mails customer notifications (MAIL_SENDER); undefined when the desk sends no mail. */
  mailSender: MailSender | undefined;
  /** What each notification's delivery came to, so a redelivered notification is not mailed twice. */
  mailDeliveries: MailDeliveryLog;
}

/** What a host may supply instead of the defaults: the local host brings its clock and its in-process transport. */
export interface DeskOverrides {
  clock?: Clock;
  publisher?: MessagePublisher;
  deadLetters?: MessageDeadLetters;
  /** Hears of every mail the mail sender accepted (the local host prints subject and recipient). */
  onMailSent?: (mail: OutgoingMail) => void;
}

let overrides: DeskOverrides = {};
let desk: Desk | undefined;

export function configureDesk(next: DeskOverrides): void {
  overrides = next;
  desk = undefined;
}

export function currentDesk(): Desk {
  desk ??= buildDesk(readConfig(), overrides);
  return desk;
}

/** Publishing and dead-lettering go through one transport: the host's own, or one Service Bus client. */
function messagingFor(config: AppConfig, supplied: DeskOverrides): Pick<Desk, 'publisher' | 'deadLetters'> {
  if (supplied.publisher && supplied.deadLetters)
    return { publisher: supplied.publisher, deadLetters: supplied.deadLetters };
  if (config.messaging.kind === 'serviceBus') {
    const serviceBus = new ServiceBusPublisher(config.messaging.fullyQualifiedNamespace, config.messaging.clientId);
    return { publisher: supplied.publisher ?? serviceBus, deadLetters: supplied.deadLetters ?? serviceBus };
  }
  throw new ConfigurationError('MESSAGING_TRANSPORT=inProcess works only inside the local host (npm start).');
}

function buildDesk(config: AppConfig, supplied: DeskOverrides): Desk {
  const tableRequests = new TableRequestCounter();
  const tables = tableClientFactory(config.caseStorage, tableRequests);
  const clock = supplied.clock ?? systemClock;
  const retentionFiling = new RetentionFiling({ ...retentionStores(tables), clock });
  return {
    config,
    clock,
    tables,
    tableRequests,
    cases: new RetentionFilingCaseStore(new TableCaseStore(tables, clock), retentionFiling),
    apiKeys: new TableApiKeyStore(tables),
    agents: new TableAgentDirectory(tables, clock),
    alertDeliveries: new TableAlertDeliveries(tables),
    tenants: new TableTenantDirectory(tables),
    customers: new TableCustomerDirectory(tables),
    intakeLog: new RetentionFilingIntakeLog(new TableIntakeLog(tables), retentionFiling),
    ...messagingFor(config, supplied),
    slaDue: new TableSlaDueIndex(tables, clock),
    caseTermsDue: new TableCaseTermsDueIndex(tables),
    caseShares: new TableCaseShares(tables),
    signingKeys: new TableSigningKeys(tables),
    microsoftSupport: microsoftSupportFor(config.microsoftSupport),
    openMicrosoftTickets: new TableOpenMicrosoftTickets(tables),
    mailSender: mailSenderFor(config.mail, supplied.onMailSent),
    mailDeliveries: new TableMailDeliveryLog(tables),
  };
}
