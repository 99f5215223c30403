import type * as DataTables from '@azure/data-tables';
import { odata, type TableClient, type TableServiceClient, type TableServiceClientOptions } from '@azure/data-tables';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import type { CaseStorageConfig } from '../../config';
import type { TableKey } from '../../resourceNames';
import { tableNames } from '../../resourceNames';
import { lazyCredential } from '../lazyCredential';
import { brokenPipeRetryPolicy } from './brokenPipeRetry';

let dataTables: typeof DataTables | undefined;

/**
 * The Table Storage SDK, loaded when the first client is made (the desk is built at a function's first invocation)
 * rather than when the app starts: with the Azure core libraries and the XML parser it brings, it would cost every
 * cold start. Synchronous, as the factory is. In the package this require loads the SDK's own bundle, while the
 * adapters' static imports (the `odata` tag) stay in the app bundle with only what they use (LAZY_PACKAGES in
 * scripts/package.js).
 */
export function loadDataTables(): typeof DataTables {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  dataTables ??= require('@azure/data-tables') as typeof DataTables;
  return dataTables;
}

/** Counts every request sent to Table Storage: each one is a billed transaction. */
export class TableRequestCounter {
  private count = 0;
  readonly policy: PipelinePolicy = {
    name: 'tableRequestCounter',
    sendRequest: (request, next) => {
      this.count += 1;
      return next(request);
    },
  };

  get requests(): number {
    return this.count;
  }

  reset(): void {
    this.count = 0;
  }
}

/**
 * A client for one of the desk's tables; with a suffix, for a table of its family that the app creates itself (the
 * due-time index keeps a table per day: sladue20350107).
 */
export interface TableClientFactory {
  (table: TableKey, suffix?: string): TableClient;
  /**
   * The suffixes, in order, of the tables of a family that exist between two suffixes (inclusive), in one request: a
   * catch-up over many days reads only the days that have a table instead of asking for each day.
   */
  existingSuffixes(table: TableKey, from: string, to: string): Promise<string[]>;
}

export function tableClientFactory(config: CaseStorageConfig, counter?: TableRequestCounter): TableClientFactory {
  const options: TableServiceClientOptions = {
    additionalPolicies: [
      { policy: brokenPipeRetryPolicy, position: 'perCall' },
      ...(counter ? [{ policy: counter.policy, position: 'perCall' as const }] : []),
    ],
  };
  const clients = new Map<string, TableClient>();
  // Only used for the identity kind; building it loads nothing until a token is asked for.
  const credential = lazyCredential(config.kind === 'identity' ? config.clientId : undefined);
  const insecure = config.kind === 'connectionString' && config.connectionString.includes('http://');
  const factory = (table: TableKey, suffix = ''): TableClient => {
    const name = `${tableNames[table]}${suffix}`;
    let client = clients.get(name);
    if (!client) {
      const { TableClient } = loadDataTables();
      client =
        config.kind === 'connectionString'
          ? TableClient.fromConnectionString(config.connectionString, name, {
              ...options,
              allowInsecureConnection: insecure,
            })
          : new TableClient(config.tableServiceUri, name, credential, options);
      clients.set(name, client);
    }
    return client;
  };
  let service: TableServiceClient | undefined;
  const existingSuffixes = async (table: TableKey, from: string, to: string): Promise<string[]> => {
    const { TableServiceClient } = loadDataTables();
    service ??=
      config.kind === 'connectionString'
        ? TableServiceClient.fromConnectionString(config.connectionString, {
            ...options,
            allowInsecureConnection: insecure,
          })
        : new TableServiceClient(config.tableServiceUri, credential, options);
    const family = tableNames[table];
    const suffixes: string[] = [];
    const filter = odata`TableName ge ${`${family}${from}`} and TableName le ${`${family}${to}`}`;
    for await (const listed of service.listTables({ queryOptions: { filter } })) {
      if (listed.name?.startsWith(family)) suffixes.push(listed.name.slice(family.length));
    }
    return suffixes.sort();
  };
  return Object.assign(factory, { existingSuffixes });
}

/** Creates every table the desk uses; Bicep does this in Azure, the local host and tests do it against Azurite. */
export async function ensureTables(clients: TableClientFactory): Promise<void> {
  await Promise.all((Object.keys(tableNames) as TableKey[]).map((table) => clients(table).createTable()));
}
