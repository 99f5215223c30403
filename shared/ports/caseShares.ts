/** A case another tenant handed to this one (a partner-tenant step of its escalation ladder). */
export interface CaseShare {
  /** The tenant the case belongs to. */
  originTenantId: string;
  caseId: string;
}

/**
 * Where a providing tenant finds the cases handed to it. The case's `sharedWithTenantIds` is the truth; a share only
 * points at it, so a share whose case does not name the tenant grants nothing.
 */
export interface CaseShares {
  /** Records that `providerTenantId` works `share.caseId` (idempotent). */
  add(providerTenantId: string, share: CaseShare): Promise<void>;
  find(providerTenantId: string, caseId: string): Promise<CaseShare | undefined>;
  list(providerTenantId: string): Promise<CaseShare[]>;
  /**
   * One page of the shares, in case id order: at most `pageSize` of them, starting where `continuationToken` (the
   * storage's own, from the previous page) left off. `continuationToken` is set when more may follow; a page may be
   * shorter than `pageSize`, even empty, and still have one.
   */
  listPage(providerTenantId: string, page: { pageSize: number; continuationToken?: string }): Promise<CaseSharePage>;
}

/** A page of shares (CaseShares.listPage). */
export interface CaseSharePage {
  shares: CaseShare[];
  continuationToken?: string;
}
