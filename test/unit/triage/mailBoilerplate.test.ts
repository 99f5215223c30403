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
    ['The information in this e-mail is confidential and may be legally privileged.'],
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

  it('given a disclaimer in the middle of a forwarded mail, when read for triage, then only its paragraph is left out', () => {
    const text = [
      'See below, the VM is still down.',
      '',
      'This message is confidential and intended for the addressee only.',
      'Fabrikam Ltd, registered in England.',
      '',
      '-----Original Message-----',
      'Our VM vm-erp-01 does not start.',
    ].join('\n');
    expect(withoutMailBoilerplate(text)).toBe(
      'See below, the VM is still down.\n\n\n\n-----Original Message-----\nOur VM vm-erp-01 does not start.',
    );
  });

  it.each([
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

  it('given a very long text full of disclaimer openings and signature words, when read for triage, then it is read in one pass', () => {
    const hostile = `${'this email is confidential '.repeat(20_000)}\n${'Sent from my phone\n'.repeat(20_000)}`;
    const kept = withoutMailBoilerplate(hostile);
    // The first opening runs to the end (no paragraph ends), so nothing of the text is kept after it.
    expect(kept).toBe('');
  });
});
