import type { EscalationRequestedMessage, MicrosoftReference } from '../domain/escalation/escalation';
import type { MicrosoftTicketState } from '../domain/escalation/microsoftFiling';
import type { MicrosoftSupportContact } from '../domain/tenantProfile';

/** The CSP partner a ticket is read for: its Microsoft Entra tenant and the locale its requests are in. */
export interface MicrosoftPartner {
  partnerTenantId: string;
  /** Language tag such as 'en-US' (Partner Center's X-Locale). */
  locale: string;
}

/** Everything needed to file one escalation with Microsoft on behalf of a CSP customer. */
export interface MicrosoftFiling {
  /** The escalation as the desk requested it (title, description, severities, product, category, agent's picks). */
  request: EscalationRequestedMessage;
  /** The CSP partner's own Microsoft Entra tenant. */
  partnerTenantId: string;
  /** Whom Microsoft calls back (the partner's engineer), from the tenant profile. */
  contact: MicrosoftSupportContact;
  /** Azure support tickets only: the customer's subscription the ticket is filed on. */
  subscriptionId?: string;
  /** Azure support tickets only: the ticket's ARM name, derived from the escalation (see `azureSupportTicketName`). */
  ticketName?: string;
}

/**
 * A filing that can never succeed as it stands (no subscription on an Azure case, no matching problem classification
 * or support topic, no app registration configured): the request is dead-lettered with `reason` and the case says why.
 */
export class MicrosoftFilingRefused extends Error {
  override readonly name = 'MicrosoftFilingRefused';

  constructor(
    /** Short PascalCase code, e.g. `NoSubscription`. */
    readonly reason: string,
    description: string,
  ) {
    super(description);
  }
}

/**
 * Files escalations with Microsoft and reads them back: Azure support tickets through the Azure Support API, Partner
 * Center service requests through the Partner Center REST API. Which one a filing goes to is decided by the desk
 * (`microsoftChannel`); the adapter follows `filing.request` and the reference.
 *
 * Errors: `MicrosoftFilingRefused` for a filing that cannot succeed as it stands; Azure SDK `RestError`s with the
 * service's status otherwise (400 and 422 are permanent, 429 and 5xx transient, after the client's own retries).
 */
export interface MicrosoftSupport {
  /** Files the escalation through `channel` and answers where it went. */
  file(
    channel: 'azureSupportTicket' | 'partnerCenterServiceRequest',
    filing: MicrosoftFiling,
  ): Promise<MicrosoftReference>;
  /** The ticket's status and every communication on it. */
  read(reference: MicrosoftReference, partner: MicrosoftPartner): Promise<MicrosoftTicketState>;
}

/** One open Microsoft ticket the poll looks at. */
export interface OpenMicrosoftTicket {
  tenantId: string;
  caseId: string;
  escalationId: string;
}

/**
 * The open Microsoft tickets across tenants, so the poll reads them without scanning cases. An entry is added after
 * the reference is on the case and removed once the escalation is finished (or the case is gone).
 */
export interface OpenMicrosoftTickets {
  add(ticket: OpenMicrosoftTicket): Promise<void>;
  remove(ticket: OpenMicrosoftTicket): Promise<void>;
  list(): AsyncIterable<OpenMicrosoftTicket>;
}
