import type { Customer } from '../../../shared/domain/customer';
import type { InboundEmail } from '../../../shared/domain/email';
import { maxReferencedIds, senderStanding, threadCandidates } from '../../../shared/domain/emailThreading';
import { slaCase } from '../../fixtures/sla/slaCase';
import { slaTestOffering } from '../../fixtures/sla/slaOffering';
import { parsedEmailFixture } from './emailFixtures';

const mail = (changes: Partial<InboundEmail>): InboundEmail => ({
  ...parsedEmailFixture('graph-plain.json'),
  ...changes,
});
const ids = (count: number, label: string): string[] =>
  Array.from({ length: count }, (_, index) => `<${label}-${index}@mail.example>`);

describe('thread candidates of a mail', () => {
  it('given a token, In-Reply-To and References, when listed, then the token comes first, then In-Reply-To, then References newest to root', () => {
    const candidates = threadCandidates(
      mail({ subject: 'AW: [CS-000042] Lizenz', inReplyTo: '<b@x>', references: ['<root@x>', '<a@x>', '<b@x>'] }),
    );

    expect(candidates).toEqual([
      { key: 'number:CS-000042', matchedBy: 'token' },
      { key: 'message:<b@x>', matchedBy: 'inReplyTo' },
      { key: 'message:<a@x>', matchedBy: 'references' },
      { key: 'message:<root@x>', matchedBy: 'references' },
    ]);
  });

  it('given References longer than five ids, when listed, then every id is looked up, the root included', () => {
    const references = ids(30, 'hop');

    const keys = threadCandidates(mail({ subject: 'x', references })).map((candidate) => candidate.key);

    expect(keys).toHaveLength(30);
    expect(keys).toContain('message:<hop-0@mail.example>');
  });

  it('given a crafted References header of thousands of ids, when listed, then the work is bounded and keeps the root and the newest ids', () => {
    const references = ids(5000, 'hop');

    const keys = threadCandidates(mail({ subject: 'x', references })).map((candidate) => candidate.key);

    expect(keys).toHaveLength(maxReferencedIds);
    expect(keys[0]).toBe('message:<hop-4999@mail.example>');
    expect(keys[keys.length - 1]).toBe('message:<hop-0@mail.example>');
  });
});

describe('who a sender is to a case', () => {
  const offering = slaTestOffering();
  const fabrikam: Customer = {
    customerTenantId: '0b8f5c2e-7a1d-4c3b-9e2f-5a6b7c8d9e01',
    name: 'Fabrikam Ltd',
    domains: ['fabrikam.example'],
    addresses: ['owner@freemail.example'],
    billingMode: 'included',
    cspSubscriptions: [],
    updatedAt: '2026-11-01T00:00:00Z',
  };
  const base = slaCase({ openedAt: '2026-11-30T09:00:00Z', severity: 'B' }, offering);
  const ofFabrikam = {
    ...base,
    contact: { email: 'jana@fabrikam.example' },
    customer: { tenantId: fabrikam.customerTenantId, name: 'Fabrikam Ltd' },
  };
  const facts = { agentAddresses: ['kim@partner.example'], caseCustomer: fabrikam };

  it.each([
    ['the contact, in any letter case', 'Jana@Fabrikam.example', 'contact'],
    ['a colleague at a domain of the case customer', 'peter@fabrikam.example', 'customer'],
    ['a single address the customer lists', 'owner@freemail.example', 'customer'],
    ['an agent of the tenant', 'kim@partner.example', 'agent'],
    ['another customer’s person', 'bob@northwind.example', 'outsider'],
    ['a look-alike subdomain', 'eve@fabrikam.example.attacker.example', 'outsider'],
  ])('given %s (%s), when judged, then the sender is %s', (_label, sender, standing) => {
    expect(senderStanding(ofFabrikam, sender, facts)).toBe(standing);
  });

  it('given a directory record of another customer than the case’s, when judged, then its domains grant nothing', () => {
    const ofSomeoneElse = {
      ...ofFabrikam,
      customer: { tenantId: '9a9a9a9a-1b1b-4c4c-8d8d-7e7e7e7e7e7e', name: 'Other' },
    };

    expect(senderStanding(ofSomeoneElse, 'peter@fabrikam.example', facts)).toBe('outsider');
  });
});
