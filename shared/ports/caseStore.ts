import type { CaseStatus } from '../domain/lifecycle/caseStatus';
import type { Category, Product, Severity, SupportTier } from '../domain/caseFields';
import type { CaseSortKey } from '../domain/caseListQuery';
import type { SlaView } from '../domain/workQueue';
import type { CaseFlag, NewTimelineEvent, SupportCase, TimelineEvent } from '../domain/case';
import type { DuplicateCandidate, DuplicateScope, OpeningWindow } from '../domain/duplicates';
import { DeskError } from '../errors';

/** A case as read from the store, with the version tag that guards the next write. */
export interface StoredCase {
  supportCase: SupportCase;
  etag: string;
  /** How many timeline entries the case has; the next entry takes the following place. */
  eventCount: number;
  /**
   * How many writes the case has had (1 once created), as the store counts them to order its writes; absent from a
   * store that does not count them.
   */
  revision?: number;
  /**
   * The work-queue index rows the case is filed under as stored (see workQueueIndexKeysOf); the next write moves it
   * from these. Absent for a case stored before the work queues, which has none.
   */
  queueKeys?: readonly string[];
  /**
   * The newest timeline entries, as the case row holds them itself until they outgrow it (TableCaseStore); the next
   * write appends to them. Absent for a case whose entries are all in timeline rows (stored before rows had a tail).
   */
  timelineTail?: readonly TimelineEvent[];
}

export interface CaseDraft {
  supportCase: SupportCase;
  events: NewTimelineEvent[];
  /** Keys that find this case later (e.g. its number, an email Message-ID), written with the case. */
  lookupKeys?: string[];
  /** Lookup keys this case must be the first to take (a new email conversation); see LookupKeyTakenError. */
  claimedKeys?: string[];
}

/** The caller's Idempotency-Key and a hash of the request it came with. */
export interface IdempotencyClaim {
  key: string;
  requestHash: string;
}

/** An Idempotency-Key as stored with the change it made. */
export interface StoredClaim {
  caseId: string;
  requestHash: string;
  /** Where the case's timeline stood right after the change (absent for the claim of a new case). */
  eventCount?: number;
}

export type CreateCaseOutcome =
  | { kind: 'created'; stored: StoredCase; timeline: TimelineEvent[] }
  | { kind: 'replayed'; stored: StoredCase; requestHash: string };

/** Another case already holds a lookup key the draft claimed; nothing was stored. */
export class LookupKeyTakenError extends Error {
  override readonly name = 'LookupKeyTakenError';

  constructor(
    readonly key: string,
    readonly caseId: string,
  ) {
    super(`Case ${caseId} already holds the lookup key ${key}`);
  }
}

/**
 * A case row fails the case schema, e.g. one a newer version of the desk wrote during a deployment: a 503 with
 * Retry-After for a request that reads it (an instance of the newer version can answer it), a retry for a queue message;
 * lists and exports leave such a row out and say so in the log.
 */
export class UnreadableCaseError extends DeskError {
  constructor(
    readonly tenantId: string,
    readonly caseId: string,
  ) {
    super(
      'serviceUnavailable',
      `Case ${caseId} is stored in a shape this version of the desk cannot read; try again shortly.`,
      {
        retryAfterSeconds: 60,
      },
    );
  }
}

export type UpdateCaseOutcome = { kind: 'saved'; stored: StoredCase } | { kind: 'stale' };

/**
 * Which cases of a tenant to list, and in which order. Every filter must hold. A list of open cases (statuses before
 * resolved, an `sla` view, or an assignee with only open statuses) is served by the work-queue index rows; any other by
 * the case rows. See the README's "Work queues" for what each combination costs.
 */
export interface CaseQuery {
  statuses?: readonly CaseStatus[];
  /**
   * Cases assigned to this agent id of the tenant. A case the tenant handed to a provider is assigned among the
   * provider's agents (ids are each tenant's own), so it is never listed under an agent of the owner.
   */
  assignee?: string;
  /** Only cases nobody is assigned. */
  unassigned?: true;
  severities?: readonly Severity[];
  products?: readonly Product[];
  categories?: readonly Category[];
  tiers?: readonly SupportTier[];
  /** Only cases of these customers (Microsoft Entra tenant ids). */
  customerTenantIds?: readonly string[];
  /** Only cases of no known customer (mail from a sender no customer record listed when it came in). */
  withoutCustomer?: true;
  /** Escalated to Microsoft, handed to a partner tenant, or either. */
  escalated?: 'microsoft' | 'partner' | 'any';
  sla?: SlaView;
  /** Open cases whose escalation to Microsoft awaits Microsoft's answer. */
  waitingOnMicrosoft?: true;
  /** Only cases that carry this flag (e.g. `stuck`, for operators). */
  flag?: CaseFlag;
  /** Only cases changed at or after this ISO 8601 instant. */
  updatedSince?: string;
  /** Only this case (a case number the caller looked up), if it matches every other filter. */
  caseId?: string;
  /** Lower-case words (see searchWords) that must all occur in the title or the customer name. */
  words?: readonly string[];
  /** Default: `due` for a list of open cases, `created` otherwise. */
  sort?: CaseSortKey;
  order?: 'asc' | 'desc';
  pageSize: number;
  continuationToken?: string;
}

export interface CasePage {
  cases: SupportCase[];
  continuationToken?: string;
}

/**
 * The cases of a span of time as a store read them: those it could read, and the ids of those whose rows fail the case
 * schema (written by a newer version during a rollout, or edited by hand), which the caller must not take for absent.
 */
export interface OpenedCases {
  cases: StoredCase[];
  unreadableCaseIds: string[];
}
export interface CaseStore {
  /**
   * Takes a case number of the tenant (unique, never reused; see CaseNumberAllocator), builds the case with it and stores case, timeline, lookup keys and
   * idempotency claim together, or none of them. An idempotency claim already taken returns the case it produced
   * instead; a claimed lookup key already taken throws LookupKeyTakenError.
   */
  create(
    tenantId: string,
    draft: (caseNumber: string) => CaseDraft,
    idempotency?: IdempotencyClaim,
  ): Promise<CreateCaseOutcome>;
  /** The case; undefined when there is none. Errors: UnreadableCaseError when its row fails the case schema. */
  get(tenantId: string, caseId: string): Promise<StoredCase | undefined>;
  /** Whether the case exists, without reading its document. */
  exists(tenantId: string, caseId: string): Promise<boolean>;
  /**
   * The case's timeline in seq order. `asRead` is the case as the caller just read or wrote it: the timeline is then the
   * one of that version, without reading the case again.
   */
  timeline(tenantId: string, caseId: string, asRead?: StoredCase): Promise<TimelineEvent[]>;
  list(tenantId: string, query: CaseQuery): Promise<CasePage>;
  /** How many cases `list` would list for the query, from the same rows cut to their keys (no document is read). */
  count(tenantId: string, query: Omit<CaseQuery, 'pageSize' | 'continuationToken' | 'sort' | 'order'>): Promise<number>;
  /**
   * Replaces the case, appends events, points lookup keys at it and stores the request's idempotency claim, only if
   * nobody changed the case since `current` was read and the claim is not taken yet; otherwise `stale`.
   */
  update(
    current: StoredCase,
    next: SupportCase,
    events: NewTimelineEvent[],
    lookupKeys?: string[],
    claim?: IdempotencyClaim,
  ): Promise<UpdateCaseOutcome>;
  /** The change or new case an Idempotency-Key already made in the tenant, if any. */
  findClaim(tenantId: string, key: string): Promise<StoredClaim | undefined>;
  /** The case a lookup key (case number, Message-ID, conversation id) points at. */
  findByLookup(tenantId: string, lookupKey: string): Promise<string | undefined>;
  /** The cases several lookup keys point at, in few requests: a map from each key found to its case id. */
  findByLookups(tenantId: string, lookupKeys: readonly string[]): Promise<Map<string, string>>;
  /**
   * Cases opened at or after `from` and before `to`, oldest first, each with its ETag: one key range of case ids. A
   * case whose row this version cannot read (see OpenedCases) is named apart rather than failing the whole read.
   */
  openedBetween(tenantId: string, from: Date, to: Date): Promise<OpenedCases>;
  /**
   * What duplicate detection compares of the cases opened from `opened.since` to `opened.until` in the scope (one
   * customer's, see DuplicateScope) whose titles as opened share an index word (duplicateIndexWords) with `title`:
   * every case possibleDuplicates could accept, possibly a few more, in no order; never documents, and never every case
   * of the customer's day.
   */
  duplicateCandidates(
    tenantId: string,
    opened: OpeningWindow,
    scope: DuplicateScope,
    title: string,
  ): Promise<DuplicateCandidate[]>;
}
