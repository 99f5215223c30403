import { customerRecordSchema, customerSchema } from '../../domain/customer';
import { publicOfferingSchema, supportOfferingRequestSchema, supportOfferingSchema } from '../../domain/offering';
import { ignoredMailListSchema, ignoredMailQuerySchema } from '../../domain/ignoredMail';
import { tenantProfileSchema } from '../../domain/tenantProfile';
import { threadRefusalListSchema, threadRefusalQuerySchema } from '../../domain/threadRefusal';
import { triageRulesSchema } from '../../domain/triage/rules';
import { triageDecisionSchema, triageRequestSchema } from '../../domain/triage/triage';
import { z } from 'zod';
import { defineEndpoint, named, type Endpoint } from '../endpoint';
import { customerTenantIdParameter, tenantIdParameter } from '../pathParameters';
import { built } from '../../domain/builtSchema';

const offering = named('SupportOffering', supportOfferingSchema);
const tenantProfile = named('TenantProfile', tenantProfileSchema);
const triageRules = named('TriageRules', triageRulesSchema);
const customer = named('Customer', customerRecordSchema);
const customerPath = z.strictObject({ customerTenantId: customerTenantIdParameter });

export const getOfferingEndpoint = defineEndpoint({
  name: 'getOffering',
  method: 'GET',
  route: 'offering',
  tag: 'Tenant administration',
  summary: "The tenant's support offering with its engine settings",
  description:
    'Service hours, plans, prices and scope per product, plus the escalation ladder, technical entitlements and reopen window.',
  access: 'offering:read',
  responses: {
    200: {
      description:
        'The offering (the desk sample until the tenant saves its own); the ETag is its version, for If-Match',
      body: offering,
      headers: ['ETag'],
    },
  },
});

export const putOfferingEndpoint = defineEndpoint({
  name: 'putOffering',
  method: 'PUT',
  route: 'offering',
  tag: 'Tenant administration',
  summary: "Replace the tenant's support offering",
  access: 'offering:manage',
  requestHeaders: ['If-Match'],
  body: named('SupportOfferingRequest', supportOfferingRequestSchema),
  responses: { 200: { description: 'The saved offering and its new version', body: offering, headers: ['ETag'] } },
});

export const getPublicOfferingEndpoint = defineEndpoint({
  name: 'getPublicOffering',
  method: 'GET',
  route: 'offering/{tenant}/public',
  tag: 'Tenant administration',
  summary: 'What a customer portal shows of a tenant offering',
  description:
    'Service hours, contact methods, plans, prices and scope; never the tenant settings. Cacheable for five minutes.',
  access: 'anyone',
  path: z.strictObject({ tenant: tenantIdParameter }),
  responses: { 200: { description: 'The public offering', body: named('PublicOffering', publicOfferingSchema) } },
});

export const getTenantProfileEndpoint = defineEndpoint({
  name: 'getTenantProfile',
  method: 'GET',
  route: 'tenant-profile',
  tag: 'Tenant administration',
  summary: "The partner's name and support mailboxes",
  access: 'offering:read',
  responses: {
    200: { description: 'The profile; the ETag is its version, for If-Match', body: tenantProfile, headers: ['ETag'] },
  },
  notFound: 'The tenant has no profile yet; PUT one to register its support mailboxes.',
});

export const putTenantProfileEndpoint = defineEndpoint({
  name: 'putTenantProfile',
  method: 'PUT',
  route: 'tenant-profile',
  tag: 'Tenant administration',
  summary: 'Name the partner and register the support mailboxes its email intake serves',
  access: 'offering:manage',
  requestHeaders: ['If-Match'],
  body: named('TenantProfileRequest', tenantProfileSchema),
  responses: { 200: { description: 'The saved profile and its new version', body: tenantProfile, headers: ['ETag'] } },
  conflicts: 'A mailbox belongs to another tenant on this desk.',
});

export const getTriageRulesEndpoint = defineEndpoint({
  name: 'getTriageRules',
  method: 'GET',
  route: 'triage-rules',
  tag: 'Tenant administration',
  summary: "The tenant's ordered triage rules",
  access: 'triageRules:read',
  responses: {
    200: {
      description:
        "The rules (the desk's defaults until the tenant sets its own); the ETag is their version, for If-Match",
      body: triageRules,
      headers: ['ETag'],
    },
  },
});

export const putTriageRulesEndpoint = defineEndpoint({
  name: 'putTriageRules',
  method: 'PUT',
  route: 'triage-rules',
  tag: 'Tenant administration',
  summary: "Replace the tenant's triage rules",
  access: 'triageRules:manage',
  requestHeaders: ['If-Match'],
  body: named('TriageRulesRequest', triageRulesSchema),
  responses: { 200: { description: 'The saved rules and their new version', body: triageRules, headers: ['ETag'] } },
});

export const tryTriageRulesEndpoint = defineEndpoint({
  name: 'tryTriageRules',
  method: 'POST',
  route: 'triage-rules/try',
  tag: 'Tenant administration',
  summary: "Triage a sample request with the tenant's rules, or with rules not yet saved, without storing a case",
  description:
    'Runs the same triage a new case gets (rules, then the learned model, then the fallback, within the same time budget) ' +
    "on the sample, with the rules in the body or else the tenant's saved ones. The explanation says which rule set each " +
    'field and, for rules whose conditions did not hold, the first condition that failed.',
  access: 'triageRules:manage',
  body: named(
    'TriageTrialRequest',
    z.lazy(() =>
      z.strictObject({
        // As bounded for a new case (POST /api/cases): the sample is what a case could say.
        title: built(triageRequestSchema).shape.title.trim().min(1).max(200),
        description: built(triageRequestSchema).shape.description.trim().min(1).max(100_000),
        product: built(triageRequestSchema).shape.product,
        category: built(triageRequestSchema).shape.category,
        severity: built(triageRequestSchema).shape.severity,
        rules: triageRulesSchema.optional().describe("Rules to try instead of the tenant's saved ones"),
      }),
    ),
  ),
  responses: {
    200: { description: 'The decision triage would make', body: named('TriageDecision', triageDecisionSchema) },
  },
});

export const getCustomerEndpoint = defineEndpoint({
  name: 'getCustomer',
  method: 'GET',
  route: 'customers/{customerTenantId}',
  tag: 'Tenant administration',
  summary: 'A customer of the tenant, with plan, billing mode and CSP subscriptions',
  access: 'customers:read',
  path: customerPath,
  responses: {
    200: { description: 'The customer; the ETag is its version, for If-Match', body: customer, headers: ['ETag'] },
  },
});

export const putCustomerEndpoint = defineEndpoint({
  name: 'putCustomer',
  method: 'PUT',
  route: 'customers/{customerTenantId}',
  tag: 'Tenant administration',
  summary: 'Create or replace a customer',
  access: 'customers:manage',
  path: customerPath,
  requestHeaders: ['If-Match'],
  body: named('CustomerRequest', customerSchema),
  responses: {
    201: { description: 'The new customer and its version', body: customer, headers: ['ETag'] },
    200: { description: 'The replaced customer and its new version', body: customer, headers: ['ETag'] },
  },
  conflicts: 'A mail domain or address of the body is one of another customer of the tenant (`sender` names it).',
});

export const listIgnoredMailEndpoint = defineEndpoint({
  name: 'listIgnoredMail',
  method: 'GET',
  route: 'intake/ignored',
  tag: 'Tenant administration',
  summary: 'Mail the loop and noise guard kept out (auto-replies, bounces, lists), newest first',
  access: 'cases:readInternal',
  query: ignoredMailQuerySchema,
  responses: {
    200: {
      description: 'How many mails were kept out, and the latest of them',
      body: named('IgnoredMailList', ignoredMailListSchema),
    },
  },
});

export const listThreadRefusalsEndpoint = defineEndpoint({
  name: 'listThreadRefusals',
  method: 'GET',
  route: 'intake/thread-refusals',
  tag: 'Tenant administration',
  summary: 'Mail that pointed at a case its sender is not on (token, References or conversation), newest first',
  description:
    'Such mail opens a case of its own; the cases it pointed at show nothing of it. Each entry names the refused cases, what matched and why.',
  access: 'cases:readInternal',
  query: threadRefusalQuerySchema,
  responses: {
    200: {
      description: 'How many thread matches were refused, and the latest of them',
      body: named('ThreadRefusalList', threadRefusalListSchema),
    },
  },
});

export const tenantEndpoints: readonly Endpoint[] = [
  getOfferingEndpoint,
  putOfferingEndpoint,
  getPublicOfferingEndpoint,
  getTenantProfileEndpoint,
  putTenantProfileEndpoint,
  getTriageRulesEndpoint,
  putTriageRulesEndpoint,
  tryTriageRulesEndpoint,
  getCustomerEndpoint,
  putCustomerEndpoint,
  listIgnoredMailEndpoint,
  listThreadRefusalsEndpoint,
];
