import { createHash } from 'node:crypto';
import { odata, type TableClient, type TableEntity, type TransactionAction } from '@azure/data-tables';
import { supportCaseSchema, type NewTimelineEvent, type SupportCase, type TimelineEvent } from '../../domain/case';
import type { DuplicateCandidate, DuplicateScope, OpeningWindow } from '../../domain/duplicates';
import { CaseNumberAllocator, formatCaseNumber, type ReservedBlock } from '../../domain/caseNumber';
import { DeskError } from '../../errors';
import {
  LookupKeyTakenError,
  UnreadableCaseError,
  type CaseDraft,
  type CasePage,
  type CaseQuery,
  type CaseStore,
  type CreateCaseOutcome,
  type IdempotencyClaim,
  type OpenedCases,
  type StoredCase,
  type StoredClaim,
  type UpdateCaseOutcome,
} from '../../ports/caseStore';
import { fromDocumentColumns, toDocumentColumns } from './jsonColumns';
import { fromTimelineRow, timelineRowPrefix, timelineTailOf, timelineWrite, toTimelineTail } from './timelineRows';
import { findLookups, lookupEntity, lookupRowKey } from './lookupRows';
import { rowKeysStartingWith } from './rowKeyRanges';
import { isStatus } from './restErrors';
import type { TableClientFactory } from './tableClients';
import type { Clock } from '../../ports/clock';
import { systemClock } from '../systemClock';
import {
  caseIdOfRow,
  filterFor,
  isPartitionKey,
  stillMatches,
  queueColumns,
  queueRowKey,
  queueRowsOf,
  rangeFor,
  viewsEntered,
  type CaseFilter,
  type QueueFiling,
} from './workQueueRows';
import { missingCaseGraceMs, TableSlaViews, type SlaViewRow } from './slaViewRows';
import { TableDuplicateIndex } from './duplicateIndex';
import { workQueueFieldsOf, type SlaView } from '../../domain/workQueue';
import { pageAfter, sortedPageToken, sortColumnOf, type SortableRow } from './sortedPages';

/*
 * The case rows of one tenant live in one partition, so a case, its new timeline entries, its lookup rows and an
 * idempotency claim can be written in one entity group transaction: all or nothing, guarded by ETags. What needs no
 * such transaction lives elsewhere (retention entries and the person index in retentionindex, see tableRetention.ts;
 * mail delivery records in maildeliveries): every row of this partition costs each later read and write of the
 * tenant's cases (Azurite up to 3.36 scanned the partition for a row key; Azure serves a partition from one server,
 * up to about 2,000 entities a second).
 *   case|{caseId}              the case document, and its newest timeline entries (TimelineTail, see timelineWrite)
 *   event|{caseId}|{first seq} timeline entries that outgrew the case row, append-only (timelineRows.ts)
 *   counter|caseNumber         the highest case number reserved by any instance (blocks, see caseNumber.ts)
 *   idempotency|{sha256(key)}  which case an Idempotency-Key produced
 *   lookup|{sha256(key)}       which case a case number, Message-ID or conversation id belongs to
 *   q|{view}|{caseId}          the work queues an open case is in (workQueueRows.ts); its SLA views are rows of
 *                              slaviews (slaViewRows.ts), written before the case by the write that files it there
 * Case ids start with a base-36 timestamp, so "opened since" is a RowKey range, not a scan.
 * Existing rows are updated by merge, with every column sent: the same one transaction as a replace on Azure, but
 * Azurite replaces a row by deleting and inserting it, which takes time in proportion to the whole table.
 */
const caseRowPrefix = 'case|';
const counterRowKey = 'counter|caseNumber';
/**
 * Instances that meet on a tenant's counter row while reserving blocks of case numbers retry after a random pause (full
 * jitter) that grows from 10 ms to at most 400 ms: 60 attempts outlast dozens of instances reserving at once, and still
 * end should storage keep refusing (after about 11 s of pauses on average, 22 s at most). A create refused for a reason
 * that another number may cure retries as often.
 */
const maxCreateAttempts = 60;
const firstRetryPauseMs = 10;
const longestRetryPauseMs = 400;

const caseRowKey = (caseId: string): string => `${caseRowPrefix}${caseId}`;
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const idempotencyRowKey = (key: string): string => `idempotency|${sha256(key)}`;
/** The row layout above, for the retention purge and erasure (tableRetention.ts), which remove and rewrite these rows. */
export const caseRowKeys = { caseRowKey, idempotencyRowKey, lookupRowKey } as const;

/** An Idempotency-Key's claim, written with the case it opened or the change it made (with the timeline length then). */
const claimEntity = (tenantId: string, caseId: string, claim: IdempotencyClaim, eventCount?: number): TableEntity => ({
  partitionKey: tenantId,
  rowKey: idempotencyRowKey(claim.key),
  CaseId: caseId,
  RequestHash: claim.requestHash,
  ...(eventCount === undefined ? {} : { EventCount: eventCount }),
});

function lookupActions(tenantId: string, caseId: string, keys: string[] = []): TransactionAction[] {
  return keys.map((key) => ['upsert', lookupEntity(tenantId, caseId, key), 'Replace']);
}

interface CaseEntity extends TableEntity {
  EventCount: number;
  [column: string]: unknown;
}

/**
 * The row of a case: its document, the columns lists filter and sort on (the same as its work-queue rows carry), the
 * keys of the work-queue rows it is filed under, and its revision (1 when created, one more with every write; 0 for a
 * row of a version before revisions), which orders its writes for the SLA views (slaViewRows.ts).
 */
export function toCaseEntity(
  supportCase: SupportCase,
  eventCount: number,
  queueKeys: readonly string[] = [],
  timelineTail: readonly TimelineEvent[] = [],
  revision = 0,
): CaseEntity {
  return {
    partitionKey: supportCase.tenantId,
    rowKey: caseRowKey(supportCase.id),
    EventCount: eventCount,
    Revision: revision,
    ...toTimelineTail(timelineTail),
    ...queueColumns(workQueueFieldsOf(supportCase)),
    QueueKeys: JSON.stringify(queueKeys),
    ...toDocumentColumns(supportCase),
  };
}

function fromCaseEntity(entity: Record<string, unknown>): StoredCase {
  const timelineTail = timelineTailOf(entity);
  return {
    supportCase: supportCaseSchema.parse(fromDocumentColumns(entity)),
    eventCount: Number(entity.EventCount),
    revision: Number(entity.Revision ?? 0),
    etag: String(entity.etag),
    queueKeys: typeof entity.QueueKeys === 'string' ? (JSON.parse(entity.QueueKeys) as string[]) : [],
    ...(timelineTail && { timelineTail }),
  };
}

/**
 * A case row as lists read it: the case, or 'unreadable' when the row fails the case schema (written by a newer version
 * during a rollout, or edited by hand). Lists and counts leave such a case out and the log names it, so one row neither
 * fails every list and count of its tenant (the console's header among them) nor is dropped from a view.
 */
function listedCaseOf(entity: Record<string, unknown>): StoredCase | 'unreadable' {
  try {
    return fromCaseEntity(entity);
  } catch (error) {
    console.error(
      `case row ${String(entity.rowKey)} of ${String(entity.partitionKey)} is unreadable, so left out of lists until it is repaired: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 'unreadable';
  }
}

/**
 * The actions that move a case's work-queue rows from the keys it is filed under (the rows that exist) to where it
 * belongs now: rows it leaves are deleted, rows it keeps replaced ('update') and new ones created. Replacing rather than
 * upserting costs Azurite one lookup per row instead of two (an upsert looks first whether the row exists). Part of the
 * case's own transaction, so a view never shows a case the case row disagrees with.
 */
function queueActions(
  filing: QueueFiling,
  supportCase: SupportCase,
  filedUnder: readonly string[],
): TransactionAction[] {
  const leaving = filedUnder.filter((key) => isPartitionKey(key) && !filing.keys.includes(key));
  return [
    ...leaving.map((key): TransactionAction => [
      'delete',
      { partitionKey: supportCase.tenantId, rowKey: queueRowKey(key, supportCase.id) },
    ]),
    ...filing.rows.map(({ key, row }): TransactionAction =>
      filedUnder.includes(key) ? ['update', row, 'Replace'] : ['create', row],
    ),
  ];
}

/** Whether a write changed what the duplicate index files a case by (duplicateIndex.ts). */
const duplicateIndexChanged = (before: SupportCase, after: SupportCase): boolean =>
  before.title !== after.title ||
  before.customer.tenantId !== after.customer.tenantId ||
  before.contact.email !== after.contact.email;

/** New entries numbered from `firstSeq`. */
const numbered = (events: readonly NewTimelineEvent[], firstSeq: number): TimelineEvent[] =>
  events.map((event, index) => ({ ...event, seq: firstSeq + index }));

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A write of a case as update takes it: the case as read, as it is to be, and what comes with the write. */
interface CaseWrite {
  current: StoredCase;
  next: SupportCase;
  events: NewTimelineEvent[];
  lookupKeys?: string[];
  claim?: IdempotencyClaim;
}

/** How often a move in the duplicate index follows later writes of the case (see TableCaseStore.refile). */
const maxRefileRounds = 3;

/** Full jitter: a random pause up to an exponentially growing ceiling, so contending writers spread out instead of colliding again. */
const retryPauseMs = (attempt: number): number =>
  Math.random() * Math.min(longestRetryPauseMs, firstRetryPauseMs * 2 ** Math.min(attempt - 1, 10));

interface CounterState {
  last: number;
  etag: string;
}

export class TableCaseStore implements CaseStore {
  private readonly cases: TableClient;
  private readonly slaViews: TableSlaViews;
  private readonly duplicateIndex: TableDuplicateIndex;
  /** The counter as this instance last wrote it: usually still current, which spares a read per reservation. */
  private readonly knownCounters = new Map<string, CounterState>();
  /** Hands out the case numbers of the blocks this instance reserved. */
  private readonly numbers = new CaseNumberAllocator((tenantId, size) => this.reserveNumbers(tenantId, size));

  /** `clock` tells how old an SLA view row is (slaViewRows.ts), the only time the store itself reads. */
  constructor(
    tables: TableClientFactory,
    private readonly clock: Clock = systemClock,
  ) {
    this.cases = tables('cases');
    this.slaViews = new TableSlaViews(tables);
    this.duplicateIndex = new TableDuplicateIndex(tables, { clock });
  }

  /**
   * Numbers and stores a new case. The number comes from a block this instance reserved (see reserveNumbers), so the
   * counter row is no part of the transaction and creates of one tenant run side by side. The number's lookup row is
   * created, never overwritten, with the case: should a number ever turn out taken, the create fails as a whole instead
   * of pointing the number at a second case. A create refused for another reason than its idempotency claim or a
   * claimed key tries again with another number, up to maxCreateAttempts.
   */
  async create(
    tenantId: string,
    draft: (caseNumber: string) => CaseDraft,
    idempotency?: IdempotencyClaim,
  ): Promise<CreateCaseOutcome> {
    for (let attempt = 1; attempt <= maxCreateAttempts; attempt += 1) {
      const sequence = await this.numbers.take(tenantId);
      const { supportCase, events, lookupKeys, claimedKeys = [] } = draft(formatCaseNumber(sequence));
      const filing = queueRowsOf(supportCase);
      const timeline = numbered(events, 1);
      const written = timelineWrite(tenantId, supportCase.id, [], timeline);
      const actions: TransactionAction[] = [
        ['create', toCaseEntity(supportCase, events.length, filing.keys, written.tail, 1)],
        ...queueActions(filing, supportCase, []),
        ...written.rows.map((entity): TransactionAction => ['create', entity]),
        ['create', lookupEntity(tenantId, supportCase.id, `number:${supportCase.caseNumber}`)],
        ...lookupActions(tenantId, supportCase.id, lookupKeys),
        ...claimedKeys.map((key): TransactionAction => ['create', lookupEntity(tenantId, supportCase.id, key)]),
      ];
      if (idempotency) actions.push(['create', claimEntity(tenantId, supportCase.id, idempotency)]);
      await this.slaViews.enter(tenantId, supportCase.id, filing.views, 1);
      let caseEtag: string | undefined;
      try {
        // Sub-responses come in the order of the actions: the case first.
        caseEtag = (await this.cases.submitTransaction(actions)).subResponses[0]?.etag;
      } catch (error) {
        // Any other failure may have stored the case after all: its number is never handed out again (a gap).
        if (!isStatus(error, 409, 412)) throw error;
        // Refused as a whole, so nothing of it was stored.
        if (idempotency) {
          const replay = await this.replay(tenantId, idempotency.key);
          if (replay) {
            this.numbers.giveBack(tenantId, sequence);
            return replay;
          }
        }
        for (const key of claimedKeys) {
          const holder = await this.findByLookup(tenantId, key);
          if (holder) {
            this.numbers.giveBack(tenantId, sequence);
            throw new LookupKeyTakenError(key, holder);
          }
        }
        // Another row of this create exists already, perhaps the number's: neither it nor the rest of its block is used.
        this.numbers.discard(tenantId);
        await delay(retryPauseMs(attempt));
        continue;
      }
      const stored = caseEtag
        ? {
            supportCase,
            eventCount: events.length,
            revision: 1,
            etag: caseEtag,
            queueKeys: filing.keys,
            timelineTail: written.tail,
          }
        : await this.get(tenantId, supportCase.id);
      if (!stored) throw new Error(`Case ${supportCase.id} vanished right after it was created`);
      await this.keepDuplicateIndex(supportCase, () => this.duplicateIndex.file(supportCase));
      return { kind: 'created', stored, timeline };
    }
    // Storage kept refusing for seconds: a busy desk, not a broken request, so the client is asked to retry.
    throw new DeskError(
      'serviceUnavailable',
      `Could not store the case after ${maxCreateAttempts} attempts; try again shortly.`,
      { retryAfterSeconds: 5 },
    );
  }

  /**
   * Files a case in the duplicate index, or moves it there after a change. Advisory, like duplicate detection itself:
   * should storage refuse, the case stands and is only missed (or compared as before) as a candidate, which the log
   * says.
   */
  private async keepDuplicateIndex(supportCase: SupportCase, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      console.warn(
        `duplicate index: case ${supportCase.id} of ${supportCase.tenantId} not filed as it now is, so not found as a duplicate by it: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  async exists(tenantId: string, caseId: string): Promise<boolean> {
    return (await this.readEntity(tenantId, caseRowKey(caseId), ['RowKey'])) !== undefined;
  }

  async get(tenantId: string, caseId: string): Promise<StoredCase | undefined> {
    const found = await this.readListed(tenantId, caseId);
    if (found === 'unreadable') throw new UnreadableCaseError(tenantId, caseId);
    return found;
  }

  /** A case row as lists read it (see listedCaseOf); undefined when there is none. */
  private async readListed(tenantId: string, caseId: string): Promise<StoredCase | 'unreadable' | undefined> {
    const entity = await this.readEntity(tenantId, caseRowKey(caseId));
    return entity ? listedCaseOf(entity) : undefined;
  }

  /**
   * The timeline as of one read of the case row (`asRead`, or a read of its count and tail): its tail, and the entries
   * of the timeline rows up to its EventCount that the tail does not hold, in seq order. A case whose entries all fit
   * its row (most, see timelineRows.ts) costs no request beyond that read. Entries a concurrent write moved from the
   * tail into a row since are the tail's (no entry is read twice); entries an instance of an earlier version added as
   * rows while a tail stood are read from the rows.
   */
  async timeline(tenantId: string, caseId: string, asRead?: StoredCase): Promise<TimelineEvent[]> {
    const { eventCount, tail } = asRead
      ? { eventCount: asRead.eventCount, tail: asRead.timelineTail ?? [] }
      : await this.timelineState(tenantId, caseId);
    if (tail.length === eventCount) return [...tail];
    const inTail = new Set(tail.map((event) => event.seq));
    const prefix = timelineRowPrefix(caseId);
    const events: TimelineEvent[] = [...tail];
    const entities = this.cases.listEntities({
      queryOptions: {
        filter: `${odata`PartitionKey eq ${tenantId}`} and ${rowKeysStartingWith(prefix)}`,
      },
    });
    for await (const entity of entities)
      events.push(...fromTimelineRow(entity).filter((event) => event.seq <= eventCount && !inTail.has(event.seq)));
    return events.sort((a, b) => a.seq - b.seq);
  }

  /**
   * One RowKey range (rangeFor: a work-queue view or the case rows) filtered on the server by columns. Case rows in
   * their own order (created, oldest first) page with Table Storage's continuation; any other order reads the range's
   * matching rows cut to the sort column, sorts them and reads the documents of one page (sortedPages.ts).
   */
  async list(tenantId: string, query: CaseQuery): Promise<CasePage> {
    const sort = query.sort ?? (query.sla !== undefined || rangeFor(query).indexed ? 'due' : 'created');
    const order = query.order ?? 'asc';
    const column = sortColumnOf(sort);
    if (query.sla !== undefined && query.caseId === undefined) {
      const cases = await this.slaViewCases(tenantId, query.sla, query);
      const byId = new Map(cases.map((supportCase) => [supportCase.id, supportCase]));
      const rows = cases.map((supportCase): SortableRow => ({
        caseId: supportCase.id,
        key: queueColumns(workQueueFieldsOf(supportCase))[column] as string | number,
      }));
      const page = pageAfter(rows, { order, pageSize: query.pageSize, after: query.continuationToken });
      return {
        cases: page.rows.map((row) => byId.get(row.caseId)!),
        continuationToken: page.next === undefined ? undefined : sortedPageToken(page.next),
      };
    }
    const { prefix, indexed } = rangeFor(query);
    const filter = filterFor(tenantId, query, prefix);
    if (!indexed && sort === 'created' && order === 'asc' && query.words === undefined)
      return this.listInRowOrder(filter, query);
    const rows: SortableRow[] = [];
    const entities = this.cases.listEntities<Record<string, unknown>>({
      queryOptions: { filter, select: ['RowKey', column, 'SearchText'] },
    });
    for await (const entity of entities) {
      const words = String(entity.SearchText ?? '').split(' ');
      if (query.words?.some((word) => !words.includes(word))) continue;
      rows.push({ caseId: caseIdOfRow(String(entity.rowKey)), key: entity[column] as string | number });
    }
    const page = pageAfter(rows, { order, pageSize: query.pageSize, after: query.continuationToken });
    const cases = (await Promise.all(page.rows.map((row) => this.readListed(tenantId, row.caseId)))).flatMap((found) =>
      found && found !== 'unreadable' && stillMatches(found.supportCase, query) ? [found.supportCase] : [],
    );
    return { cases, continuationToken: page.next === undefined ? undefined : sortedPageToken(page.next) };
  }

  /**
   * The cases of an SLA view that match a query, read from their case rows (one point read per row of the view, which
   * holds the open cases that need attention now: few by design). Rows the reads show stale (slaViewRows.ts) are
   * removed on the way.
   */
  private async slaViewCases(tenantId: string, view: SlaView, query: CaseFilter): Promise<SupportCase[]> {
    const rows = await this.slaViews.rows(tenantId, view);
    const read = await Promise.all(
      rows.map(async (row) => ({ row, stored: await this.readListed(tenantId, row.caseId) })),
    );
    const now = this.clock.now().getTime();
    const stale = read.flatMap(({ row, stored }): SlaViewRow[] => {
      if (stored === 'unreadable') return [];
      if (!stored || (stored.revision ?? 0) < row.revision)
        return now - row.writtenAt > missingCaseGraceMs ? [row] : [];
      const fields = workQueueFieldsOf(stored.supportCase);
      return fields.open && fields.sla === view ? [] : [row];
    });
    await this.slaViews.remove(tenantId, view, stale);
    return read.flatMap(({ stored }) =>
      stored && stored !== 'unreadable' && stillMatches(stored.supportCase, query) ? [stored.supportCase] : [],
    );
  }

  async count(tenantId: string, query: CaseFilter): Promise<number> {
    if (query.sla !== undefined && query.caseId === undefined)
      return (await this.slaViewCases(tenantId, query.sla, query)).length;
    const { prefix } = rangeFor(query);
    const entities = this.cases.listEntities<Record<string, unknown>>({
      queryOptions: { filter: filterFor(tenantId, query, prefix), select: ['RowKey', 'SearchText'] },
    });
    let count = 0;
    for await (const entity of entities) {
      const words = String(entity.SearchText ?? '').split(' ');
      if (!query.words?.some((word) => !words.includes(word))) count += 1;
    }
    return count;
  }

  private async listInRowOrder(filter: string, query: CaseQuery): Promise<CasePage> {
    const pages = this.cases
      .listEntities({ queryOptions: { filter } })
      .byPage({ maxPageSize: query.pageSize, continuationToken: query.continuationToken });
    const page = await pages.next();
    if (page.done) return { cases: [] };
    return {
      cases: page.value.flatMap((entity) => {
        const listed = listedCaseOf(entity);
        return listed === 'unreadable' ? [] : [listed.supportCase];
      }),
      continuationToken: page.value.continuationToken,
    };
  }

  async update(
    current: StoredCase,
    next: SupportCase,
    events: NewTimelineEvent[],
    lookupKeys?: string[],
    claim?: IdempotencyClaim,
  ): Promise<UpdateCaseOutcome> {
    const outcome = await this.saveFiled({ current, next, events, lookupKeys, claim });
    if (outcome.kind === 'saved' && duplicateIndexChanged(current.supportCase, next))
      await this.keepDuplicateIndex(next, () => this.refile(current.supportCase, next));
    return outcome;
  }

  /**
   * Moves a case in the duplicate index after a write, then again while the case row says a later write changed it
   * meanwhile: the moves of two quick changes may land in the opposite order (two instances, one slower), and the move
   * that lands last then files the case as it is now. A few rounds at most, each a point read; the last move files the
   * case as last read, so what it moved from never stays.
   */
  private async refile(before: SupportCase, after: SupportCase): Promise<void> {
    let [from, to] = [before, after];
    for (let round = 1; ; round += 1) {
      await this.duplicateIndex.refile(from, to);
      if (round > maxRefileRounds) return;
      const latest = (await this.get(to.tenantId, to.id))?.supportCase;
      if (latest === undefined || !duplicateIndexChanged(to, latest)) return;
      [from, to] = [to, latest];
    }
  }

  /** One write of a case, its work-queue rows moved from the keys its row says it is filed under (see update). */
  private async saveFiled(write: CaseWrite): Promise<UpdateCaseOutcome> {
    const filedUnder = write.current.queueKeys ?? [];
    try {
      return await this.save(write, filedUnder);
    } catch (error) {
      // The case row's own ETag fails first (412), so a missing (404) or existing (409) row means the work-queue rows
      // are not as the case row says (a delete outside the case's writes): the write learns which exist, once.
      if (!isStatus(error, 404, 409)) throw error;
      const { next } = write;
      const candidates = [...new Set([...filedUnder, ...queueRowsOf(next).keys])].filter(isPartitionKey);
      const present = await this.existingQueueKeys(next.tenantId, next.id, candidates);
      const views = filedUnder.filter((key) => !isPartitionKey(key));
      return this.save(write, [...present, ...views]).catch((retried: unknown) => {
        if (isStatus(retried, 409)) return { kind: 'stale' } as const;
        throw retried;
      });
    }
  }

  /** One write of a case (see update), its work-queue rows moved from `filedUnder`. */
  private async save(write: CaseWrite, filedUnder: readonly string[]): Promise<UpdateCaseOutcome> {
    const { current, next, events, lookupKeys, claim } = write;
    const eventCount = current.eventCount + events.length;
    const revision = (current.revision ?? 0) + 1;
    const filing = queueRowsOf(next);
    const written = timelineWrite(
      next.tenantId,
      next.id,
      current.timelineTail ?? [],
      numbered(events, current.eventCount + 1),
    );
    const actions: TransactionAction[] = [
      ['update', toCaseEntity(next, eventCount, filing.keys, written.tail, revision), 'Merge', { etag: current.etag }],
      ...queueActions(filing, next, filedUnder),
      ...written.rows.map((entity): TransactionAction => ['create', entity]),
      ...lookupActions(next.tenantId, next.id, lookupKeys),
    ];
    if (claim) actions.push(['create', claimEntity(next.tenantId, next.id, claim, eventCount)]);
    await this.slaViews.enter(next.tenantId, next.id, viewsEntered(filing, filedUnder), revision);
    try {
      const response = await this.cases.submitTransaction(actions);
      const etag = response.subResponses[0]?.etag;
      const stored = etag
        ? { supportCase: next, eventCount, revision, etag, queueKeys: filing.keys, timelineTail: written.tail }
        : await this.get(next.tenantId, next.id);
      if (!stored) throw new Error(`Case ${next.id} vanished right after it was saved`);
      return { kind: 'saved', stored };
    } catch (error) {
      if (isStatus(error, 412)) return { kind: 'stale' };
      throw error;
    }
  }

  /** The count and tail of the case row; a case that is gone counts every row there is. */
  private async timelineState(
    tenantId: string,
    caseId: string,
  ): Promise<{ eventCount: number; tail: readonly TimelineEvent[] }> {
    const row = await this.readEntity(tenantId, caseRowKey(caseId), ['EventCount', 'TimelineTail']);
    return row
      ? { eventCount: Number(row.EventCount), tail: timelineTailOf(row) ?? [] }
      : { eventCount: Number.POSITIVE_INFINITY, tail: [] };
  }

  /** Which of these work-queue keys of a case have their row. */
  private async existingQueueKeys(tenantId: string, caseId: string, keys: readonly string[]): Promise<string[]> {
    const found = await Promise.all(
      keys.map(async (key) => ((await this.readEntity(tenantId, queueRowKey(key, caseId))) ? [key] : [])),
    );
    return found.flat();
  }

  async findByLookup(tenantId: string, lookupKey: string): Promise<string | undefined> {
    const row = await this.readEntity(tenantId, lookupRowKey(lookupKey));
    return row ? String(row.CaseId) : undefined;
  }

  findByLookups(tenantId: string, lookupKeys: readonly string[]): Promise<Map<string, string>> {
    return findLookups(this.cases, tenantId, lookupKeys);
  }

  async openedBetween(tenantId: string, from: Date, to: Date): Promise<OpenedCases> {
    const first = caseRowKey(from.getTime().toString(36).padStart(9, '0'));
    const end = caseRowKey(to.getTime().toString(36).padStart(9, '0'));
    const opened: OpenedCases = { cases: [], unreadableCaseIds: [] };
    const entities = this.cases.listEntities({
      queryOptions: { filter: odata`PartitionKey eq ${tenantId} and RowKey ge ${first} and RowKey lt ${end}` },
    });
    for await (const entity of entities) {
      const listed = listedCaseOf(entity);
      if (listed === 'unreadable') opened.unreadableCaseIds.push(String(entity.rowKey).slice(caseRowPrefix.length));
      else opened.cases.push(listed);
    }
    return opened;
  }

  /**
   * The cases of the scope opened in the last day or two that share an index word with the title (duplicateIndex.ts):
   * only what duplicate detection compares, read from the index, never a case row.
   */
  duplicateCandidates(
    tenantId: string,
    opened: OpeningWindow,
    scope: DuplicateScope,
    title: string,
  ): Promise<DuplicateCandidate[]> {
    return this.duplicateIndex.candidates(tenantId, title, scope, opened.since, opened.until);
  }

  async findClaim(tenantId: string, key: string): Promise<StoredClaim | undefined> {
    const row = await this.readEntity(tenantId, idempotencyRowKey(key));
    if (!row) return undefined;
    return {
      caseId: String(row.CaseId),
      requestHash: String(row.RequestHash),
      eventCount: typeof row.EventCount === 'number' ? row.EventCount : undefined,
    };
  }

  private async replay(tenantId: string, key: string): Promise<CreateCaseOutcome | undefined> {
    const claim = await this.findClaim(tenantId, key);
    if (!claim) return undefined;
    const stored = await this.get(tenantId, claim.caseId);
    if (!stored) throw new Error(`Idempotency claim points at missing case ${claim.caseId}`);
    return { kind: 'replayed', stored, requestHash: claim.requestHash };
  }

  /**
   * Reserves the next `size` numbers of a tenant with one optimistic write of its counter row: the write that lands
   * makes them this instance's alone, whatever else is written. One that loses to another instance reads the counter
   * again and retries after a jittered pause; a busy desk after maxCreateAttempts is asked to try again (503).
   */
  private async reserveNumbers(tenantId: string, size: number): Promise<ReservedBlock> {
    let counter = this.knownCounters.get(tenantId);
    for (let attempt = 1; attempt <= maxCreateAttempts; attempt += 1) {
      try {
        counter ??= await this.readCounter(tenantId);
        const first = (counter?.last ?? 0) + 1;
        const last = first + size - 1;
        const entity = { partitionKey: tenantId, rowKey: counterRowKey, Last: last };
        const written = counter
          ? await this.cases.updateEntity(entity, 'Merge', { etag: counter.etag })
          : await this.cases.createEntity(entity);
        this.knownCounters.delete(tenantId);
        if (written.etag) this.knownCounters.set(tenantId, { last, etag: written.etag });
        // Most recently written last: past 10,000 tenants the least recent is forgotten (and read again when needed).
        if (this.knownCounters.size > 10_000) this.knownCounters.delete(this.knownCounters.keys().next().value!);
        return { first, last, contended: attempt > 1 };
      } catch (error) {
        // Another instance reserved first (or this write landed and its answer was lost): read the counter again.
        counter = undefined;
        this.knownCounters.delete(tenantId);
        if (!isStatus(error, 409, 412, 503)) throw error;
        await delay(retryPauseMs(attempt));
      }
    }
    throw new DeskError(
      'serviceUnavailable',
      `Could not allocate a case number after ${maxCreateAttempts} attempts; try again shortly.`,
      { retryAfterSeconds: 5 },
    );
  }

  private async readCounter(tenantId: string): Promise<CounterState | undefined> {
    const entity = await this.readEntity(tenantId, counterRowKey);
    return entity ? { last: Number(entity.Last), etag: String(entity.etag) } : undefined;
  }

  private async readEntity(
    partitionKey: string,
    rowKey: string,
    select?: string[],
  ): Promise<Record<string, unknown> | undefined> {
    try {
      return await this.cases.getEntity<Record<string, unknown>>(
        partitionKey,
        rowKey,
        select ? { queryOptions: { select } } : {},
      );
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }
}
