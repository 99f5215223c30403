import { z } from 'zod';

export const emailAddressSchema = z.lazy(() =>
  z.object({
    name: z.string().optional(),
    /** Always lower-cased, so addresses compare with === across the desk. */
    address: z.string(),
  }),
);
export type EmailAddress = z.infer<typeof emailAddressSchema>;

// Deliberately looser than RFC 5322 and than z.email(): a real sender with an unusual but deliverable address must not
// lose their mail here. It only has to be something we can reply to.
const MAILBOX_ADDRESS = /^[^\s@<>;,]+@[^\s@<>;,]+$/;

// "Jane Doe <jane@contoso.com>" or "\"Doe, Jane\" <jane@contoso.com>"
const NAME_AND_ADDRESS = /^(.*?)\s*<([^<>]*)>$/;

export function isMailboxAddress(address: string): boolean {
  return MAILBOX_ADDRESS.test(address.trim());
}

/**
 * A mailbox address as the desk stores it for people who wrote to it (a case's contact, a notification's recipient):
 * what email intake accepts, so a case opened from any mail it took in can always be read back.
 */
export const mailboxAddressSchema = z.lazy(() =>
  z.string().max(320).refine(isMailboxAddress, 'must be a mailbox address (local@domain)'),
);

/** Builds an address from its parts; undefined when the address is not a mailbox address. */
export function emailAddress(address: string, name?: string | null): EmailAddress | undefined {
  const trimmed = address.trim();
  if (!isMailboxAddress(trimmed)) return undefined;
  const cleanName = name
    ?.trim()
    .replace(/^"(.*)"$/, '$1')
    .trim();
  const lowerAddress = trimmed.toLowerCase();
  // Exchange repeats the address as display name when the sender has none; that is no name.
  return cleanName && cleanName.toLowerCase() !== lowerAddress
    ? { name: cleanName, address: lowerAddress }
    : { address: lowerAddress };
}

/** Parses one mailbox written as "address" or "Name <address>"; undefined when it holds no mailbox address. */
export function parseMailbox(text: string): EmailAddress | undefined {
  const trimmed = text.trim();
  const withName = NAME_AND_ADDRESS.exec(trimmed);
  return withName ? emailAddress(withName[2] ?? '', withName[1]) : emailAddress(trimmed);
}

/**
 * Parses a semicolon-separated list as the Outlook connector writes recipients ("a@contoso.com;b@fabrikam.com").
 * Entries that are not mailbox addresses are left out: recipients only steer CCs and mailbox matching, and one odd
 * entry must not cost the customer their mail.
 */
export function parseAddressList(list: string | null | undefined): EmailAddress[] {
  return (list ?? '')
    .split(';')
    .map(parseMailbox)
    .filter((address): address is EmailAddress => address !== undefined);
}

/** The lower-cased domain of an address ('contoso.com' for 'Jane@Contoso.com'); undefined when there is none. */
export function senderDomain(address: string): string | undefined {
  const at = address.lastIndexOf('@');
  const domain =
    at < 0
      ? ''
      : address
          .slice(at + 1)
          .trim()
          .toLowerCase();
  return domain === '' ? undefined : domain;
}
