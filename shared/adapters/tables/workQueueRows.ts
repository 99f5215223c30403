import { odata, type TableEntity } from '@azure/data-tables';
import { caseFlagSchema, type CaseFlag, type SupportCase } from '../../domain/case';
import { isOpenStatus } from '../../domain/lifecycle/caseStatus';
import { severityRank, workQueueFieldsOf, workQueueIndexKeysOf, type WorkQueueFields } from '../../domain/workQueue';
import type { CaseQuery } from '../../ports/caseStore';
import { toDocumentColumns } from './jsonColumns';
import { rowKeysStartingWith } from './rowKeyRanges';

/** What selects cases, without paging and order. */
export type CaseFilter = Omit<CaseQuery, 'pageSize' | 'continuationToken' | 'sort' | 'order'>;

/*
 * The work queues as rows of the tenant's partition, written in the same transaction as the case (tableCaseStore.ts):
 *   q|assignee:{agentId|-}|{caseId} every open case under its assignee, `-` for nobody: the range `q|assignee:` is
 *                                   every open case, once (whatever characters the assignee has, see rowKeyRanges.ts)
 *   q|sla:{atRisk|breached|paused}|{caseId}  an open case that needs attention
 * Each row carries the queue columns (queueColumns), and so does the case row itself, so a view is one RowKey range
 * filtered on columns, and a list of every status filters the case rows on the same columns. The case row keeps the
 * keys it is filed under (QueueKeys), so the next write removes exactly those, whatever code wrote them.
 */
export const queueRowPrefix = 'q|';
const caseRowPrefix = 'case|';

export const queueRowKey = (key: string, caseId: string): string => `${queueRowPrefix}${key}|${caseId}`;

/** The column that says whether a case carries a flag, e.g. FlagStuck. */
export const flagColumn = (flag: CaseFlag): string => `Flag${flag.charAt(0).toUpperCase()}${flag.slice(1)}`;

/**
 * The columns queues filter and sort on. Every column is always written (empty string or false when unknown), so a
 * merge clears what a case no longer has.
 */
export function queueColumns(fields: WorkQueueFields): Record<string, string | number | boolean> {
  return {
    Status: fields.status,
    Open: fields.open,
    CaseNumber: fields.caseNumber,
    Assignee: fields.assignee ?? '',
    Severity: fields.severity ?? '',
    SeverityRank: severityRank(fields.severity),
    Product: fields.product,
    Category: fields.category ?? '',
    Tier: fields.tier ?? '',
    CustomerTenantId: fields.customerTenantId ?? '',
    CustomerName: fields.customerName,
    Escalated: fields.escalatedToMicrosoft,
    EscalatedToPartner: fields.escalatedToPartner,
    WaitingOnMicrosoft: fields.waitingOnMicrosoft,
    SlaState: fields.sla,
    NextDueAt: fields.nextDueAt ?? '',
    CreatedAt: fields.createdAt,
    UpdatedAt: fields.updatedAt,
    SearchText: fields.searchText,
    ...Object.fromEntries(caseFlagSchema.options.map((flag) => [flagColumn(flag), fields.flags.includes(flag)])),
  };
}

/**
 * Whether the rows under a key carry the case document too: those of the SLA views, which are few (the cases that
 * need attention now) and read most (every console header and alert), so listing one reads one range and no case row.
 */
const carriesDocument = (key: string): boolean => key.startsWith('sla:');

/** Whether a range (see rangeFor) holds rows that carry the case document. */
export const rangeCarriesDocuments = (prefix: string): boolean => prefix.startsWith(`${queueRowPrefix}sla:`);

/** A case's index rows and the keys they stand for, as its next write must leave them. */
export function queueRowsOf(supportCase: SupportCase): { keys: string[]; rows: TableEntity[] } {
  const fields = workQueueFieldsOf(supportCase);
  const keys = workQueueIndexKeysOf(fields);
  const columns = queueColumns(fields);
  const rows = keys.map((key) => ({
    partitionKey: supportCase.tenantId,
    rowKey: queueRowKey(key, supportCase.id),
    ...columns,
    ...(carriesDocument(key) ? toDocumentColumns(supportCase) : {}),
  }));
  return { keys, rows };
}

/** The case id an index or case row stands for. */
export function caseIdOfRow(rowKey: string): string {
  return rowKey.slice(rowKey.lastIndexOf('|') + 1);
}

/** Whether every status the query asks for is an open one: then the open index holds every case it can list. */
function onlyOpenCases(query: CaseFilter): boolean {
  if (query.sla !== undefined || query.waitingOnMicrosoft) return true;
  return query.statuses !== undefined && query.statuses.every(isOpenStatus);
}

/**
 * The one RowKey range a query reads: the narrowest index view that holds every case it can list, or the case rows.
 * One case (a case number in `q`) is its case row, which carries every column. An sla view is the narrowest; then the
 * assignee's open cases; then every open case, which is every assignee's (an open case has one assignee row, and no
 * separate row for being open: one row fewer per case in the partition and per write).
 */
export function rangeFor(query: CaseFilter): { prefix: string; indexed: boolean } {
  if (query.caseId !== undefined || !onlyOpenCases(query)) return { prefix: caseRowPrefix, indexed: false };
  if (query.sla !== undefined) return { prefix: `${queueRowPrefix}sla:${query.sla}|`, indexed: true };
  if (query.assignee !== undefined) return { prefix: `${queueRowPrefix}assignee:${query.assignee}|`, indexed: true };
  if (query.unassigned) return { prefix: `${queueRowPrefix}assignee:-|`, indexed: true };
  return { prefix: `${queueRowPrefix}assignee:`, indexed: true };
}

/** An OData literal: a string quoted with its quotes doubled (OData ABNF), a boolean as is. */
const literal = (value: string | boolean): string =>
  typeof value === 'string' ? `'${value.replace(/'/g, "''")}'` : String(value);

/** Equality on a column name the desk chooses (never client text) and a value. */
const equals = (column: string, value: string | boolean): string => `${column} eq ${literal(value)}`;

/** The server-side filter of a query within its range: every filter but `words`, which Table Storage cannot express. */
export function filterFor(tenantId: string, query: CaseFilter, prefix: string): string {
  const any = (column: string, values: readonly string[] | undefined): string[] =>
    values === undefined ? [] : [`(${values.map((value) => equals(column, value)).join(' or ')})`];
  const conditions = [
    `${odata`PartitionKey eq ${tenantId}`} and ${rowKeysStartingWith(prefix)}`,
    ...(query.caseId !== undefined ? [equals('RowKey', `${prefix}${query.caseId}`)] : []),
    ...any('Status', query.statuses),
    ...(query.assignee !== undefined ? [equals('Assignee', query.assignee)] : []),
    ...(query.unassigned ? [equals('Assignee', '')] : []),
    ...any('Severity', query.severities),
    ...any('Product', query.products),
    ...any('Category', query.categories),
    ...any('Tier', query.tiers),
    ...any('CustomerTenantId', query.customerTenantIds),
    ...(query.escalated === 'microsoft' ? [equals('Escalated', true)] : []),
    ...(query.escalated === 'partner' ? [equals('EscalatedToPartner', true)] : []),
    ...(query.escalated === 'any' ? [`(${equals('Escalated', true)} or ${equals('EscalatedToPartner', true)})`] : []),
    ...(query.sla !== undefined ? [equals('SlaState', query.sla)] : []),
    ...(query.waitingOnMicrosoft ? [equals('WaitingOnMicrosoft', true)] : []),
    ...(query.flag !== undefined ? [equals(flagColumn(query.flag), true)] : []),
    ...(query.updatedSince !== undefined ? [`UpdatedAt ge ${literal(query.updatedSince)}`] : []),
  ];
  return conditions.join(' and ');
}
