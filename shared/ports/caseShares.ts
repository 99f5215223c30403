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
}
