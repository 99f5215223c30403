import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { customerRecordSchema, type Customer } from '../../domain/customer';
import { defaultSupportOffering } from '../../domain/offering/defaultOffering';
import { supportOfferingSchema, type SupportOffering } from '../../domain/offering/supportOffering';
import { tenantProfileSchema, type TenantProfile } from '../../domain/tenantProfile';
import { defaultTriageRules } from '../../domain/triage/defaultRules';
import { triageRulesSchema, type TriageRules } from '../../domain/triage/rules';
import type { CustomerDirectory, TenantDirectory } from '../../ports/tenantDirectory';
import { readDocument, writeDocument } from './documentRows';
import type { TableClientFactory } from './tableClients';

/*
 * tenants table:   PartitionKey tenantId, RowKey profile | offering | triageRules
 *                  PartitionKey "mailbox", RowKey the support address -> { tenantId }
 * customers table: PartitionKey tenantId, RowKey customerTenantId, plus a copy of the record under RowKey domain|{domain}
 *                  so mail from a known domain finds its customer in one read
 */
const mailboxPartition = 'mailbox';
const configCacheMs = 30_000;
const mailboxPointerSchema = z.object({ tenantId: z.string() });

interface Cached<T> {
  value: T;
  expiresAt: number;
}

/** Tenant configuration changes rarely and is read for every case: keep it for a short while per instance. */
class ShortLivedCache<T> {
  private readonly entries = new Map<string, Cached<T>>();

  async get(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > Date.now()) return hit.value;
    const value = await load();
    this.entries.set(key, { value, expiresAt: Date.now() + configCacheMs });
    return value;
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  forgetAll(): void {
    this.entries.clear();
  }
}

export class TableTenantDirectory implements TenantDirectory {
  private readonly tenants: TableClient;
  private readonly offerings = new ShortLivedCache<SupportOffering>();
  private readonly rules = new ShortLivedCache<TriageRules>();
  private readonly profiles = new ShortLivedCache<TenantProfile | undefined>();
  private readonly mailboxes = new ShortLivedCache<string | undefined>();

  constructor(tables: TableClientFactory) {
    this.tenants = tables('tenants');
  }

  profile(tenantId: string): Promise<TenantProfile | undefined> {
    return this.profiles.get(tenantId, () => readDocument(this.tenants, tenantId, 'profile', tenantProfileSchema));
  }

  async saveProfile(tenantId: string, profile: TenantProfile): Promise<void> {
    await writeDocument(this.tenants, tenantId, 'profile', profile);
    this.profiles.forget(tenantId);
    this.mailboxes.forgetAll();
    await Promise.all(
      profile.supportAddresses.map((address) => writeDocument(this.tenants, mailboxPartition, address.toLowerCase(), { tenantId })),
    );
  }

  async tenantForMailbox(address: string): Promise<string | undefined> {
    const mailbox = address.toLowerCase();
    return this.mailboxes.get(mailbox, async () => (await readDocument(this.tenants, mailboxPartition, mailbox, mailboxPointerSchema))?.tenantId);
  }

  offering(tenantId: string): Promise<SupportOffering> {
    return this.offerings.get(tenantId, async () =>
      (await readDocument(this.tenants, tenantId, 'offering', supportOfferingSchema)) ?? defaultSupportOffering,
    );
  }

  async saveOffering(tenantId: string, offering: SupportOffering): Promise<void> {
    await writeDocument(this.tenants, tenantId, 'offering', offering);
    this.offerings.forget(tenantId);
  }

  triageRules(tenantId: string): Promise<TriageRules> {
    return this.rules.get(tenantId, async () =>
      (await readDocument(this.tenants, tenantId, 'triageRules', triageRulesSchema)) ?? defaultTriageRules,
    );
  }

  async saveTriageRules(tenantId: string, rules: TriageRules): Promise<void> {
    await writeDocument(this.tenants, tenantId, 'triageRules', rules);
    this.rules.forget(tenantId);
  }
}

export class TableCustomerDirectory implements CustomerDirectory {
  private readonly customers: TableClient;

  constructor(tables: TableClientFactory) {
    this.customers = tables('customers');
  }

  get(tenantId: string, customerTenantId: string): Promise<Customer | undefined> {
    return readDocument(this.customers, tenantId, customerTenantId.toLowerCase(), customerRecordSchema);
  }

  findByDomain(tenantId: string, domain: string): Promise<Customer | undefined> {
    return readDocument(this.customers, tenantId, `domain|${domain.toLowerCase()}`, customerRecordSchema);
  }

  async put(tenantId: string, customer: Customer): Promise<void> {
    const previous = await this.get(tenantId, customer.customerTenantId);
    await writeDocument(this.customers, tenantId, customer.customerTenantId.toLowerCase(), customer);
    await Promise.all(
      customer.domains.map((domain) => writeDocument(this.customers, tenantId, `domain|${domain}`, customer)),
    );
    const dropped = (previous?.domains ?? []).filter((domain) => !customer.domains.includes(domain));
    await Promise.all(dropped.map((domain) => this.customers.deleteEntity(tenantId, `domain|${domain}`)));
  }
}
