import type { CaseFlag, SupportCase } from './case';
import type { Category, Product, Severity, SupportTier } from './caseFields';
import { isOpenStatus, type CaseStatus } from './lifecycle/caseStatus';
import { waitsOnMicrosoft } from './escalation/requestEscalation';
import { slaClockKey } from './sla/clocks';

/*
 * What agents work from: which of a tenant's cases need someone, and in which order. Everything here is derived from
 * the case alone, so the store can keep it in the case's own rows (written in the case's transaction) and a list never
 * reads a case document to decide whether it belongs to a view.
 */

/**
 * Where a case stands against its SLA, for the work queues:
 * - `breached`: a clock that is not met went past its due time (the sweep recorded the breach);
 * - `atRisk`: a running clock went past its warning (the sweep recorded the warning) and has not breached;
 * - `paused`: clocks are counting but every one is paused (e.g. waiting on the customer);
 * - `onTrack`: a clock is running, nothing recorded against it;
 * - `none`: no clock counts (not started, or every clock met).
 * Warning and breach come from `slaEventsEmitted`, the same records that put them on the timeline exactly once, so
 * a case enters a view when its timeline says so, not at an instant no write marks.
 */
export type SlaAttention = 'breached' | 'atRisk' | 'paused' | 'onTrack' | 'none';

/** The views of `sla=` in GET /api/cases: the attention states a case is filed under. */
export const slaViews = ['atRisk', 'breached', 'paused'] as const;
export type SlaView = (typeof slaViews)[number];

export function slaAttentionOf(supportCase: SupportCase): SlaAttention {
  if (!isOpenStatus(supportCase.status)) return 'none';
  const clocks = supportCase.sla?.clocks ?? [];
  const recorded = (kind: 'warning' | 'breach', key: string): boolean =>
    supportCase.slaEventsEmitted.some((record) => record.kind === kind && slaClockKey(record.clock) === key);
  const counting = clocks.filter(
    (clock) => clock.state === 'running' || clock.state === 'paused' || clock.state === 'breached',
  );
  if (counting.some((clock) => clock.state === 'breached' || recorded('breach', clock.key))) return 'breached';
  if (counting.some((clock) => clock.state === 'running' && recorded('warning', clock.key))) return 'atRisk';
  if (counting.some((clock) => clock.state === 'running')) return 'onTrack';
  return counting.length > 0 ? 'paused' : 'none';
}

/**
 * Lower-case words of at least two letters or digits, in any script; the unit `q` searches by. Unicode NFC first, so
 * "Ü" typed as U and a combining diaeresis (as some keyboards send it) is the same word as the precomposed one.
 */
export function searchWords(text: string): string[] {
  return [
    ...new Set(
      text
        .normalize('NFC')
        .toLocaleLowerCase('en')
        .match(/[\p{L}\p{N}]{2,}/gu) ?? [],
    ),
  ];
}

/**
 * What the work queues filter and sort a case by, as the store keeps it with the case. `nextDueAt` is the next SLA
 * deadline of a running clock (ISO 8601, absent when none runs); `searchText` the words of title and customer name.
 */
export interface WorkQueueFields {
  status: CaseStatus;
  open: boolean;
  caseNumber: string;
  assignee?: string;
  severity?: Severity;
  product: Product;
  category?: Category;
  tier?: SupportTier;
  customerTenantId?: string;
  customerName: string;
  escalatedToMicrosoft: boolean;
  escalatedToPartner: boolean;
  waitingOnMicrosoft: boolean;
  sla: SlaAttention;
  nextDueAt?: string;
  createdAt: string;
  updatedAt: string;
  flags: CaseFlag[];
  searchText: string;
}

export function workQueueFieldsOf(supportCase: SupportCase): WorkQueueFields {
  const nextDueAt = supportCase.sla?.nextDueAt ?? undefined;
  return {
    status: supportCase.status,
    open: isOpenStatus(supportCase.status),
    caseNumber: supportCase.caseNumber,
    ...(supportCase.assignee !== undefined ? { assignee: supportCase.assignee } : {}),
    ...(supportCase.severity !== undefined ? { severity: supportCase.severity } : {}),
    product: supportCase.product,
    ...(supportCase.category !== undefined ? { category: supportCase.category } : {}),
    ...(supportCase.tier !== undefined ? { tier: supportCase.tier } : {}),
    // Lower-cased as customer tenant ids are compared (customerTenantId.ts), whatever a document stored before said.
    ...(supportCase.customer.tenantId !== undefined
      ? { customerTenantId: supportCase.customer.tenantId.toLowerCase() }
      : {}),
    customerName: supportCase.customer.name,
    escalatedToMicrosoft: supportCase.escalations.length > 0,
    escalatedToPartner: supportCase.sharedWithTenantIds.length > 0,
    // A case waits on Microsoft while one of its escalations does.
    waitingOnMicrosoft: supportCase.escalations.some(waitsOnMicrosoft),
    sla: slaAttentionOf(supportCase),
    ...(nextDueAt ? { nextDueAt } : {}),
    createdAt: supportCase.createdAt,
    updatedAt: supportCase.updatedAt,
    flags: supportCase.flags,
    searchText: searchWords(`${supportCase.title} ${supportCase.customer.name}`).join(' '),
  };
}

/**
 * The index rows a case is filed under besides its own, by the view they serve: every open case under its assignee
 * (`-` for nobody), so the assignee rows together list every open case once; an open case that needs attention also
 * under its SLA state. A view is then one key range of the tenant's partition, whatever else the tenant holds.
 */
export function workQueueIndexKeysOf(fields: WorkQueueFields): string[] {
  if (!fields.open) return [];
  const keys = [`assignee:${fields.assignee ?? '-'}`];
  if ((slaViews as readonly string[]).includes(fields.sla)) keys.push(`sla:${fields.sla}`);
  return keys;
}

/** Severity as a sort key: A first; a case without one last. */
export const severityRank = (severity: Severity | undefined): number =>
  severity === 'A' ? 0 : severity === 'B' ? 1 : severity === 'C' ? 2 : 3;
