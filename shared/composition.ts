import { systemClock } from './adapters/systemClock';
import { ServiceBusPublisher } from './adapters/serviceBusPublisher';
import { TableApiKeyStore } from './adapters/tables/tableApiKeyStore';
import { TableCaseShares } from './adapters/tables/tableCaseShares';
import { TableCaseStore } from './adapters/tables/tableCaseStore';
import { TableIntakeLog } from './adapters/tables/tableIntakeLog';
import { TableSlaDueIndex } from './adapters/tables/tableSlaDueIndex';
import { TableCustomerDirectory, TableTenantDirectory } from './adapters/tables/tableTenantDirectory';
import { tableClientFactory, TableRequestCounter, type TableClientFactory } from './adapters/tables/tableClients';
import { ConfigurationError, readConfig, type AppConfig } from './config';
import type { ApiKeyStore } from './ports/apiKeyStore';
import type { CaseShares } from './ports/caseShares';
import type { CaseStore } from './ports/caseStore';
import type { Clock } from './ports/clock';
import type { IntakeLog } from './ports/intakeLog';
import type { MessagePublisher } from './ports/messagePublisher';
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
  tenants: TenantDirectory;
  customers: CustomerDirectory;
  intakeLog: IntakeLog;
  publisher: MessagePublisher;
  /** Cases by the minute their SLA enforcement falls due. */
  slaDue: SlaDueIndex;
  /** Cases handed to a tenant by another tenant's escalation ladder. */
  caseShares: CaseShares;
}

/** What a host may supply instead of the defaults: the local host brings its clock and its in-process transport. */
export interface DeskOverrides {
  clock?: Clock;
  publisher?: MessagePublisher;
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

function publisherFor(config: AppConfig, supplied: MessagePublisher | undefined): MessagePublisher {
  if (supplied) return supplied;
  if (config.messaging.kind === 'serviceBus') {
    return new ServiceBusPublisher(config.messaging.fullyQualifiedNamespace, config.messaging.clientId);
  }
  throw new ConfigurationError('MESSAGING_TRANSPORT=inProcess works only inside the local host (npm start).');
}

function buildDesk(config: AppConfig, supplied: DeskOverrides): Desk {
  const tableRequests = new TableRequestCounter();
  const tables = tableClientFactory(config.caseStorage, tableRequests);
  const clock = supplied.clock ?? systemClock;
  return {
    config,
    clock,
    tables,
    tableRequests,
    cases: new TableCaseStore(tables),
    apiKeys: new TableApiKeyStore(tables),
    tenants: new TableTenantDirectory(tables),
    customers: new TableCustomerDirectory(tables),
    intakeLog: new TableIntakeLog(tables),
    publisher: publisherFor(config, supplied.publisher),
    slaDue: new TableSlaDueIndex(tables, clock),
    caseShares: new TableCaseShares(tables),
  };
}
