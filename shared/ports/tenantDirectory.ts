import type { Customer } from '../domain/customer';
import type { SupportOffering } from '../domain/offering/supportOffering';
import type { TenantProfile } from '../domain/tenantProfile';
import type { TriageRules } from '../domain/triage/rules';

/** Per-tenant configuration; a tenant that never configured something gets the desk's defaults. */
export interface TenantDirectory {
  profile(tenantId: string): Promise<TenantProfile | undefined>;
  /** Stores the profile and makes each support address route mail to this tenant. */
  saveProfile(tenantId: string, profile: TenantProfile): Promise<void>;
  tenantForMailbox(address: string): Promise<string | undefined>;
  offering(tenantId: string): Promise<SupportOffering>;
  saveOffering(tenantId: string, offering: SupportOffering): Promise<void>;
  triageRules(tenantId: string): Promise<TriageRules>;
  saveTriageRules(tenantId: string, rules: TriageRules): Promise<void>;
}

export interface CustomerDirectory {
  get(tenantId: string, customerTenantId: string): Promise<Customer | undefined>;
  findByDomain(tenantId: string, domain: string): Promise<Customer | undefined>;
  put(tenantId: string, customer: Customer): Promise<void>;
}
