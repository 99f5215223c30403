import type { TableClient } from '@azure/data-tables';
import type { AlertDeliveries } from '../../ports/alertDeliveries';
import { isStatus } from './restErrors';
import type { TableClientFactory } from './tableClients';

/** One row per alert and channel it reached: PartitionKey = tenant id, RowKey = `{alertId}|{channel}`. */
export class TableAlertDeliveries implements AlertDeliveries {
  private readonly deliveries: TableClient;

  constructor(tables: TableClientFactory) {
    this.deliveries = tables('alertDeliveries');
  }

  async wasDelivered(tenantId: string, alertId: string, channel: 'teams'): Promise<boolean> {
    try {
      await this.deliveries.getEntity(tenantId, `${alertId}|${channel}`, { queryOptions: { select: ['RowKey'] } });
      return true;
    } catch (error) {
      if (isStatus(error, 404)) return false;
      throw error;
    }
  }

  async markDelivered(tenantId: string, alertId: string, channel: 'teams', at: Date): Promise<void> {
    await this.deliveries.upsertEntity({
      partitionKey: tenantId,
      rowKey: `${alertId}|${channel}`,
      DeliveredAt: at.toISOString(),
    });
  }
}
