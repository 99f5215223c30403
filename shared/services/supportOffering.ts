import { publicOfferingView, type PublicOffering } from '../domain/offering';
import type { Desk } from '../composition';
import { notFound } from '../errors';

export type OfferingDesk = Pick<Desk, 'tenants' | 'apiKeys'>;

/**
 * What a customer portal may show of a tenant's offering, without a key. A tenant the desk does not serve (no profile,
 * no API key) is not found rather than answered with the sample offering a portal would show as if it were real.
 */
export async function readPublicOffering(desk: OfferingDesk, tenantId: string): Promise<PublicOffering> {
  const served =
    (await desk.tenants.profile(tenantId)) !== undefined || (await desk.apiKeys.listForTenant(tenantId)).length > 0;
  if (!served) throw notFound(`No tenant ${tenantId} on this desk.`);
  return publicOfferingView(await desk.tenants.offering(tenantId));
}
