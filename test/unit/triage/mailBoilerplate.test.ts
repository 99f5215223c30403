import { modelText, triageText } from '../../../shared/domain/triage';
import { withoutMailBoilerplate } from '../../../shared/domain/triage/mailBoilerplate';

/*
 * Triage reads what the customer wrote, not what the mail client or the mail server added to it: mobile signatures
 * and legal disclaimers are left out of the text the rules and the model read.
 */
describe('mail boilerplate', () => {
  it.each([
    'Sent from my iPhone',
    'Sent from Outlook for Android',
    'Get Outlook for iOS',
    'Von meinem iPhone gesendet',
    'Gesendet von Outlook für Android',
    'Sent from Mail for Windows',
  ])('given a request signed "%s", when read for triage, then the signature is left out', (signature) => {
    expect(withoutMailBoilerplate(`VM is down since 8:00.\n\n${signature}`)).toBe('VM is down since 8:00.\n');
  });

  it.each([
    [
      'This email and any attachments are confidential and intended solely for the addressee. If you received it in error, delete it.',
    ],
    [
      'The information in this e-mail is confidential and may be legally privileged. It is intended only for the recipient.',
    ],
    [
      'Diese E-Mail enthält vertrauliche und/oder rechtlich geschützte Informationen. Wenn Sie nicht der richtige Adressat sind, informieren Sie bitte sofort den Absender.',
    ],
  ])(
    'given a request that ends in a disclaimer, when read for triage, then the disclaimer is left out',
    (disclaimer) => {
      const text = `Please send the invoices to accounts@fabrikam.example.\n\nKind regards\nAnn\n${disclaimer}`;
      expect(withoutMailBoilerplate(text)).toBe(
        'Please send the invoices to accounts@fabrikam.example.\n\nKind regards\nAnn\n',
      );
    },
  );

  it('given a disclaimer in the middle of a forwarded mail, when read for triage, then only its lines go', () => {
    const text = [
      'See below, the VM is still down.',
      '',
      'This message is confidential and intended for the addressee only.',
      'If you received it in error, please delete it and notify the sender.',
      'Fabrikam Ltd, registered in England.',
      '',
      '-----Original Message-----',
      'Our VM vm-erp-01 does not start.',
    ].join('\n');
    expect(withoutMailBoilerplate(text)).toBe(
      'See below, the VM is still down.\n\n\nFabrikam Ltd, registered in England.\n\n-----Original Message-----\nOur VM vm-erp-01 does not start.',
    );
  });

  it('given a banner above the request, when read for triage, then the banner sentence goes and the request on the next line stays', () => {
    const text =
      '[EXTERNAL] This email comes from outside the organization. If you are not the intended recipient, delete it.\nOur Azure VM prod-sql-01 is down since 6:00.';
    expect(withoutMailBoilerplate(text)).toBe(
      '[EXTERNAL] This email comes from outside the organization. \nOur Azure VM prod-sql-01 is down since 6:00.',
    );
  });

  it.each([
    'CONFIDENTIALITY NOTICE: The contents of this email are confidential and intended only for the addressee.',
    'Disclaimer: This e-mail is confidential and may be legally privileged.',
    'Vertraulichkeitshinweis: Diese E-Mail enthält vertrauliche Informationen.',
    'Die in dieser E-Mail enthaltenen Informationen sind vertraulich.',
    'Von Outlook für iOS gesendet',
    'Von meinem Samsung Galaxy Smartphone gesendet.',
    'E-Mail: max@fabrikam.example',
  ])('given a request followed by "%s", when read for triage, then that line goes', (boilerplate) => {
    expect(withoutMailBoilerplate(`Our Veeam backup job fails.\n${boilerplate}`).trimEnd()).toBe(
      'Our Veeam backup job fails.',
    );
  });

  it('given a forward with Windows line ends and a disclaimer in the middle, when read for triage, then only the disclaimer paragraph goes', () => {
    const text =
      'Please help urgently.\r\n\r\nJohn\r\nThis email and any attachments are confidential and intended solely for the addressee.\r\n\r\nFrom: Anna\r\n\r\nOutlook crashes on start for the whole sales department.';
    expect(withoutMailBoilerplate(text)).toBe(
      'Please help urgently.\r\n\r\nJohn\r\n\n\r\nFrom: Anna\r\n\r\nOutlook crashes on start for the whole sales department.',
    );
  });

  it.each([
    'This email is intended to inform you that since 8:00 our Azure SQL database is unreachable and all orders fail.',
    "Users get the policy tip 'This email contains confidential information' and cannot send. All sales are blocked.",
    'Diese E-Mail ist vertraulich zu behandeln, weil das Konto unseres Geschäftsführers kompromittiert wurde.',
    'Our disclaimer rule should add: This email is confidential and intended solely for the addressee. It is not added.',
  ])(
    'given a request that opens like a disclaimer but is the customer\'s own words ("%s"), when read for triage, then it is kept whole',
    (text) => {
      expect(withoutMailBoilerplate(text)).toBe(text);
    },
  );

  it.each([
    'This message from a customer was delivered to Peter instead of the intended recipient, the shared mailbox sales@.',
    'This email was forwarded to us by a user who received this email by mistake; two users clicked the link.',
    'Results:\nSent from OWA - bounced with 550 5.7.1\nSent from Outlook desktop - delivered',
    'Sent with attachments over 10 MB, mails come back with NDR 552.',
    'The mail was sent from my iPhone but never arrived at the customer.',
    'Outlook for Android shows no calendar since the update.',
    'Is this email confidential enough to send the contract by mail?',
  ])(
    'given a request that speaks of mail clients or confidentiality itself ("%s"), when read for triage, then it is kept whole',
    (text) => {
      expect(withoutMailBoilerplate(text)).toBe(text);
    },
  );

  it('given a request, when triage and the model read it, then both read it without its boilerplate and the title whole', () => {
    const request = { title: 'Sent from my iPhone', description: 'Teams crashes.\n\nSent from my iPhone' };
    expect(triageText(request.title, request.description)).toBe('Sent from my iPhone\nTeams crashes.\n');
    expect(modelText(request)).toBe('Sent from my iPhone\nTeams crashes.\n');
  });

  it('given a very long text full of disclaimer openings and signature words, when read for triage, then each paragraph is judged once', () => {
    const openings = 'this email is confidential '.repeat(20_000);
    const hostile = `${openings}\n\n${'Sent from my phone\n'.repeat(20_000)}`;
    const kept = withoutMailBoilerplate(hostile);
    // No opening names an addressee or an error, so none is a disclaimer; every signature line goes.
    expect(kept.startsWith(`${openings}\n\n`)).toBe(true);
    expect(kept).not.toContain('Sent from');
  });
});
