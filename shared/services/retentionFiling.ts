import type { NewTimelineEvent, SupportCase } from '../domain/case';
import { formatCaseNumber } from '../domain/caseNumber';
import { addDays, normalizedAddress, peopleOf, personKey, retentionPeriods } from '../domain/retention';
import type { CaseStore, StoredCase } from '../ports/caseStore';
import type { Clock } from '../ports/clock';
import type { IntakeLog } from '../ports/intakeLog';
import type { RetentionEntry, RetentionStores } from '../ports/retention';

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
  async caseOpening(tenantId: string, supportCase: SupportCase, events: readonly NewTimelineEvent[], claimKey?: string): Promise<void> {
    const now = this.deps.clock.now();
    const { personalData } = this.deps;
    const rowKey = personalData.caseRowKey(supportCase.id);
    const people = peopleOf(supportCase, events).map((address) => ({ personKey: personKey(tenantId, address), rowKey }));
    const remains = people.flatMap((person) => personalData.personRows(tenantId, person.personKey, [rowKey]));
    const entries: RetentionEntry[] = [{ target: { kind: 'case', caseId: supportCase.id }, dueAt: addDays(now, retentionPeriods.firstCaseReviewDays), remains }];
    if (claimKey !== undefined) entries.push(this.claimExpiry(claimKey, now));
    await this.deps.retention.file(tenantId, entries, people);
  }

  /** A change of a case: the claim of its Idempotency-Key, and anyone it brings onto the case (a colleague's mail). */
  async caseChanging(current: StoredCase, next: SupportCase, events: readonly NewTimelineEvent[], claimKey?: string): Promise<void> {
    const known = normalizedAddress(current.supportCase.contact.email);
    const rowKey = this.deps.personalData.caseRowKey(next.id);
    const newcomers = peopleOf(next, events)
      .filter((address) => address !== known)
      .map((address) => ({ personKey: personKey(next.tenantId, address), rowKey }));
    const entries = claimKey === undefined ? [] : [this.claimExpiry(claimKey, this.deps.clock.now())];
    await this.deps.retention.file(next.tenantId, entries, newcomers);
  }

  /** A mail recorded in an intake log: the entry and its sender's index row expire together. */
  async intakeRecording(tenantId: string, log: 'ignoredMail' | 'threadRefusal', messageId: string, from: string): Promise<void> {
    const { personalData } = this.deps;
    const rowKey = personalData.intakeLogRowKey(log, messageId);
    const sender = personKey(tenantId, from);
    const dueAt = addDays(this.deps.clock.now(), retentionPeriods.intakeLogDays);
    const rows = [rowKey, ...personalData.personRows(tenantId, sender, [rowKey]).map((row) => row.rowKey)];
    await this.deps.retention.file(
      tenantId,
      rows.map((row) => ({ target: { kind: 'row', rowKey: row }, dueAt })),
      [{ personKey: sender, rowKey }],
    );
  }

  private claimExpiry(key: string, now: Date): RetentionEntry {
    return { target: { kind: 'row', rowKey: this.deps.personalData.claimRowKey(key) }, dueAt: addDays(now, retentionPeriods.idempotencyClaimDays) };
  }
}

/** Calls `replacements` instead of the methods of the same name, and `target`'s own methods otherwise. */
function intercept<T extends object>(target: T, replacements: Partial<T>): T {
  return new Proxy(target, {
    get(object, property) {
      if (Object.prototype.hasOwnProperty.call(replacements, property)) return replacements[property as keyof T];
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(object) : value;
    },
  });
}

/**
 * The case store, with every new case, stored idempotency claim and person on a case filed before it is written.
 * A new case keeps the id of its first draft (drafts are pure; each call would give a new random id), so its review
 * and index rows can name it before it exists.
 */
export function withRetentionFiling(cases: CaseStore, filing: RetentionFiling): CaseStore {
  const create: CaseStore['create'] = async (...args) => {
    const [tenantId, draft, idempotency] = args;
    const first = draft(formatCaseNumber(0));
    const caseId = first.supportCase.id;
    await filing.caseOpening(tenantId, first.supportCase, first.events, idempotency?.key);
    const pinned: typeof args = [...args];
    pinned[1] = (caseNumber) => {
      const built = draft(caseNumber);
      return { ...built, supportCase: { ...built.supportCase, id: caseId } };
    };
    return cases.create(...pinned);
  };
  const update: CaseStore['update'] = async (...args) => {
    const [current, next, events, , claim] = args;
    await filing.caseChanging(current, next, events, claim?.key);
    return cases.update(...args);
  };
  return intercept(cases, { create, update });
}

/** The intake log, with every entry filed to expire and pointed at from its sender's index row before it is written. */
export function withIntakeLogRetention(log: IntakeLog, filing: RetentionFiling): IntakeLog {
  const recordIgnored: IntakeLog['recordIgnored'] = async (...args) => {
    const [tenantId, mail] = args;
    await filing.intakeRecording(tenantId, 'ignoredMail', mail.messageId, mail.from);
    return log.recordIgnored(...args);
  };
  const recordThreadRefusal: IntakeLog['recordThreadRefusal'] = async (...args) => {
    const [tenantId, refusal] = args;
    await filing.intakeRecording(tenantId, 'threadRefusal', refusal.messageId, refusal.from);
    return log.recordThreadRefusal(...args);
  };
  return intercept(log, { recordIgnored, recordThreadRefusal });
}
