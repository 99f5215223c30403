import { emailAddress } from './addresses';

// "…/$metadata#users('support%40contoso.com')/messages/$entity" and "Users('…')/Messages('…')" as Graph writes
// @odata.context and @odata.id, or ".../users/support@contoso.com/messages/..." in a resource path.
const USERS_SEGMENT = /users\('([^']{1,320})'\)|users\/([^/?#]{1,320})\/(?:mailfolders|messages)/i;

function mailboxIn(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  const match = USERS_SEGMENT.exec(text.slice(0, 2048));
  const encoded = match?.[1] ?? match?.[2];
  if (encoded === undefined) return undefined;
  try {
    return emailAddress(decodeURIComponent(encoded))?.address;
  } catch {
    return undefined;
  }
}

/**
 * The mailbox a Graph message was read from, from its `@odata.context` or `@odata.id` (Graph names the user whose
 * mailbox it queried there). It decides the tenant when the support mailbox is only in Bcc or a transport rule
 * forwarded the mail, so no recipient names it. Undefined when neither annotation names a user by address.
 */
export function graphSourceMailbox(payload: Record<string, unknown>): string | undefined {
  return mailboxIn(payload['@odata.context']) ?? mailboxIn(payload['@odata.id']);
}
