import { customerRecordSchema, customerSchema } from '../../domain/customer';
import { publicOfferingSchema, supportOfferingSchema } from '../../domain/offering';
import { ignoredMailListSchema, ignoredMailQuerySchema } from '../../domain/ignoredMail';
import { tenantProfileSchema } from '../../domain/tenantProfile';
import { triageRulesSchema } from '../../domain/triage/rules';
import { named, type Endpoint } from '../endpoint';

const offering = named('SupportOffering', supportOfferingSchema);
const tenantProfile = named('TenantProfile', tenantProfileSchema);
const triageRules = named('TriageRules', triageRulesSchema);
const customer = named('Customer', customerRecordSchema);
const customerTenantId = { customerTenantId: "The customer's Microsoft Entra tenant id (GUID)." };

export const tenantEndpoints: Endpoint[] = [
  {
    name: 'getOffering',
    method: 'GET',
    route: 'offering',
    tag: 'Tenant administration',
    summary: "The tenant's support offering with its engine settings",
    description: 'Service hours, plans, prices and scope per product, plus the escalation ladder, technical entitlements and reopen window.',
    access: 'offering:read',
    responses: { 200: { description: 'The offering (the desk sample until the tenant saves its own)', body: offering } },
  },
  {
    name: 'putOffering',
    method: 'PUT',
    route: 'offering',
    tag: 'Tenant administration',
    summary: "Replace the tenant's support offering",
    access: 'offering:manage',
    body: named('SupportOfferingRequest', supportOfferingSchema),
    responses: { 200: { description: 'The saved offering', body: offering } },
  },
  {
    name: 'getPublicOffering',
    method: 'GET',
    route: 'offering/{tenant}/public',
    tag: 'Tenant administration',
    summary: 'What a customer portal shows of a tenant offering',
    description: 'Service hours, contact methods, plans, prices and scope; never the tenant settings. Cacheable for five minutes.',
    access: 'anyone',
    pathParameters: { tenant: 'The tenant id of the partner.' },
    responses: { 200: { description: 'The public offering', body: named('PublicOffering', publicOfferingSchema) } },
  },
  {
    name: 'getTenantProfile',
    method: 'GET',
    route: 'tenant-profile',
    tag: 'Tenant administration',
    summary: "The partner's name and support mailboxes",
    access: 'offering:read',
    responses: { 200: { description: 'The profile', body: tenantProfile } },
    notFound: 'The tenant has no profile yet; PUT one to register its support mailboxes.',
  },
  {
    name: 'putTenantProfile',
    method: 'PUT',
    route: 'tenant-profile',
    tag: 'Tenant administration',
    summary: 'Name the partner and register the support mailboxes its email intake serves',
    access: 'offering:manage',
    body: named('TenantProfileRequest', tenantProfileSchema),
    responses: { 200: { description: 'The saved profile', body: tenantProfile } },
    conflicts: 'A mailbox belongs to another tenant on this desk.',
  },
  {
    name: 'getTriageRules',
    method: 'GET',
    route: 'triage-rules',
    tag: 'Tenant administration',
    summary: "The tenant's ordered triage rules",
    access: 'triageRules:read',
    responses: { 200: { description: "The rules (the desk's defaults until the tenant sets its own)", body: triageRules } },
  },
  {
    name: 'putTriageRules',
    method: 'PUT',
    route: 'triage-rules',
    tag: 'Tenant administration',
    summary: "Replace the tenant's triage rules",
    access: 'triageRules:manage',
    body: named('TriageRulesRequest', triageRulesSchema),
    responses: { 200: { description: 'The saved rules', body: triageRules } },
  },
  {
    name: 'getCustomer',
    method: 'GET',
    route: 'customers/{customerTenantId}',
    tag: 'Tenant administration',
    summary: 'A customer of the tenant, with plan, billing mode and CSP subscriptions',
    access: 'customers:read',
    pathParameters: customerTenantId,
    responses: { 200: { description: 'The customer', body: customer } },
  },
  {
    name: 'putCustomer',
    method: 'PUT',
    route: 'customers/{customerTenantId}',
    tag: 'Tenant administration',
    summary: 'Create or replace a customer',
    access: 'customers:manage',
    pathParameters: customerTenantId,
    body: named('CustomerRequest', customerSchema),
    responses: { 201: { description: 'The new customer', body: customer }, 200: { description: 'The replaced customer', body: customer } },
  },
  {
    name: 'listIgnoredMail',
    method: 'GET',
    route: 'intake/ignored',
    tag: 'Tenant administration',
    summary: 'Mail the loop and noise guard kept out (auto-replies, bounces, lists), newest first',
    access: 'cases:readInternal',
    query: ignoredMailQuerySchema,
    responses: { 200: { description: 'How many mails were kept out, and the latest of them', body: named('IgnoredMailList', ignoredMailListSchema) } },
  },
];
