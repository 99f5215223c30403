import type { InvocationContext } from '@azure/functions';
import { z } from 'zod';
import type { EmailDelivery } from './emailIntake';

/**
 * The connector's application properties on an email-intake message. `mailbox` names the support mailbox the connector
 * watches; anything else a connector adds is ignored, and a mailbox that is no address counts as absent, since the
 * recipients may still name the tenant.
 */
const deliveryPropertiesSchema = z.lazy(() => z.object({ mailbox: z.email().max(320).optional().catch(undefined) }));

/** What the Service Bus trigger tells about an email-intake delivery beyond the body (see EmailDelivery). */
export function emailDeliveryOf(context: InvocationContext): EmailDelivery {
  // The Service Bus extension gives them as ApplicationProperties and, from its older API, as UserProperties; the
  // Node.js worker camel-cases both names.
  const metadata = context.triggerMetadata ?? {};
  const parsed = deliveryPropertiesSchema.safeParse(metadata.applicationProperties ?? metadata.userProperties ?? {});
  return parsed.success && parsed.data.mailbox ? { mailbox: parsed.data.mailbox.toLowerCase() } : {};
}
