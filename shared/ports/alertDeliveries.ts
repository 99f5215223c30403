/**
 * Which channels an alert reached, for channels that cannot drop a second copy themselves (a Teams webhook posts
 * every request it gets), so a redelivered alert does not post twice.
 */
export interface AlertDeliveries {
  wasDelivered(tenantId: string, alertId: string, channel: 'teams'): Promise<boolean>;
  markDelivered(tenantId: string, alertId: string, channel: 'teams', at: Date): Promise<void>;
}
