import { servesCustomer, type Principal } from '../domain/apiKey';
import type { SupportCase } from '../domain/case';
import type { Desk } from '../composition';
import { notFound } from '../errors';
import type { StoredCase } from '../ports/caseStore';
import type { CaseView } from './caseQueries';

export type CaseAccessDesk = Pick<Desk, 'cases' | 'caseShares'>;

export interface AccessibleCase {
  stored: StoredCase;
  /** The tenant the case belongs to: its partition, offering and ladder apply. */
  originTenantId: string;
  /** `origin`: the caller's own case; `provider`: handed to the caller's tenant by the origin's escalation ladder. */
  access: 'origin' | 'provider';
  /**
   * Whether the caller's agents may work the case. Once a case is handed to a providing tenant, that tenant works it
   * and the originating tenant keeps read access only.
   */
  mayWork: boolean;
}

/**
 * A case the caller may see: one of its own tenant for a customer it serves, or one another tenant's escalation ladder
 * handed to it (agents and admins only; a providing tenant's portal never sees its clients' partners' cases). Anything
 * else is not found, so a third tenant, or a portal of another customer, cannot even learn that the case exists.
 */
export async function findAccessibleCase(desk: CaseAccessDesk, principal: Principal, caseId: string): Promise<AccessibleCase> {
  const own = await desk.cases.get(principal.tenantId, caseId);
  if (own && servesCustomer(principal, own.supportCase.customer.tenantId)) {
    return { stored: own, originTenantId: principal.tenantId, access: 'origin', mayWork: own.supportCase.sharedWithTenantIds.length === 0 };
  }
  if (principal.role !== 'portal') {
    const share = await desk.caseShares.find(principal.tenantId, caseId);
    const shared = share ? await desk.cases.get(share.originTenantId, caseId) : undefined;
    if (share && shared?.supportCase.sharedWithTenantIds.includes(principal.tenantId)) {
      return { stored: shared, originTenantId: share.originTenantId, access: 'provider', mayWork: true };
    }
  }
  throw notFound(`No case ${caseId}.`);
}

/** GET /api/cases/{id} for own and handed-over cases alike: the case with its whole timeline and ETag. */
export async function viewAccessibleCase(desk: CaseAccessDesk, principal: Principal, caseId: string): Promise<CaseView> {
  const { stored, originTenantId } = await findAccessibleCase(desk, principal, caseId);
  return { supportCase: stored.supportCase, timeline: await desk.cases.timeline(originTenantId, caseId), etag: stored.etag };
}

/** The cases other tenants handed to the caller's tenant and still share with it (agents and admins only). */
export async function listSharedCases(desk: CaseAccessDesk, principal: Principal): Promise<SupportCase[]> {
  if (principal.role === 'portal') return [];
  const shares = await desk.caseShares.list(principal.tenantId);
  const cases = await Promise.all(shares.map((share) => desk.cases.get(share.originTenantId, share.caseId)));
  return cases
    .filter((stored): stored is StoredCase => stored?.supportCase.sharedWithTenantIds.includes(principal.tenantId) === true)
    .map((stored) => stored.supportCase);
}
