import type { OwedCaseTerms } from '../domain/caseTermsOutbox';
import type { Customer } from '../domain/customer';
import type { SupportOffering } from '../domain/offering/supportOffering';
import type { TenantProfile } from '../domain/tenantProfile';
import type { TriageRules } from '../domain/triage/rules';

/** A stored settings document and its version, the ETag a client sends back as If-Match. */
export interface Versioned<T> {
  value: T;
  etag: string;
}

/** If-Match named a version that is not the stored one (or a document that does not exist): nothing was changed. */
export class StaleVersionError extends Error {
  override readonly name = 'StaleVersionError';

  constructor(what: string) {
    super(`The ${what} changed since that version was read; read it again and retry.`);
  }
}

/** Another tenant holds one of the support addresses: nothing was changed. */
export class MailboxTakenError extends Error {
  override readonly name = 'MailboxTakenError';

  constructor(readonly address: string) {
    super(`The mailbox ${address} belongs to another tenant on this desk.`);
  }
}

/** Another customer of the tenant names the mail domain or address (`sender`) as its own: nothing was changed. */
export class CustomerSenderTakenError extends Error {
  override readonly name = 'CustomerSenderTakenError';

  constructor(
    readonly sender: string,
    readonly customerTenantId: string,
  ) {
    super(`${sender} already names the people of customer ${customerTenantId}; take it off that customer first.`);
  }
}

/** A support address a tenant holds, and whether it routes mail yet. */
export interface MailboxClaim {
  address: string;
  tenantId: string;
  /** False while the claim waits for an operator's confirmation: mail to it is not taken in. */
  routes: boolean;
}

/**
 * Per-tenant configuration; a tenant that never configured something gets the desk's defaults.
 *
 * Support mailboxes: each address is held by at most one tenant (one pointer row per address, created only if absent).
 * A tenant admin's profile only claims an address; it routes mail once an operator confirms the claim, since a tenant
 * must not be able to divert mail sent to an address it does not own. Operators and seeds register addresses that
 * route at once. An address dropped from the profile is released.
 */
export interface TenantDirectory {
  /** The profile, kept for a short while per instance. */
  profile(tenantId: string): Promise<TenantProfile | undefined>;
  /** The stored profile with its version, read from storage. */
  versionedProfile(tenantId: string): Promise<Versioned<TenantProfile> | undefined>;
  /**
   * A tenant admin's change: stores the profile, claims each support address for the tenant (a new claim routes no mail
   * until an operator confirms it; an address the tenant already holds keeps its state) and releases the addresses it no
   * longer lists. An address another tenant holds throws MailboxTakenError, an If-Match that is not the stored version
   * StaleVersionError; both change nothing.
   */
  claimProfile(tenantId: string, profile: TenantProfile, ifMatch?: string): Promise<Versioned<TenantProfile>>;
  /**
   * Operators and seeds: stores the profile and registers each support address so it routes mail to this tenant at
   * once (MailboxTakenError when another tenant holds one); releases the addresses it no longer lists.
   */
  saveProfile(tenantId: string, profile: TenantProfile): Promise<void>;
  /** Operators: lets the tenant's claim of an address route mail; false when the tenant holds no claim of it. */
  confirmMailbox(tenantId: string, address: string): Promise<boolean>;
  /** Operators: the claims waiting for confirmation, across tenants. */
  pendingMailboxes(): Promise<MailboxClaim[]>;
  /** The tenant's addresses and whether each routes mail. */
  mailboxClaims(tenantId: string): Promise<MailboxClaim[]>;
  /** The tenant an address routes mail to: only a confirmed or operator-registered address routes. */
  tenantForMailbox(address: string): Promise<string | undefined>;
  offering(tenantId: string): Promise<SupportOffering>;
  /** The offering with its version, read from storage (the defaults have a version of their own). */
  versionedOffering(tenantId: string): Promise<Versioned<SupportOffering>>;
  /**
   * Stores the offering; with `ifMatch`, only over that version (else StaleVersionError). With `owed`, the recompute of
   * open cases' terms the new offering owes is stored in the same write: both or neither. Returns the new version.
   */
  saveOffering(tenantId: string, offering: SupportOffering, ifMatch?: string, owed?: OwedCaseTerms): Promise<string>;
  /** The recomputes of open cases' terms the tenant's saved offerings still owe (see saveOffering), read from storage. */
  owedCaseTerms(tenantId: string): Promise<OwedCaseTerms[]>;
  /** Takes off the offering's owed recomputes of these changes, once the queue took them; one already gone is fine. */
  settleCaseTerms(tenantId: string, changeIds: readonly string[]): Promise<void>;
  triageRules(tenantId: string): Promise<TriageRules>;
  /** The triage rules with their version, read from storage (the defaults have a version of their own). */
  versionedTriageRules(tenantId: string): Promise<Versioned<TriageRules>>;
  /** Stores the rules; with `ifMatch`, only over that version (else StaleVersionError). Returns the new version. */
  saveTriageRules(tenantId: string, rules: TriageRules, ifMatch?: string): Promise<string>;
}

export interface CustomerDirectory {
  /**
   * The customer, as this instance last read it within the last 30 s (a write on this instance is seen at once); for
   * the stored version, `versioned`.
   */
  get(tenantId: string, customerTenantId: string): Promise<Customer | undefined>;
  /** The customer with its version, for If-Match, read from storage. */
  versioned(tenantId: string, customerTenantId: string): Promise<Versioned<Customer> | undefined>;
  /**
   * The customer a mail sender belongs to: the customer that lists the address itself, else the one that lists its
   * domain; undefined when neither does.
   */
  findBySender(tenantId: string, address: string): Promise<Customer | undefined>;
  /**
   * Creates or replaces the customer; with `ifMatch`, only over that version (else StaleVersionError). A mail domain
   * or address another customer of the tenant lists is CustomerSenderTakenError. With `owed`, the recompute of the
   * customer's open cases the change owes is stored in the same write as the record: both or neither. Returns the new
   * version.
   */
  put(tenantId: string, customer: Customer, ifMatch?: string, owed?: OwedCaseTerms): Promise<string>;
  /** The recomputes of open cases' terms the customer's saved changes still owe (see put), read from storage. */
  owedCaseTerms(tenantId: string, customerTenantId: string): Promise<OwedCaseTerms[]>;
  /** Takes off the customer's owed recomputes of these changes, once the queue took them; one already gone is fine. */
  settleCaseTerms(tenantId: string, customerTenantId: string, changeIds: readonly string[]): Promise<void>;
}
