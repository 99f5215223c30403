import { odata, type TableEntity } from '@azure/data-tables';
import { caseFlagSchema, type CaseFlag, type SupportCase } from '../../domain/case';
import { isOpenStatus } from '../../domain/lifecycle/caseStatus';
import {
  severityRank,
  slaViews,
  workQueueFieldsOf,
  workQueueIndexKeysOf,
  type SlaView,
  type WorkQueueFields,
} from '../../domain/workQueue';
import type { CaseQuery } from '../../ports/caseStore';
import { rowKeysStartingWith } from './rowKeyRanges';

/** What selects cases, without paging and order. */
export type CaseFilter = Omit<CaseQuery, 'pageSize' | 'continuationToken' | 'sort' | 'order'>;

/*
 * The work queues as rows of the tenant's partition, written in the same transaction as the case (tableCaseStore.ts):
 *   q|assignee:{agentId|-}|{caseId} every open case under its assignee, `-` for nobody: the range `q|assignee:` is
 *                                   every open case, once (whatever characters the assignee has, see rowKeyRanges.ts)
 * The SLA views (atRisk, breached, paused: the open cases that need attention) are rows of their own table
 * (slaViewRows.ts), which the case row's QueueKeys name as `slaview:{view}`.
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
 * Where a case's SLA view (workQueueIndexKeysOf's `sla:` key) is filed, as the case row's QueueKeys name it: a row of
 * the slaviews table (slaViewRows.ts). A case stored by the version before keeps `sla:` keys, whose rows were in this
 * partition: its next write removes them and files it in slaviews.
 */
const slaViewKeyPrefix = 'slaview:';

/**
 * A case's work-queue filing as its next write must leave it: the keys the case row records (QueueKeys), the index rows
 * of this partition with their keys, and the SLA views it is in (rows of slaviews, see slaViewRows.ts).
 */
export interface QueueFiling {
  keys: string[];
  rows: Array<{ key: string; row: TableEntity }>;
  views: SlaView[];
}

export function queueRowsOf(supportCase: SupportCase): QueueFiling {
  const fields = workQueueFieldsOf(supportCase);
  const columns = queueColumns(fields);
  const filing: QueueFiling = { keys: [], rows: [], views: [] };
  for (const key of workQueueIndexKeysOf(fields)) {
    const view = slaViews.find((name) => key === `sla:${name}`);
    if (view !== undefined) {
      filing.keys.push(`${slaViewKeyPrefix}${view}`);
      filing.views.push(view);
      continue;
    }
    filing.keys.push(key);
    filing.rows.push({
      key,
      row: { partitionKey: supportCase.tenantId, rowKey: queueRowKey(key, supportCase.id), ...columns },
    });
  }
  return filing;
}

/** The SLA views a write files a case in that the case row it read did not record: their rows come before the write. */
export const viewsEntered = (filing: QueueFiling, filedUnder: readonly string[]): SlaView[] =>
  filing.views.filter((view) => !filedUnder.includes(`${slaViewKeyPrefix}${view}`));

/** Whether a filed key names a row of this partition (not an SLA view of slaviews). */
export const isPartitionKey = (key: string): boolean => !key.startsWith(slaViewKeyPrefix);

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
 * One case (a case number in `q`) is its case row, which carries every column. (A query of an SLA view reads that view's
 * rows instead, see slaViewRows.ts.) The assignee's open cases come first; then every open case, which is every assignee's (an open case has one assignee row, and no
 * separate row for being open: one row fewer per case in the partition and per write).
 */
export function rangeFor(query: CaseFilter): { prefix: string; indexed: boolean } {
  if (query.caseId !== undefined || !onlyOpenCases(query)) return { prefix: caseRowPrefix, indexed: false };
  if (query.assignee !== undefined) return { prefix: `${queueRowPrefix}assignee:${query.assignee}|`, indexed: true };
  if (query.unassigned) return { prefix: `${queueRowPrefix}assignee:-|`, indexed: true };
  return { prefix: `${queueRowPrefix}assignee:`, indexed: true };
}

/** An OData literal: a string quoted with its quotes doubled (OData ABNF), a boolean as is. */
const literal = (value: string | boolean): string =>
  typeof value === 'string' ? `'${value.replace(/'/g, "''")}'` : String(value);

/**
 * One condition of a query on the queue columns (queueColumns): a column equal to one of some values (`anyOf`, several
 * columns where a filter means either), or a column at or after a value (`atLeast`, ISO 8601 instants). Column names
 * are the desk's own, never client text.
 */
type ColumnCondition =
  { anyOf: ReadonlyArray<readonly [column: string, value: string | boolean]> } | { column: string; atLeast: string };

/** A query's conditions on the queue columns: every filter but `caseId` (a row key) and `words` (see list). */
function columnConditionsOf(query: CaseFilter): ColumnCondition[] {
  const any = (column: string, values: readonly string[] | undefined): ColumnCondition[] =>
    values === undefined ? [] : [{ anyOf: values.map((value) => [column, value] as const) }];
  const is = (column: string, value: string | boolean): ColumnCondition[] => [{ anyOf: [[column, value]] }];
  return [
    ...any('Status', query.statuses),
    // Agent ids are each tenant's own, and a case handed to a provider is assigned among the provider's agents: under
    // the owner's `pia` it would be listed (and counted) for someone who never had it and may not write to it.
    ...(query.assignee !== undefined ? [...is('Assignee', query.assignee), ...is('EscalatedToPartner', false)] : []),
    ...(query.unassigned ? is('Assignee', '') : []),
    ...any('Severity', query.severities),
    ...any('Product', query.products),
    ...any('Category', query.categories),
    ...any('Tier', query.tiers),
    ...any('CustomerTenantId', query.customerTenantIds),
    // queueColumns writes every column, an unknown customer as '': a condition on the column, not on its absence.
    ...(query.withoutCustomer ? is('CustomerTenantId', '') : []),
    ...(query.escalated === 'microsoft' ? is('Escalated', true) : []),
    ...(query.escalated === 'partner' ? is('EscalatedToPartner', true) : []),
    ...(query.escalated === 'any'
      ? [{ anyOf: [['Escalated', true] as const, ['EscalatedToPartner', true] as const] }]
      : []),
    ...(query.sla !== undefined ? is('SlaState', query.sla) : []),
    ...(query.waitingOnMicrosoft ? is('WaitingOnMicrosoft', true) : []),
    ...(query.flag !== undefined ? is(flagColumn(query.flag), true) : []),
    ...(query.updatedSince !== undefined ? [{ column: 'UpdatedAt', atLeast: query.updatedSince }] : []),
  ];
}

const toODataCondition = (condition: ColumnCondition): string =>
  'anyOf' in condition
    ? `(${condition.anyOf.map(([column, value]) => `${column} eq ${literal(value)}`).join(' or ')})`
    : `${condition.column} ge ${literal(condition.atLeast)}`;

/** The server-side filter of a query within its range: every filter but `words`, which Table Storage cannot express. */
export function filterFor(tenantId: string, query: CaseFilter, prefix: string): string {
  return [
    `${odata`PartitionKey eq ${tenantId}`} and ${rowKeysStartingWith(prefix)}`,
    ...(query.caseId !== undefined ? [`RowKey eq ${literal(`${prefix}${query.caseId}`)}`] : []),
    ...columnConditionsOf(query).map(toODataCondition),
  ].join(' and ');
}

/**
 * Whether a case, as read now, still belongs in a query's list (the conditions filterFor sends, evaluated here, and
 * being open for a list served by index rows). A page read from index rows reads its cases' documents after the rows,
 * and a case may have moved on between the two reads (triaged while a list of new cases was read): it then leaves the
 * page rather than show in a list it no longer matches.
 */
export function stillMatches(supportCase: SupportCase, query: CaseFilter): boolean {
  const fields = workQueueFieldsOf(supportCase);
  const columns = queueColumns(fields);
  const holds = (condition: ColumnCondition): boolean =>
    'anyOf' in condition
      ? condition.anyOf.some(([column, value]) => columns[column] === value)
      : String(columns[condition.column]) >= condition.atLeast;
  const words = fields.searchText.split(' ');
  return (
    (!rangeFor(query).indexed || fields.open) &&
    (query.caseId === undefined || query.caseId === supportCase.id) &&
    (query.words ?? []).every((word) => words.includes(word)) &&
    columnConditionsOf(query).every(holds)
  );
}
