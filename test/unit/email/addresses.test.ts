import {
  messageIdsIn,
  normaliseMessageId,
  parseAddressList,
  parseMailbox,
  senderDomain,
} from '../../../shared/domain/email';

describe('parseAddressList', () => {
  it("given the connector's semicolon list with names, spaces and a trailing separator, when parsed, then each mailbox is read", () => {
    expect(
      parseAddressList('Jane.Doe@Contoso.com; "Smith, John" <John.Smith@contoso.com>;IT Ops <it@contoso.com>; '),
    ).toEqual([
      { address: 'jane.doe@contoso.com' },
      { name: 'Smith, John', address: 'john.smith@contoso.com' },
      { name: 'IT Ops', address: 'it@contoso.com' },
    ]);
  });

  it('given entries that are not addresses, when parsed, then they are left out and the rest is kept', () => {
    expect(parseAddressList('Undisclosed recipients;support@fabrikam.com;<>')).toEqual([
      { address: 'support@fabrikam.com' },
    ]);
  });

  it.each([[''], [null], [undefined]])('given an empty list (%p), when parsed, then there are no addresses', (list) => {
    expect(parseAddressList(list)).toEqual([]);
  });
});

describe('parseMailbox', () => {
  it('given a name that only repeats the address, when parsed, then no name is kept', () => {
    expect(parseMailbox('Jane.Doe@contoso.com <jane.doe@contoso.com>')).toEqual({ address: 'jane.doe@contoso.com' });
  });

  it('given text without an address, when parsed, then there is no mailbox', () => {
    expect(parseMailbox('Jane Doe')).toBeUndefined();
  });
});

describe('senderDomain', () => {
  it.each([
    ['jane.doe@contoso.com', 'contoso.com'],
    ['Jane@Mail.Contoso.COM', 'mail.contoso.com'],
    ['"odd@local"@fabrikam.com', 'fabrikam.com'],
  ])('given %s, when the domain is taken, then it is %s', (address, domain) => {
    expect(senderDomain(address)).toBe(domain);
  });

  it.each([['no-at-sign'], ['trailing@']])('given %s, when the domain is taken, then there is none', (address) => {
    expect(senderDomain(address)).toBeUndefined();
  });
});

describe('normaliseMessageId', () => {
  it.each([
    ['<abc@contoso.com>', '<abc@contoso.com>'],
    ['abc@contoso.com', '<abc@contoso.com>'],
    ['  <abc@contoso.com>  ', '<abc@contoso.com>'],
    ['<<abc@contoso.com>>', '<abc@contoso.com>'],
    ['<AbC@Contoso.com>', '<AbC@Contoso.com>'],
  ])('given %s, when normalised, then it is %s', (id, expected) => {
    expect(normaliseMessageId(id)).toBe(expected);
  });

  it.each([[''], ['<>'], ['two words@contoso.com']])('given %p, when normalised, then it is no message id', (id) => {
    expect(normaliseMessageId(id)).toBeUndefined();
  });
});

describe('messageIdsIn', () => {
  it('given a folded References header, when read, then all ids come out in order', () => {
    expect(messageIdsIn('<a@contoso.com>\r\n <b@contoso.com> <c@contoso.com>')).toEqual([
      '<a@contoso.com>',
      '<b@contoso.com>',
      '<c@contoso.com>',
    ]);
  });

  it('given a header value with a comment next to the id, when read, then only the id is taken', () => {
    expect(messageIdsIn("<a@contoso.com> (Jane Doe's message of Monday)")).toEqual(['<a@contoso.com>']);
  });

  it('given no header, when read, then there are no ids', () => {
    expect(messageIdsIn(undefined)).toEqual([]);
  });
});
