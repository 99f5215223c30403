import type { NewTimelineEvent, SupportCase, TimelineEvent } from '../domain/case';
import type { DuplicateCandidate, DuplicateScope, OpeningWindow } from '../domain/duplicates';
import type { IgnoredMail } from '../domain/ignoredMail';
import type { ThreadRefusal } from '../domain/threadRefusal';
import { formatCaseNumber } from '../domain/caseNumber';
import { addDays, normalizedAddress, peopleOf, personKey, retentionPeriods } from '../domain/retention';
import type {
  CaseDraft,
  CasePage,
  CaseQuery,
  CaseStore,
  CreateCaseOutcome,
  IdempotencyClaim,
  OpenedCases,
  StoredCase,
  StoredClaim,
  UpdateCaseOutcome,
} from '../ports/caseStore';
import type { Clock } from '../ports/clock';
import type { IntakeLog } from '../ports/intakeLog';
import type { PersonRow, RetentionEntry, RetentionStores } from '../ports/retention';

/*
 * Everything the desk stores that expires is filed in the retention index when it is written, and every row that holds
 * a person's data is pointed at from the person index, so neither the purge nor an erasure ever scans live data. Both
 * go in one request, before the data they describe: a write that then fails leaves an entry the purge finds harmless
 * (nothing to remove) and an index row an erasure skips, never data that nothing would find.
 */

export type RetentionFilingDeps = RetentionStores & { clock: Clock };

export class RetentionFiling {
  constructor(private readonly deps: RetentionFilingDeps) {}

  /**
   * A new case: its first review, its Idempotency-Key's claim, and its people. The review carries the people's index
   * rows, which the purge removes should the case never be stored (a failed create, or a retry that found the first).
   */
  async caseOpening(
    tenantId: string,
    supportCase: SupportCase,
    events: readonly NewTimelineEvent[],
    claimKey?: string,
  ): Promise<void> {
    const now = this.deps.clock.now();
    const rowKey = this.deps.personalData.caseRowKey(supportCase.id);
    const people = peopleOf(supportCase, events).map((address) => ({
      personKey: personKey(tenantId, address),
      rowKey,
    }));
    const entries: RetentionEntry[] = [
      {
        target: { kind: 'case', caseId: supportCase.id },
        dueAt: addDays(now, retentionPeriods.firstCaseReviewDays),
        remains: { rows: [], people },
      },
    ];
    if (claimKey !== undefined) entries.push(this.claimExpiry(claimKey, now));
    await this.deps.retention.file(tenantId, entries, people);
  }

  /** A change of a case: the claim of its Idempotency-Key, and anyone it brings onto the case (a colleague's mail). */
  async caseChanging(
    current: StoredCase,
    next: SupportCase,
    events: readonly NewTimelineEvent[],
    claimKey?: string,
  ): Promise<void> {
    const known = normalizedAddress(current.supportCase.contact.email);
    const rowKey = this.deps.personalData.caseRowKey(next.id);
    const newcomers = peopleOf(next, events)
      .filter((address) => address !== known)
      .map((address) => ({ personKey: personKey(next.tenantId, address), rowKey }));
    const entries = claimKey === undefined ? [] : [this.claimExpiry(claimKey, this.deps.clock.now())];
    await this.deps.retention.file(next.tenantId, entries, newcomers);
  }

  /** A mail recorded in an intake log: the entry and its sender's index row expire together. */
  async intakeRecording(
    tenantId: string,
    log: 'ignoredMail' | 'threadRefusal',
    messageId: string,
    from: string,
  ): Promise<void> {
    const rowKey = this.deps.personalData.intakeLogRowKey(log, messageId);
    const sender: PersonRow = { personKey: personKey(tenantId, from), rowKey };
    const dueAt = addDays(this.deps.clock.now(), retentionPeriods.intakeLogDays);
    await this.deps.retention.file(
      tenantId,
      [
        { target: { kind: 'row', rowKey }, dueAt },
        { target: { kind: 'person', person: sender }, dueAt },
      ],
      [sender],
    );
  }

  private claimExpiry(key: string, now: Date): RetentionEntry {
    return {
      target: { kind: 'row', rowKey: this.deps.personalData.claimRowKey(key) },
      dueAt: addDays(now, retentionPeriods.idempotencyClaimDays),
    };
  }
}

/** Calls `replacements` instead of the methods of the same name, and `target`'s own methods otherwise. */
/**
 * The case store, with every new case, stored idempotency claim and person on a case filed before it is written. The
 * draft carries the id the case will have (its caller fixes it before the create, see openNewCase), so the review and
 * index rows can name the case before it exists.
 */
export class RetentionFilingCaseStore implements CaseStore {
  constructor(
    private readonly cases: CaseStore,
    private readonly filing: RetentionFiling,
  ) {}

  async create(
    tenantId: string,
    draft: (caseNumber: string) => CaseDraft,
    idempotency?: IdempotencyClaim,
  ): Promise<CreateCaseOutcome> {
    const first = draft(formatCaseNumber(0));
    await this.filing.caseOpening(tenantId, first.supportCase, first.events, idempotency?.key);
    return this.cases.create(tenantId, draft, idempotency);
  }

  async update(
    current: StoredCase,
    next: SupportCase,
    events: NewTimelineEvent[],
    lookupKeys?: string[],
    claim?: IdempotencyClaim,
  ): Promise<UpdateCaseOutcome> {
    await this.filing.caseChanging(current, next, events, claim?.key);
    return this.cases.update(current, next, events, lookupKeys, claim);
  }

  get(tenantId: string, caseId: string): Promise<StoredCase | undefined> {
    return this.cases.get(tenantId, caseId);
  }

  exists(tenantId: string, caseId: string): Promise<boolean> {
    return this.cases.exists(tenantId, caseId);
  }

  timeline(tenantId: string, caseId: string, asRead?: StoredCase): Promise<TimelineEvent[]> {
    return this.cases.timeline(tenantId, caseId, asRead);
  }

  list(tenantId: string, query: CaseQuery): Promise<CasePage> {
    return this.cases.list(tenantId, query);
  }

  count(tenantId: string, query: Parameters<CaseStore['count']>[1]): Promise<number> {
    return this.cases.count(tenantId, query);
  }

  findClaim(tenantId: string, key: string): Promise<StoredClaim | undefined> {
    return this.cases.findClaim(tenantId, key);
  }

  findByLookup(tenantId: string, lookupKey: string): Promise<string | undefined> {
    return this.cases.findByLookup(tenantId, lookupKey);
  }

  findByLookups(tenantId: string, lookupKeys: readonly string[]): Promise<Map<string, string>> {
    return this.cases.findByLookups(tenantId, lookupKeys);
  }

  openedBetween(tenantId: string, from: Date, to: Date): Promise<OpenedCases> {
    return this.cases.openedBetween(tenantId, from, to);
  }

  duplicateCandidates(
    tenantId: string,
    opened: OpeningWindow,
    scope: DuplicateScope,
    title: string,
  ): Promise<DuplicateCandidate[]> {
    return this.cases.duplicateCandidates(tenantId, opened, scope, title);
  }
}

/** The intake log, with every entry filed to expire and pointed at from its sender's index row before it is written. */
export class RetentionFilingIntakeLog implements IntakeLog {
  constructor(
    private readonly log: IntakeLog,
    private readonly filing: RetentionFiling,
  ) {}

  async recordIgnored(tenantId: string, mail: IgnoredMail): Promise<void> {
    await this.filing.intakeRecording(tenantId, 'ignoredMail', mail.messageId, mail.from);
    return this.log.recordIgnored(tenantId, mail);
  }

  async recordThreadRefusal(tenantId: string, refusal: ThreadRefusal): Promise<void> {
    await this.filing.intakeRecording(tenantId, 'threadRefusal', refusal.messageId, refusal.from);
    return this.log.recordThreadRefusal(tenantId, refusal);
  }

  listIgnored(tenantId: string, limit: number): Promise<{ count: number; items: IgnoredMail[] }> {
    return this.log.listIgnored(tenantId, limit);
  }

  listThreadRefusals(tenantId: string, limit: number): Promise<{ count: number; items: ThreadRefusal[] }> {
    return this.log.listThreadRefusals(tenantId, limit);
  }
}
