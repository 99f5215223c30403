import { createHash } from 'node:crypto';
import { odata, type TableClient } from '@azure/data-tables';
import type { OpenMicrosoftTicket, OpenMicrosoftTickets } from '../../ports/microsoftSupport';
import { isStatus } from '../tables/restErrors';
import type { TableClientFactory } from '../tables/tableClients';

/*
 * One row per escalation the desk filed with Microsoft and that is still open, in the `microsofttickets` table:
 *   PartitionKey "open", RowKey sha256(tenant, case, escalation) -> TenantId, CaseId, EscalationId
 * Ids only, no customer data. A few hundred open tickets at most per desk, so one partition is read whole by the poll.
 */
const openPartition = 'open';

const rowKeyOf = (ticket: OpenMicrosoftTicket): string =>
  createHash('sha256').update(`${ticket.tenantId}\n${ticket.caseId}\n${ticket.escalationId}`).digest('hex');

export class TableOpenMicrosoftTickets implements OpenMicrosoftTickets {
  private readonly table: TableClient;

  constructor(tables: TableClientFactory) {
    this.table = tables('microsoftTickets');
  }

  async add(ticket: OpenMicrosoftTicket): Promise<void> {
    await this.table.upsertEntity(
      {
        partitionKey: openPartition,
        rowKey: rowKeyOf(ticket),
        TenantId: ticket.tenantId,
        CaseId: ticket.caseId,
        EscalationId: ticket.escalationId,
      },
      'Replace',
    );
  }

  async remove(ticket: OpenMicrosoftTicket): Promise<void> {
    await this.table.deleteEntity(openPartition, rowKeyOf(ticket)).catch((error: unknown) => {
      if (!isStatus(error, 404)) throw error;
    });
  }

  async *list(): AsyncIterable<OpenMicrosoftTicket> {
    const rows = this.table.listEntities<{ TenantId: string; CaseId: string; EscalationId: string }>({
      queryOptions: { filter: odata`PartitionKey eq ${openPartition}` },
    });
    for await (const row of rows) {
      yield { tenantId: row.TenantId, caseId: row.CaseId, escalationId: row.EscalationId };
    }
  }
}
