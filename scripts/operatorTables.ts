import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { z } from 'zod';
import { tableClientFactory, type TableClientFactory } from '../shared/adapters/tables/tableClients';
import { readConfig } from '../shared/config';
import { settingNames, type TableKey } from '../shared/resourceNames';
import { azuriteTablePort, useAzuriteForDevelopmentStorage } from './azurite';
import { loadLocalSettings } from './localSettings';

/** The storage part of an operator command's usage text. */
export const operatorStorageUsage = `Storage comes from the app settings:
  ${settingNames.caseStorageTableServiceUri}=https://<account>.table.core.windows.net  (Azure: signs in as you, e.g. after az login)
  ${settingNames.caseStorageConnectionString}=a connection string, or UseDevelopmentStorage=true for the Azurite of npm start
                 (on AZURITE_TABLE_PORT, 10002 by default, as npm start)
Without either in the environment, local.settings.json is read.`;

/**
 * The desk's tables as an operator command reaches them: from the app settings in the environment, else from
 * local.settings.json; `UseDevelopmentStorage=true` is the Azurite of `npm start`. `table` is created first on Azurite,
 * which starts empty; in Azure the deployment creates the tables and the operator may not be allowed to.
 */
export async function operatorTables(table: TableKey): Promise<TableClientFactory> {
  if (!process.env[settingNames.caseStorageTableServiceUri] && !process.env[settingNames.caseStorageConnectionString]) {
    loadLocalSettings(resolve(__dirname, '..'));
  }
  useAzuriteForDevelopmentStorage(azuriteTablePort());
  // Operator commands send no messages, so they need no Service Bus settings.
  const config = readConfig({ ...process.env, [settingNames.messagingTransport]: 'inProcess' });
  const tables = tableClientFactory(config.caseStorage);
  if (config.caseStorage.kind === 'connectionString') await tables(table).createTable();
  return tables;
}

/** How an operator command reads its arguments: its `--options` and the schema of the commands they make. */
export interface OperatorCommandLine<Command> {
  options: ParseArgsConfig['options'];
  /** Validates `{ command: <first positional>, ...options }`. */
  schema: z.ZodType<Command>;
}

/** The command the arguments name, or undefined for anything else (an unknown option or command, a bad value). */
function readCommand<Command>(argv: string[], line: OperatorCommandLine<Command>): Command | undefined {
  try {
    const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: line.options });
    const parsed = line.schema.safeParse({ command: positionals[0], ...values });
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // an unknown option: show the usage
  }
}

/**
 * Runs an operator command from the process arguments: the usage and exit code 2 when they are not a command, the
 * error's message and exit code 1 when it fails.
 */
export function runOperatorCommand<Command>(
  usage: string,
  line: OperatorCommandLine<Command>,
  run: (command: Command) => Promise<void>,
): void {
  const command = readCommand(process.argv.slice(2), line);
  if (command === undefined) {
    console.error(usage);
    process.exitCode = 2;
    return;
  }
  run(command).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
