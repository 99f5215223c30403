import {
  defaultTriageRules,
  triage,
  triageExplanationLimits,
  unlimitedTriageBudget,
} from '../../../shared/domain/triage';
import { withoutRuledOutMentions } from '../../../shared/domain/triage/ruledOutMentions';

const triageWithDefaults = (title: string, description: string) =>
  triage({ title, description }, defaultTriageRules(), unlimitedTriageBudget);

describe('mentions that rule a product out', () => {
  it.each([
    ['Outlook works fine, only the NAS is down.', 'Outlook works fine'],
    ['Teams läuft, aber die Telefonanlage ist tot', 'Teams läuft'],
    ["the VPN client won't connect (Teams and Outlook work).", 'Teams and Outlook work'],
    ['Kein Azure-Thema: der Hyper-V Cluster hat das Quorum verloren', 'Kein Azure-Thema'],
    ['Das hat nichts mit Dynamics zu tun.', 'nichts mit Dynamics zu tun'],
    ['In Azure ist alles in Ordnung, aber der lokale SQL Server ist langsam', 'In Azure ist alles in Ordnung'],
    ['Our Azure bill is fine, the printer lease invoice is wrong', 'Azure bill is fine'],
    ['AVD itself is fine; the thin clients do not boot', 'AVD itself is fine'],
    ['Probably not a Microsoft thing: the scanner is jammed', 'not a Microsoft thing'],
    [
      'Mail und Teams funktionieren einwandfrei, nur das Drucken geht nicht',
      'Mail und Teams funktionieren einwandfrei',
    ],
    ['Internet is working, Teams chat works. The desk phones are dead.', 'Teams chat works'],
    ["The cloud stuff (Outlook, OneDrive) is fine, it's this local server.", '(Outlook, OneDrive) is fine'],
    [
      'Die Microsoft-Postfächer sind nicht betroffen, die laufen über eine andere Domain.',
      'Microsoft-Postfächer sind nicht betroffen',
    ],
    [
      'Die Microsoft-365-Lizenzen sollen davon unberührt bleiben und weiter über Sie laufen.',
      'Microsoft-365-Lizenzen sollen davon unberührt bleiben',
    ],
    ['Outlook ist in Ordnung und die Telefonanlage ist tot', 'Outlook ist in Ordnung'],
    ['Bitte 25 User CALs bestellen (Lizenzen on-prem, kein Azure).', 'kein Azure'],
    ['The SQL Server runs on our own host, not Azure.', 'not Azure'],
    ['Der Server steht bei uns im Keller, kein Azure: er bootet nicht mehr', 'kein Azure'],
  ])('given %j, when read, then %j is left out', (text, mention) => {
    const { text: kept, removed } = withoutRuledOutMentions(text);

    expect(removed).toEqual([mention]);
    expect(kept).not.toContain(mention);
    expect(kept.length).toBeLessThan(text.length);
  });

  it.each([
    'Teams works on my phone but not on the laptop',
    'Outlook geht nicht mehr',
    "Outlook doesn't work since the update",
    'Excel funktioniert nicht',
    'Teams is not working for anyone',
    'The Munich office is not affected, only Berlin',
    'people in the office are fine',
    'Teamsworks fine',
    'Outlook geht, aber nicht auf dem iPad',
    'Teams works, but not for the new colleague',
    'Outlook works in the browser, not in the desktop app',
    'Teams works fine, only on my laptop it keeps crashing.',
    'Outlook geht, nur auf dem Laptop nicht.',
    "Outlook works fine on my desktop, but on my laptop it doesn't start.",
    'Teams works on my phone but on the laptop it crashes.',
    'Outlook läuft bei allen anderen, nur bei Frau Meier stürzt es auf dem Laptop ab.',
    "Outlook works fine for everyone else, only Anna's laptop can't open it.",
    "Office 365 works fine from home, it's only the S: drive I cannot reach",
    'Seit 7 Uhr kein Internet, kein Outlook, kein Teams.',
    'Wir haben noch kein Azure-Abo und möchten eines.',
    'There is no Azure subscription yet for the new project',
    'Kontakte aus Outlook werden synchronisiert, aber nicht in Dynamics.',
    'The invoices arrive in the shared mailbox but not in Business Central.',
  ])('given %j, which is no verdict on a product, when read, then nothing is left out', (text) => {
    expect(withoutRuledOutMentions(text)).toEqual({ text, removed: [] });
  });

  it('given a long text of verdicts, when read, then it is read in linear time', () => {
    const text = 'Outlook, Teams, Excel, Word und Azure '.repeat(20_000);
    const started = performance.now();
    withoutRuledOutMentions(`${text}funktioniert`);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('the product of a request that names a product only to rule it out', () => {
  it('given "Outlook works fine, only the NAS is down", when triaged, then it is not a Microsoft 365 case, and the decision says which mention was left out', () => {
    const decision = triageWithDefaults('NAS down', 'Outlook works fine, only the NAS is down since 10:00.');

    expect(decision.product).toBe('other');
    expect(decision.ruledOutMentions).toEqual(['Outlook works fine']);
  });

  it.each([
    ['Telefonanlage tot', 'Teams läuft, aber die Telefonanlage (Starface) ist seit 8 Uhr tot.', 'other'],
    [
      'Lokaler SQL Server langsam',
      'In Azure ist alles in Ordnung, aber unser lokaler SQL Server ist langsam.',
      'other',
    ],
    [
      'Cluster',
      'Kein Azure-Thema: unser Hyper-V Failover-Cluster hat nach dem Switch-Tausch das Quorum verloren.',
      'other',
    ],
    [
      'Labels blank',
      'Nothing to do with Dynamics: the Zebra label printer in the warehouse prints blank labels.',
      'other',
    ],
    ['DATEV', 'Mail und Teams funktionieren einwandfrei, nur die DATEV-Anmeldung schlägt fehl.', 'other'],
    ['VPN', 'Outlook and Teams work fine. The FortiClient VPN will not connect from home.', 'other'],
  ])(
    'given %j with a ruled-out Microsoft product and another vendor or an on-premises one, when triaged, then it is other',
    (title, description, product) => {
      expect(triageWithDefaults(title, description).product).toBe(product);
    },
  );

  it('given "Teams works, but it freezes", whose rest names no product, when triaged, then Teams still decides and nothing is left out', () => {
    const decision = triageWithDefaults('Help', 'Teams works, but it freezes for a minute now and then.');

    expect(decision.product).toBe('microsoft365');
    expect(decision.ruledOutMentions).toBeUndefined();
  });

  it.each([
    ['Teams crash', 'Teams works fine, only on my laptop it keeps crashing.'],
    ['Outlook', 'Outlook läuft bei allen anderen, nur bei Frau Meier stürzt es auf dem Laptop ab.'],
  ])(
    'given %j, a verdict taken back in part for a device or a person, when triaged, then it stays Microsoft 365',
    (title, description) => {
      const decision = triageWithDefaults(title, description);

      expect(decision.product).toBe('microsoft365');
      expect(decision.ruledOutMentions).toBeUndefined();
    },
  );

  it('given a customer-given product and a ruled-out mention, when triaged, then the customer decided and no mention is reported', () => {
    const decision = triage(
      {
        title: 'NAS down',
        description: 'Outlook works fine, only the NAS is down since 10:00.',
        product: 'other',
      },
      defaultTriageRules(),
      unlimitedTriageBudget,
    );

    expect(decision).toMatchObject({ product: 'other', decidedBy: { product: 'customer' } });
    expect(decision.ruledOutMentions).toBeUndefined();
  });

  it('given thousands of ruled-out mentions with long runs of whitespace, when triaged, then the decision lists the first five, each short and on one line', () => {
    const description = `${'AVD geht, '.repeat(5_000)}Outlook${'\v'.repeat(500)}works fine, nur der NAS ist down.`;

    const decision = triageWithDefaults('NAS', description);

    expect(decision.product).toBe('other');
    expect(decision.ruledOutMentions).toHaveLength(triageExplanationLimits.ruledOutMentions);
    for (const mention of decision.ruledOutMentions ?? []) {
      expect(mention.length).toBeLessThanOrEqual(triageExplanationLimits.ruledOutMentionLength);
      expect(mention).not.toMatch(/\s{2}/);
    }
  });

  it('given a ruled-out mention, then only the product stage reads without it: the category and severity read the whole request', () => {
    const decision = triageWithDefaults(
      'Invoice',
      'Our Azure bill is fine, but the invoice for the printer lease is charged twice.',
    );

    expect(decision.ruledOutMentions).toEqual(['Azure bill is fine']);
    expect(decision.category).toBe('billing');
  });
});
