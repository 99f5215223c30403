import { odata, type TableClient, type TableEntity, type TransactionAction } from '@azure/data-tables';
import { z } from 'zod';
import { BoundedCache } from '../../caching/boundedCache';
import type { OwedCaseTerms } from '../../domain/caseTermsOutbox';
import { customerRecordSchema, type Customer } from '../../domain/customer';
import { defaultSupportOffering } from '../../domain/offering/defaultOffering';
import { supportOfferingSchema, type SupportOffering } from '../../domain/offering/supportOffering';
import { tenantProfileSchema, type TenantProfile } from '../../domain/tenantProfile';
import { defaultTriageRules } from '../../domain/triage/defaultRules';
import { triageRulesSchema, type TriageRules } from '../../domain/triage/rules';
import {
  CustomerSenderTakenError,
  MailboxTakenError,
  StaleVersionError,
  type CustomerDirectory,
  type MailboxClaim,
  type TenantDirectory,
  type Versioned,
} from '../../ports/tenantDirectory';
import { senderDomain } from '../../domain/email';
import { readDocument, writeDocument } from './documentRows';
import { fromDocumentColumns, toDocumentColumns } from './jsonColumns';
import { owedCaseTermsRow, readOwedCaseTerms, settleOwedCaseTerms } from './owedCaseTermsRows';
import { isStatus } from './restErrors';
import { rowKeysStartingWith } from './rowKeyRanges';
import type { TableClientFactory } from './tableClients';

/*
 * tenants table:   PartitionKey tenantId, RowKey profile | offering | triageRules (each a JSON document, its ETag the
 *                  version clients send as If-Match), and RowKey mailbox|{address} for each support address the tenant
 *                  holds, written before the pointer so a claim is always found to be released
 *                  PartitionKey "mailbox", RowKey the support address -> { TenantId, Routes }: created only if absent, so
 *                  one tenant holds an address; it routes mail once Routes is true (an operator's confirmation)
 *                  PartitionKey tenantId, RowKey caseTerms|offering|{changeId}: a recompute a saved offering owes
 *                  (owedCaseTermsRows.ts), written with the offering
 * customers table: PartitionKey tenantId, RowKey customerTenantId, plus a copy of the record under RowKey domain|{domain}
 *                  and address|{address}, so mail from a known sender finds its customer in one request
 *                  PartitionKey tenantId, RowKey caseTerms|{customerTenantId}|{changeId}: a recompute a saved change of
 *                  the customer owes, written with the record
 */
const mailboxPartition = 'mailbox';
const claimRowPrefix = 'mailbox|';
const claimRow = (address: string): string => `${claimRowPrefix}${address}`;
const configCacheMs = 30_000;
/** What the owed recomputes of the offering's changes are filed under (owedCaseTermsRows.ts). */
const offeringSubject = 'offering';
/** Pointer rows written before claims needed confirmation hold { tenantId } as a document; they keep routing. */
const legacyPointerSchema = z.object({ tenantId: z.string() });

/** The version of a settings document that was never saved, so the desk's defaults apply. */
export const defaultsEtag = 'W/"defaults"';
/** What Table Storage's ETags look like; anything else in If-Match cannot be the stored version. */
const tableEtagPattern = /^W\/"datetime'[^'"]+'"$/;

/** Entries and misses each cache keeps at most, per instance. */
export const tenantCacheLimits = {
  offerings: 1_000,
  triageRules: 1_000,
  profiles: 2_000,
  /** Tenant ids without a profile (the anonymous public offering asks for any id): apart, so they never evict real tenants. */
  absentProfiles: 1_000,
  mailboxes: 5_000,
  unknownMailboxes: 1_000,
} as const;
/** Characters of JSON each document cache keeps at most (about twice as many bytes): 1,000 offerings near the 1 MiB row limit must not fit. */
const maxCachedJson = 8 * 1024 * 1024;
const jsonLength = (value: unknown): number => JSON.stringify(value)?.length ?? 1;

interface MailboxPointer {
  tenantId: string;
  routes: boolean;
  etag: string;
}

function pointerOf(entity: Record<string, unknown>): MailboxPointer {
  const etag = String(entity.etag);
  if (typeof entity.TenantId === 'string') return { tenantId: entity.TenantId, routes: entity.Routes === true, etag };
  return { tenantId: legacyPointerSchema.parse(fromDocumentColumns(entity)).tenantId, routes: true, etag };
}

async function readVersioned<Schema extends z.ZodType>(
  table: TableClient,
  partitionKey: string,
  rowKey: string,
  schema: Schema,
): Promise<Versioned<z.infer<Schema>> | undefined> {
  try {
    const entity = await table.getEntity<Record<string, unknown>>(partitionKey, rowKey);
    return { value: schema.parse(fromDocumentColumns(entity)), etag: String(entity.etag) };
  } catch (error) {
    if (isStatus(error, 404)) return undefined;
    throw error;
  }
}

function etagOf(result: { etag?: string }): string {
  if (!result.etag) throw new Error('Table Storage answered a write without an ETag');
  return result.etag;
}

/**
 * Writes a JSON document row. Without `ifMatch` the last writer wins; with it, only over that version: the defaults'
 * version creates the row only if it is still absent, a stored version replaces only that version. Otherwise
 * StaleVersionError, and nothing changed. A row `alongside` (of the same partition) is stored in the same
 * entity-group transaction: with the document or not at all.
 */
async function writeVersioned(
  table: TableClient,
  partitionKey: string,
  rowKey: string,
  document: unknown,
  ifMatch: string | undefined,
  what: string,
  alongside?: TableEntity,
): Promise<string> {
  const entity = { partitionKey, rowKey, ...toDocumentColumns(document) };
  if (ifMatch === undefined && !alongside) return etagOf(await table.upsertEntity(entity, 'Replace'));
  if (ifMatch !== undefined && ifMatch !== defaultsEtag && !tableEtagPattern.test(ifMatch)) {
    throw new StaleVersionError(what);
  }
  const write: TransactionAction =
    ifMatch === undefined
      ? ['upsert', entity, 'Replace']
      : ifMatch === defaultsEtag
        ? ['create', entity]
        : ['update', entity, 'Replace', { etag: ifMatch }];
  try {
    if (alongside) {
      // Sub-responses come in the order of the actions: the document first.
      const { subResponses } = await table.submitTransaction([write, ['upsert', alongside, 'Replace']]);
      return etagOf(subResponses[0] ?? {});
    }
    return etagOf(
      ifMatch === defaultsEtag
        ? await table.createEntity(entity)
        : await table.updateEntity(entity, 'Replace', { etag: ifMatch }),
    );
  } catch (error) {
    if (ifMatch !== undefined && isStatus(error, 404, 409, 412)) throw new StaleVersionError(what);
    throw error;
  }
}

export class TableTenantDirectory implements TenantDirectory {
  private readonly tenants: TableClient;
  // Tenant configuration changes rarely and is read for every case: kept for a short while per instance. A tenant
  // without its own offering or rules is a miss (the defaults are shared), never a copy per tenant id.
  private readonly offerings = new BoundedCache<SupportOffering | undefined>({
    max: tenantCacheLimits.offerings,
    maxMisses: tenantCacheLimits.offerings,
    ttlMs: configCacheMs,
    maxSize: maxCachedJson,
    sizeOf: jsonLength,
  });
  private readonly rules = new BoundedCache<TriageRules | undefined>({
    max: tenantCacheLimits.triageRules,
    maxMisses: tenantCacheLimits.triageRules,
    ttlMs: configCacheMs,
    maxSize: maxCachedJson,
    sizeOf: jsonLength,
  });
  private readonly profiles = new BoundedCache<TenantProfile | undefined>({
    max: tenantCacheLimits.profiles,
    maxMisses: tenantCacheLimits.absentProfiles,
    ttlMs: configCacheMs,
    maxSize: maxCachedJson,
    sizeOf: jsonLength,
  });
  /**
   * Routing per address. A write on this instance forgets the address at once; another instance may route by its entry
   * for up to 30 s after an address is released or confirmed.
   */
  private readonly mailboxes = new BoundedCache<string | undefined>({
    max: tenantCacheLimits.mailboxes,
    maxMisses: tenantCacheLimits.unknownMailboxes,
    ttlMs: configCacheMs,
  });

  constructor(tables: TableClientFactory) {
    this.tenants = tables('tenants');
  }

  /** How many entries each cache holds now, to check the bounds. */
  cacheEntries(): Record<keyof typeof tenantCacheLimits, number> {
    return {
      offerings: this.offerings.entries.values + this.offerings.entries.misses,
      triageRules: this.rules.entries.values + this.rules.entries.misses,
      profiles: this.profiles.entries.values,
      absentProfiles: this.profiles.entries.misses,
      mailboxes: this.mailboxes.entries.values,
      unknownMailboxes: this.mailboxes.entries.misses,
    };
  }

  /** The most entries each cache may hold (offerings and rules: values plus misses). */
  cacheLimits(): Record<keyof typeof tenantCacheLimits, number> {
    return {
      ...tenantCacheLimits,
      offerings: 2 * tenantCacheLimits.offerings,
      triageRules: 2 * tenantCacheLimits.triageRules,
    };
  }

  profile(tenantId: string): Promise<TenantProfile | undefined> {
    return this.profiles.get(tenantId, async () => (await this.versionedProfile(tenantId))?.value);
  }

  versionedProfile(tenantId: string): Promise<Versioned<TenantProfile> | undefined> {
    return readVersioned(this.tenants, tenantId, 'profile', tenantProfileSchema);
  }

  claimProfile(tenantId: string, profile: TenantProfile, ifMatch?: string): Promise<Versioned<TenantProfile>> {
    return this.storeProfile(tenantId, profile, false, ifMatch);
  }

  async saveProfile(tenantId: string, profile: TenantProfile): Promise<void> {
    await this.storeProfile(tenantId, profile, true, undefined);
  }

  async confirmMailbox(tenantId: string, address: string): Promise<boolean> {
    const mailbox = address.trim().toLowerCase();
    const pointer = await this.readPointer(mailbox);
    if (!pointer || pointer.tenantId !== tenantId) return false;
    if (!pointer.routes) await this.setRoutes(mailbox, pointer);
    this.mailboxes.forget(mailbox);
    return true;
  }

  async pendingMailboxes(): Promise<MailboxClaim[]> {
    const claims: MailboxClaim[] = [];
    const filter = odata`PartitionKey eq ${mailboxPartition} and Routes eq ${false}`;
    for await (const entity of this.tenants.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
      const pointer = pointerOf(entity);
      claims.push({ address: String(entity.rowKey), tenantId: pointer.tenantId, routes: pointer.routes });
    }
    return claims;
  }

  async mailboxClaims(tenantId: string): Promise<MailboxClaim[]> {
    const listed = (await this.versionedProfile(tenantId))?.value.supportAddresses ?? [];
    const addresses = [
      ...new Set([...listed.map((address) => address.toLowerCase()), ...(await this.claimedAddresses(tenantId))]),
    ];
    const pointers = await Promise.all(
      addresses.map(async (address) => ({ address, pointer: await this.readPointer(address) })),
    );
    return pointers
      .filter(({ pointer }) => pointer?.tenantId === tenantId)
      .map(({ address, pointer }) => ({ address, tenantId, routes: pointer?.routes === true }));
  }

  async tenantForMailbox(address: string): Promise<string | undefined> {
    const mailbox = address.trim().toLowerCase();
    return this.mailboxes.get(mailbox, async () => {
      const pointer = await this.readPointer(mailbox);
      return pointer?.routes ? pointer.tenantId : undefined;
    });
  }

  async offering(tenantId: string): Promise<SupportOffering> {
    const own = await this.offerings.get(tenantId, async () => (await this.readOffering(tenantId))?.value);
    return own ?? defaultSupportOffering();
  }

  async versionedOffering(tenantId: string): Promise<Versioned<SupportOffering>> {
    return (await this.readOffering(tenantId)) ?? { value: defaultSupportOffering(), etag: defaultsEtag };
  }

  async saveOffering(
    tenantId: string,
    offering: SupportOffering,
    ifMatch?: string,
    owed?: OwedCaseTerms,
  ): Promise<string> {
    const owedRow = owed && owedCaseTermsRow(tenantId, offeringSubject, owed);
    try {
      return await writeVersioned(this.tenants, tenantId, 'offering', offering, ifMatch, 'support offering', owedRow);
    } finally {
      this.offerings.forget(tenantId);
    }
  }

  owedCaseTerms(tenantId: string): Promise<OwedCaseTerms[]> {
    return readOwedCaseTerms(this.tenants, tenantId, offeringSubject);
  }

  settleCaseTerms(tenantId: string, changeIds: readonly string[]): Promise<void> {
    return settleOwedCaseTerms(this.tenants, tenantId, offeringSubject, changeIds);
  }

  async triageRules(tenantId: string): Promise<TriageRules> {
    const own = await this.rules.get(tenantId, async () => (await this.readTriageRules(tenantId))?.value);
    return own ?? defaultTriageRules();
  }

  async versionedTriageRules(tenantId: string): Promise<Versioned<TriageRules>> {
    return (await this.readTriageRules(tenantId)) ?? { value: defaultTriageRules(), etag: defaultsEtag };
  }

  async saveTriageRules(tenantId: string, rules: TriageRules, ifMatch?: string): Promise<string> {
    try {
      return await writeVersioned(this.tenants, tenantId, 'triageRules', rules, ifMatch, 'triage rules');
    } finally {
      this.rules.forget(tenantId);
    }
  }

  private readOffering(tenantId: string): Promise<Versioned<SupportOffering> | undefined> {
    return readVersioned(this.tenants, tenantId, 'offering', supportOfferingSchema);
  }

  private readTriageRules(tenantId: string): Promise<Versioned<TriageRules> | undefined> {
    return readVersioned(this.tenants, tenantId, 'triageRules', triageRulesSchema);
  }

  /**
   * Claims every address (all or none: a failed write releases what it claimed), stores the profile, then releases
   * what the stored profile no longer lists. Two writes of one tenant at once should send If-Match: without it the
   * later profile wins, and an address only the earlier one listed may be released again.
   */
  private async storeProfile(
    tenantId: string,
    profile: TenantProfile,
    routes: boolean,
    ifMatch: string | undefined,
  ): Promise<Versioned<TenantProfile>> {
    const current = await this.versionedProfile(tenantId);
    if (ifMatch !== undefined && ifMatch !== (current?.etag ?? defaultsEtag)) throw new StaleVersionError('profile');
    const previous = current?.value.supportAddresses ?? [];
    const addresses = [...new Set(profile.supportAddresses.map((address) => address.toLowerCase()))];
    let etag: string;
    try {
      await this.claimMailboxes(tenantId, addresses, routes);
      etag = await writeVersioned(this.tenants, tenantId, 'profile', profile, ifMatch, 'profile');
    } catch (error) {
      this.profiles.forget(tenantId);
      await this.releaseUnlisted(tenantId, [...previous, ...addresses]).catch(() => undefined);
      throw error;
    }
    this.profiles.forget(tenantId);
    await this.releaseUnlisted(tenantId, previous);
    return { value: profile, etag };
  }

  private async claimMailboxes(tenantId: string, addresses: string[], routes: boolean): Promise<void> {
    if (addresses.length === 0) return;
    // The tenant's own list first, in one transaction: a pointer whose claim was never completed is still found there.
    const listing: TransactionAction[] = addresses.map((address) => [
      'upsert',
      { partitionKey: tenantId, rowKey: claimRow(address) },
      'Replace',
    ]);
    await this.tenants.submitTransaction(listing);
    // Every claim settles before the first failure is reported, so the release that follows it sees them all.
    const settled = await Promise.allSettled(addresses.map((address) => this.claimMailbox(tenantId, address, routes)));
    const failure = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failure) throw failure.reason;
  }

  /** Creates the address's pointer if absent; one of this tenant's is fine (an operator's registration makes it route). */
  private async claimMailbox(tenantId: string, address: string, routes: boolean): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        await this.tenants.createEntity({
          partitionKey: mailboxPartition,
          rowKey: address,
          TenantId: tenantId,
          Routes: routes,
        });
        this.mailboxes.forget(address);
        return;
      } catch (error) {
        if (!isStatus(error, 409)) throw error;
      }
      const pointer = await this.readPointer(address);
      if (!pointer) continue; // released in between: try to create it again
      if (pointer.tenantId !== tenantId) throw new MailboxTakenError(address);
      if (routes && !pointer.routes && !(await this.setRoutes(address, pointer))) continue;
      this.mailboxes.forget(address);
      return;
    }
    throw new MailboxTakenError(address);
  }

  /** Lets a pointer route; false when it changed since it was read. */
  private async setRoutes(address: string, pointer: MailboxPointer): Promise<boolean> {
    try {
      await this.tenants.updateEntity(
        { partitionKey: mailboxPartition, rowKey: address, TenantId: pointer.tenantId, Routes: true },
        'Replace',
        { etag: pointer.etag },
      );
      return true;
    } catch (error) {
      if (isStatus(error, 404, 412)) return false;
      throw error;
    }
  }

  /**
   * Releases every address the tenant holds (its list, plus `alsoCheck` for pointers written before the list existed)
   * that its stored profile does not name: the pointer only while it is still this tenant's, then the list entry.
   */
  private async releaseUnlisted(tenantId: string, alsoCheck: readonly string[]): Promise<void> {
    const listed = new Set(
      (await this.versionedProfile(tenantId))?.value.supportAddresses.map((address) => address.toLowerCase()) ?? [],
    );
    const held = new Set([
      ...(await this.claimedAddresses(tenantId)),
      ...alsoCheck.map((address) => address.toLowerCase()),
    ]);
    await Promise.all(
      [...held].filter((address) => !listed.has(address)).map((address) => this.releaseMailbox(tenantId, address)),
    );
  }

  private async releaseMailbox(tenantId: string, address: string): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const pointer = await this.readPointer(address);
      if (pointer?.tenantId !== tenantId) break;
      try {
        await this.tenants.deleteEntity(mailboxPartition, address, { etag: pointer.etag });
        break;
      } catch (error) {
        if (isStatus(error, 404)) break;
        if (!isStatus(error, 412)) throw error; // confirmed in between: read it again
      }
    }
    this.mailboxes.forget(address);
    await this.deleteIfPresent(tenantId, claimRow(address));
  }

  private async claimedAddresses(tenantId: string): Promise<string[]> {
    // One range within the tenant's partition: the rows after "mailbox|" and before "mailbox}".
    const filter = `${odata`PartitionKey eq ${tenantId}`} and ${rowKeysStartingWith(claimRowPrefix)}`;
    const addresses: string[] = [];
    const rows = this.tenants.listEntities<Record<string, unknown>>({ queryOptions: { filter, select: ['RowKey'] } });
    for await (const row of rows) addresses.push(String(row.rowKey).slice(claimRowPrefix.length));
    return addresses;
  }

  private async readPointer(address: string): Promise<MailboxPointer | undefined> {
    try {
      return pointerOf(await this.tenants.getEntity<Record<string, unknown>>(mailboxPartition, address));
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  private async deleteIfPresent(partitionKey: string, rowKey: string): Promise<void> {
    try {
      await this.tenants.deleteEntity(partitionKey, rowKey);
    } catch (error) {
      if (!isStatus(error, 404)) throw error;
    }
  }
}

/** The rows under which a sender finds the customer: one per mail domain and one per single address. */
const senderPointers = (customer: Customer): string[] => [
  ...customer.domains.map((domain) => `domain|${domain}`),
  ...customer.addresses.map((address) => `address|${address}`),
];

/** Customers (and unknown customer ids) the customer cache keeps at most, per instance. */
export const customerCacheLimits = { customers: 5_000, unknownCustomers: 1_000 } as const;

export class TableCustomerDirectory implements CustomerDirectory {
  private readonly customers: TableClient;
  /**
   * Enrichment reads the customer of every case it enriches, and a customer's plan and billing mode change rarely: kept
   * for up to 30 s per instance, like the tenant's offering. A write on this instance forgets it at once; another
   * instance enriches with the earlier record until its entry expires. Keyed by tenant and customer id.
   */
  private readonly cache = new BoundedCache<Customer | undefined>({
    max: customerCacheLimits.customers,
    maxMisses: customerCacheLimits.unknownCustomers,
    ttlMs: configCacheMs,
    maxSize: maxCachedJson,
    sizeOf: jsonLength,
  });

  constructor(tables: TableClientFactory) {
    this.customers = tables('customers');
  }

  async get(tenantId: string, customerTenantId: string): Promise<Customer | undefined> {
    return this.cache.get(cacheKeyOf(tenantId, customerTenantId), async () => {
      return (await this.versioned(tenantId, customerTenantId))?.value;
    });
  }

  /** How many customers and unknown ids the cache holds now, to check its bounds. */
  cacheEntries(): { customers: number; unknownCustomers: number } {
    const { values, misses } = this.cache.entries;
    return { customers: values, unknownCustomers: misses };
  }

  versioned(tenantId: string, customerTenantId: string): Promise<Versioned<Customer> | undefined> {
    return readVersioned(this.customers, tenantId, customerTenantId.toLowerCase(), customerRecordSchema);
  }

  async findBySender(tenantId: string, address: string): Promise<Customer | undefined> {
    const sender = address.trim().toLowerCase();
    const rowKeys = [`address|${sender}`, ...(senderDomain(sender) ? [`domain|${senderDomain(sender)}`] : [])];
    // Both candidate rows in one request: two point conditions on RowKey within the tenant's partition.
    const filter = `${odata`PartitionKey eq ${tenantId}`} and (${rowKeys.map((key) => odata`RowKey eq ${key}`).join(' or ')})`;
    const found = new Map<string, Customer>();
    for await (const row of this.customers.listEntities({ queryOptions: { filter } })) {
      found.set(String(row.rowKey), customerRecordSchema.parse(fromDocumentColumns(row)));
    }
    return rowKeys.map((key) => found.get(key)).find((customer) => customer !== undefined);
  }

  async put(tenantId: string, customer: Customer, ifMatch?: string, owed?: OwedCaseTerms): Promise<string> {
    const previous = (await this.versioned(tenantId, customer.customerTenantId))?.value;
    const held = previous ? senderPointers(previous) : [];
    const pointers = senderPointers(customer);
    await Promise.all(
      pointers
        .filter((rowKey) => !held.includes(rowKey))
        .map((rowKey) => this.refuseTakenSender(tenantId, customer.customerTenantId, rowKey)),
    );
    // The record first, guarded by If-Match: a stale write changes no sender pointer either.
    const recordKey = customer.customerTenantId.toLowerCase();
    const etag = await writeVersioned(
      this.customers,
      tenantId,
      recordKey,
      customer,
      ifMatch,
      'customer',
      owed && owedCaseTermsRow(tenantId, recordKey, owed),
    );
    await Promise.all(pointers.map((rowKey) => writeDocument(this.customers, tenantId, rowKey, customer)));
    const dropped = held.filter((rowKey) => !pointers.includes(rowKey));
    await Promise.all(dropped.map((rowKey) => this.customers.deleteEntity(tenantId, rowKey)));
    // Also keeps a read that began before the write from storing the earlier record (see BoundedCache).
    this.cache.forget(cacheKeyOf(tenantId, customer.customerTenantId));
    return etag;
  }

  owedCaseTerms(tenantId: string, customerTenantId: string): Promise<OwedCaseTerms[]> {
    return readOwedCaseTerms(this.customers, tenantId, customerTenantId.toLowerCase());
  }

  settleCaseTerms(tenantId: string, customerTenantId: string, changeIds: readonly string[]): Promise<void> {
    return settleOwedCaseTerms(this.customers, tenantId, customerTenantId.toLowerCase(), changeIds);
  }

  /**
   * Throws CustomerSenderTakenError when the sender row points at another customer that still lists the sender. A row
   * whose customer no longer does (a write cut short between its record and its rows) is free to take.
   * Not atomic: two customers put at the same moment with one new domain may both get it, the later write its row.
   */
  private async refuseTakenSender(tenantId: string, customerTenantId: string, rowKey: string): Promise<void> {
    const holder = await readDocument(this.customers, tenantId, rowKey, customerRecordSchema);
    if (!holder || holder.customerTenantId.toLowerCase() === customerTenantId.toLowerCase()) return;
    const current = (await this.versioned(tenantId, holder.customerTenantId))?.value;
    if (current && senderPointers(current).includes(rowKey)) {
      throw new CustomerSenderTakenError(rowKey.slice(rowKey.indexOf('|') + 1), current.customerTenantId);
    }
  }
}

const cacheKeyOf = (tenantId: string, customerTenantId: string): string =>
  `${tenantId}|${customerTenantId.toLowerCase()}`;
