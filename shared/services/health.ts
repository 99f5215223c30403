import type { TableClientFactory } from '../adapters/tables/tableClients';
import { isStatus } from '../adapters/tables/restErrors';

/** Reads one row that never exists: a 404 proves the table service is up and the app may use it. */
export async function probeStorage(tables: TableClientFactory): Promise<'ok' | 'unreachable'> {
  try {
    await tables('cases').getEntity('health', 'probe');
    return 'ok';
  } catch (error) {
    return isStatus(error, 404) ? 'ok' : 'unreachable';
  }
}
