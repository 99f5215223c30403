import type { Principal } from '../domain/apiKey';
import { publicOfferingView, type PublicOffering, type SupportOffering } from '../domain/offering';
import type { Desk } from '../composition';
import { notFound } from '../errors';

export type OfferingDesk = Pick<Desk, 'tenants' | 'apiKeys'>;

/** The caller's tenant's offering with its engine settings (ladder, entitlements); the desk's sample until it saves one. */
export function readOffering(desk: OfferingDesk, principal: Principal): Promise<SupportOffering> {
  return desk.tenants.offering(principal.tenantId);
}

/** Replaces the caller's tenant's offering as a whole; open cases are measured against it from their next SLA evaluation. */
export async function replaceOffering(desk: OfferingDesk, principal: Principal, offering: SupportOffering): Promise<SupportOffering> {
  await desk.tenants.saveOffering(principal.tenantId, offering);
  return offering;
}

/**
 * What a customer portal may show of a tenant's offering, without a key. A tenant the desk does not serve (no profile,
 * no API key) is not found rather than answered with the sample offering a portal would show as if it were real.
 */
export async function readPublicOffering(desk: OfferingDesk, tenantId: string): Promise<PublicOffering> {
  const served = (await desk.tenants.profile(tenantId)) !== undefined || (await desk.apiKeys.listForTenant(tenantId)).length > 0;
  if (!served) throw notFound(`No tenant ${tenantId} on this desk.`);
  return publicOfferingView(await desk.tenants.offering(tenantId));
}
