/** Human-friendly case numbers, unique within a tenant: CS-000001, CS-000002, ... (more digits once past a million). */
export function formatCaseNumber(sequence: number): string {
  return `CS-${String(sequence).padStart(6, '0')}`;
}

/*
 * Case numbers are handed out from blocks. An instance reserves a block of numbers of a tenant with one optimistic
 * write of the tenant's counter (which then holds the highest number any instance reserved) and hands them out
 * locally, so concurrent creates do not all write one row. The reservation alone makes a number this instance's own:
 * numbers are unique within a tenant and never reused, even across instances and restarts. They are not gap-free (the
 * rest of a block is lost when an instance stops, a number is lost when a create ends in an unknown outcome), and they
 * follow the order of creation only within one instance: each instance hands out the lowest number it holds, so two
 * instances interleave blocks (CS-000011 may be opened before CS-000004).
 */

/** Numbers first..last, both included, reserved for this instance alone. */
export interface NumberBlock {
  first: number;
  last: number;
}

export interface ReservedBlock extends NumberBlock {
  /** The reservation lost the counter to another instance at least once: blocks should grow. */
  contended: boolean;
}

/** Reserves `size` numbers of a tenant (the storage side); throws when it cannot, e.g. storage stays too busy. */
export type ReserveNumbers = (tenantId: string, size: number) => Promise<ReservedBlock>;

export interface BlockSizing {
  /** The first block of a tenant in an instance, and the smallest a block shrinks to. */
  initial: number;
  min: number;
  /** The largest block: bounds the gap an instance that stops can leave. */
  max: number;
  /** A block used up sooner than this after its reservation (or a contended one) makes the next twice as large. */
  growWithinMs: number;
  /** A block that lasted longer than this makes the next half as large. */
  shrinkAfterMs: number;
}

export const defaultBlockSizing: BlockSizing = {
  initial: 10,
  min: 5,
  max: 100,
  growWithinMs: 2_000,
  shrinkAfterMs: 60_000,
};

/** How large the next block is, after one that was reserved at `reservedAt` and used up (or given up) at `now`. */
export function nextBlockSize(
  sizing: BlockSizing,
  previous: number,
  reservedAt: number,
  now: number,
  contended: boolean,
): number {
  const lasted = now - reservedAt;
  if (contended || lasted < sizing.growWithinMs) return Math.min(sizing.max, previous * 2);
  if (lasted > sizing.shrinkAfterMs) return Math.max(sizing.min, Math.floor(previous / 2));
  return previous;
}

interface TenantNumbers {
  /** Numbers given back by creates that were refused as a whole, lowest first: still this instance's own. */
  returned: number[];
  next: number;
  last: number;
  size: number;
  reservedAt: number;
  contended: boolean;
  /** The reservation under way: creates waiting for a number wait for it instead of reserving themselves. */
  reserving?: Promise<void>;
  waiting: number;
}

/** The tenants whose unused numbers an instance keeps; beyond this the least recently used lose theirs (a gap). */
const maxTenants = 10_000;

/** Hands out a tenant's numbers from the blocks this instance reserved; one reservation per tenant at a time. */
export class CaseNumberAllocator {
  private readonly tenants = new Map<string, TenantNumbers>();

  constructor(
    private readonly reserve: ReserveNumbers,
    private readonly sizing: BlockSizing = defaultBlockSizing,
    private readonly now: () => number = Date.now,
  ) {}

  /** A number of the tenant that no other create, in this instance or any other, ever gets. */
  async take(tenantId: string): Promise<number> {
    const state = this.stateOf(tenantId);
    state.waiting += 1;
    try {
      for (;;) {
        const returned = state.returned.shift();
        if (returned !== undefined) return returned;
        if (state.next <= state.last) {
          state.next += 1;
          return state.next - 1;
        }
        state.reserving ??= this.reserveBlock(tenantId, state);
        await state.reserving;
      }
    } finally {
      state.waiting -= 1;
    }
  }

  /** A number taken but certainly not stored (its create was refused as a whole): handed out again, before others. */
  giveBack(tenantId: string, sequence: number): void {
    const state = this.stateOf(tenantId);
    state.returned.push(sequence);
    state.returned.sort((a, b) => a - b);
  }

  /** Forgets the rest of the tenant's block (a number of it turned out taken): the next create reserves afresh. */
  discard(tenantId: string): void {
    const state = this.tenants.get(tenantId);
    if (!state) return;
    state.returned = [];
    state.next = state.last + 1;
  }

  private async reserveBlock(tenantId: string, state: TenantNumbers): Promise<void> {
    try {
      const now = this.now();
      if (state.reservedAt > 0)
        state.size = nextBlockSize(this.sizing, state.size, state.reservedAt, now, state.contended);
      // Never fewer than the creates already waiting, so a burst is served by one reservation.
      const size = Math.min(this.sizing.max, Math.max(state.size, state.waiting));
      const block = await this.reserve(tenantId, size);
      state.next = block.first;
      state.last = block.last;
      state.reservedAt = this.now();
      state.contended = block.contended;
    } finally {
      state.reserving = undefined;
    }
  }

  private stateOf(tenantId: string): TenantNumbers {
    let state = this.tenants.get(tenantId);
    if (state) {
      // Most recently used last, so the first in the map is the one to forget.
      this.tenants.delete(tenantId);
    } else {
      state = {
        returned: [],
        next: 1,
        last: 0,
        size: this.sizing.initial,
        reservedAt: 0,
        contended: false,
        waiting: 0,
      };
      this.forgetLeastRecentlyUsed();
    }
    this.tenants.set(tenantId, state);
    return state;
  }

  private forgetLeastRecentlyUsed(): void {
    for (const [tenantId, state] of this.tenants) {
      if (this.tenants.size < maxTenants) return;
      if (state.waiting === 0 && !state.reserving) this.tenants.delete(tenantId);
    }
  }
}

/** A case number as clients may write it: CS- and six or more digits (see formatCaseNumber), in any letter case. */
export const caseNumberPattern = /^[Cc][Ss]-\d{6,}$/;
