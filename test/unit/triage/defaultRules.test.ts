import fs from 'node:fs';
import path from 'node:path';
import {
  defaultTriageRules,
  triage,
  triageRulesSchema,
  unlimitedTriageBudget,
  type TriageRequest,
} from '../../../shared/domain/triage';
import { defaultTriageRulesFile, parseTriageRulesFile } from '../../../shared/domain/triage/defaultRules';
import { type Category } from '../../../shared/domain/caseFields';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
/** A fresh copy of the shipped rule file, as plain JSON, to corrupt. */
const shippedRuleFile = (): any[] => JSON.parse(fs.readFileSync(path.join(repoRoot, defaultTriageRulesFile), 'utf8'));

const triageByDefault = (request: TriageRequest) => triage(request, defaultTriageRules(), unlimitedTriageBudget);
const outcome = (request: TriageRequest) => {
  const { product, category, severity, tier, escalationCandidate, vehicleKind } = triageByDefault(request);
  return { product, category, severity, tier, escalationCandidate, vehicleKind };
};

describe('default triage rules', () => {
  it('given the shipped defaults, when validated by the tenant rules schema, then they are valid and end in fallbacks', () => {
    expect(triageRulesSchema.parse(defaultTriageRules())).toEqual(defaultTriageRules());
    const ids = defaultTriageRules().map((rule) => rule.id);
    expect(ids).toEqual(
      expect.arrayContaining(['product-fallback', 'category-fallback', 'severity-fallback', 'scope-fallback']),
    );
  });

  describe('defaultRules.json', () => {
    it('given the shipped file, when validated by the tenant rules schema, then it passes and is what triage uses', () => {
      const parsed = triageRulesSchema.safeParse(shippedRuleFile());
      expect(parsed.error).toBeUndefined();
      expect(parsed.data).toEqual(defaultTriageRules());
      expect(parseTriageRulesFile(shippedRuleFile(), defaultTriageRulesFile)).toEqual(defaultTriageRules());
    });

    it('given a corrupted copy, when validated at load, then it is rejected with an error naming the file, each bad rule and what is wrong', () => {
      const rules = shippedRuleFile();
      rules[4].set = { severity: 'Z' };
      rules[10].when = { keywords: { any: ['Exchange', 'Ex*change'] } };
      const load = () => parseTriageRulesFile(rules, 'corrupted.json');
      expect(load).toThrow(/^corrupted\.json is not a valid triage rule set:/);
      expect(load).toThrow(new RegExp(`rule 5 '${rules[4].id}' at set\\.severity: `));
      expect(load).toThrow(
        new RegExp(
          `rule 11 '${rules[10].id}' at when\\.keywords\\.any\\.1: '\\*' is only allowed at the start or end of a keyword`,
        ),
      );
    });

    it('given a copy in which two rules share an id, when validated at load, then the second one is named', () => {
      const rules = shippedRuleFile();
      rules[12].id = rules[11].id;
      expect(() => parseTriageRulesFile(rules, 'corrupted.json')).toThrow(
        `corrupted.json is not a valid triage rule set:\n  rule 13 '${rules[11].id}' at id: duplicate rule id '${rules[11].id}'`,
      );
    });

    it('given a file that is not a rule list, when validated at load, then the message says the rule set is wrong', () => {
      expect(() => parseTriageRulesFile({ rules: [] }, 'object.json')).toThrow(
        /^object\.json is not a valid triage rule set:\n {2}the rule set: /,
      );
    });

    it('given a corrupted defaultRules.json, when the default rules are first used, then that fails with the bad rule named', async () => {
      const rules = shippedRuleFile();
      rules[0].when.productIs = ['windows'];
      jest.doMock('../../../shared/domain/triage/defaultRules.json', () => rules);
      try {
        await jest.isolateModulesAsync(async () => {
          const loaded = await import('../../../shared/domain/triage/defaultRules');
          expect(() => loaded.defaultTriageRules()).toThrow(
            `${defaultTriageRulesFile} is not a valid triage rule set:\n  rule 1 '${rules[0].id}' at when.productIs.0: `,
          );
        });
      } finally {
        jest.dontMock('../../../shared/domain/triage/defaultRules.json');
      }
    });
  });

  describe('product', () => {
    it.each([
      ['Teams meetings freeze', 'microsoft365'],
      ['Exchange Online mailbox rules', 'microsoft365'],
      ['SharePoint-Seite lädt nicht', 'microsoft365'],
      ['Outlook fragt ständig nach dem Kennwort', 'microsoft365'],
      ['MFA für neues Handy', 'microsoft365'],
      ['Business Central Buchung', 'dynamics365'],
      ['Dynamics 365 Sales Pipeline', 'dynamics365'],
      ['Frage zu Dataverse Kapazität', 'dynamics365'],
      ['Azure Kosten', 'azure'],
      ['VM startet nicht', 'azure'],
      ['AKS node pool scaling', 'azure'],
      ['Storage account firewall', 'azure'],
      ['Speicherkonto voll', 'azure'],
      ['Entra ID sign-in logs', 'microsoft365'],
      ['Windows Server 2022 CALs für unser Rechenzentrum', 'other'],
      ['Surface Pro Garantie', 'other'],
      ['Allgemeine Frage', 'other'],
      ['Databricks cluster keeps running', 'azure'],
      ['Synapse pipeline failed overnight', 'azure'],
      ['Microsoft Sentinel incident queue empty', 'azure'],
      ['DevOps pipeline queued forever', 'azure'],
      ['OneNote Notizbuch fehlt', 'microsoft365'],
      ['Microsoft Forms survey closed early', 'microsoft365'],
    ])('given "%s", when triaged, then the product is %s', (title, product) => {
      expect(triageByDefault({ title, description: '' }).product).toBe(product);
    });

    it('given a Databricks cost alert sent from a phone, when triaged, then the mail app in the signature does not make it Microsoft 365', () => {
      const decision = triageByDefault({
        title: 'databricks cluster wont shut down',
        description:
          'budget alert: rg-analytics at 160%, the cluster is not auto terminating after jobs. can someone stop it\n\nSent from Outlook for Android',
      });
      expect(decision.product).toBe('azure');
    });

    it('given a question where invoices should be sent, with a mail disclaimer, when triaged, then no mail word makes it Microsoft 365', () => {
      const decision = triageByDefault({
        title: 'Invoices to accounts@ please',
        description:
          'Your invoices come to my personal email. Could you send them to accounts@hartley.example from now on?\n\nJo Hartley\nThis email and any attachments are confidential and intended solely for the addressee.',
      });
      expect({ product: decision.product, category: decision.category }).toEqual({
        product: 'other',
        category: 'billing',
      });
    });

    it.each([
      ['E-Mails an externe Empfänger kommen zurück', 'Seit heute kommen alle Mails an Kunden als unzustellbar zurück.'],
      ['emails missing', 'Emails from our biggest customer no longer arrive since this morning.'],
    ])(
      'given mail trouble that names no product ("%s"), when triaged, then it is Microsoft 365',
      (title, description) => {
        expect(triageByDefault({ title, description }).product).toBe('microsoft365');
      },
    );

    it.each([
      [
        'OneDrive file sync is stuck',
        'Since Monday the OneDrive file sync on my laptop is stuck at 0 %.',
        'microsoft365',
      ],
      ['DevOps engineer without mail', 'Our DevOps engineer cannot open Outlook since this morning.', 'microsoft365'],
      ['Whiteboard', 'The interactive whiteboard in meeting room 2 shows no picture.', 'other'],
    ])(
      'given "%s", which names an Azure or Microsoft 365 word in another sense, when triaged, then the product is %s',
      (title, description, product) => {
        expect(triageByDefault({ title, description }).product).toBe(product);
      },
    );

    it.each([
      [
        'Veeam backup fails',
        'Our Veeam backup job fails every night since Monday.\n\nMax Muster\nE-Mail: max@fabrikam.example',
      ],
      ['Google Workspace', 'Our Google Workspace mails are not arriving since this morning.'],
      ['Preisliste', 'Bitte senden Sie uns Ihre aktuelle Preisliste per E-Mail.'],
    ])(
      'given "%s", which speaks of mail but about no Microsoft product, when the rules triage it, then no rule makes it Microsoft 365',
      (title, description) => {
        expect(
          triage({ title, description }, defaultTriageRules(), unlimitedTriageBudget, { classifier: null }).product,
        ).toBe('other');
      },
    );

    it.each([
      [
        'Lexware Passwort vergessen',
        'Unsere Buchhalterin hat das Passwort für Lexware vergessen. Können Sie es zurücksetzen?',
      ],
      ['QNAP admin password', 'Nobody knows the admin password of our QNAP anymore. Can you unlock it?'],
      ['Fritzbox Kennwort', 'Das Kennwort der FRITZ!Box ist weg, wie kommen wir an die Oberfläche?'],
      ['Kalender im Zoom-Plugin', 'Das Zoom-Plugin zeigt den Kalender nicht mehr an, Meetings fehlen.'],
    ])(
      'given "%s", which names another vendor\'s product and words Microsoft 365 also uses (a password, a calendar), when triaged, then the product is other',
      (title, description) => {
        expect(triageByDefault({ title, description })).toMatchObject({
          product: 'other',
          decidedBy: { product: 'rule' },
        });
      },
    );

    it.each([
      ['Gäste-WLAN Passwort', 'Wie lautet das Passwort fürs Gäste-WLAN? Kunde sitzt hier.'],
      ['Router down', 'Our router has been down since 7am, nobody has Internet.'],
    ])(
      'given "%s", a network request that names no Microsoft 365 service, when triaged, then the product is other',
      (title, description) => {
        expect(triageByDefault({ title, description })).toMatchObject({
          product: 'other',
          decidedBy: { product: 'rule' },
        });
      },
    );

    it.each([
      [
        'Windows Server licences for a new host',
        'We are replacing our Hyper-V host with a 24-core server that will run 5 VMs. Standard or Datacenter?',
        'other',
      ],
      ['Hyper-V VMs nach Azure', 'Wir wollen unsere 6 Hyper-V VMs nach Azure migrieren. Wie gehen wir vor?', 'azure'],
      ['VM bootet nicht', 'Unsere VM in Azure West Europe bootet nicht mehr, Windows Server 2019.', 'azure'],
      [
        'ExpressRoute down',
        'Our ExpressRoute circuit shows BGP down since 9:00; traffic to the on-prem ERP fails over to VPN.',
        'azure',
      ],
    ])(
      'given "%s", which names virtual machines or an on-premises end of an Azure service, when triaged, then VMs on an on-premises host are other and Azure\'s are azure (%s)',
      (title, description, product) => {
        expect(triageByDefault({ title, description }).product).toBe(product);
      },
    );

    it.each([
      ['Wi-Fi drops in the meeting room', 'Every few minutes the laptops lose the Wi-Fi, so Teams calls cut off.'],
      ['WLAN im Lager weg', 'Seit heute früh kein WLAN im Lager, die Scanner und Outlook gehen nicht.'],
      ['Adobe Reader stürzt ab', 'Der Reader stürzt ab, sobald ich ein PDF aus Outlook öffne. Speichern geht.'],
      [
        'DATEV Anmeldung klappt nicht',
        'Seit dem Update kommt beim Start von DATEV ein Fehler, Excel-Export geht nicht.',
      ],
      ['Cancel 3 Zoom seats', 'We moved our meetings to Teams, so please cancel three of our Zoom licences.'],
      [
        'Windows Updates schlagen fehl',
        'Auf allen Clients schlagen die Windows Updates mit 0x800f0922 fehl, Outlook geht normal.',
      ],
      [
        'Zweiter Bildschirm bleibt schwarz',
        'Seit der neuen Dockingstation bleibt der zweite Monitor schwarz, Teams läuft.',
      ],
      ['Kartenterminals offline', 'In allen Filialen sind die Kartenterminals offline; Outlook und Teams gehen.'],
      ['Laptop extremely slow', 'My laptop takes ten minutes to start and Excel is sluggish. I can still work.'],
    ])(
      'given "%s", whose title names a device, network or other vendor and whose description names Microsoft 365 only as where it shows, when triaged, then the product is other',
      (title, description) => {
        expect(triageByDefault({ title, description })).toMatchObject({
          product: 'other',
          decidedBy: { product: 'rule' },
          matchedRuleIds: expect.arrayContaining(['product-other-device-in-title']),
        });
      },
    );

    it.each([
      ['Outlook crashes on my new laptop', 'Since the new laptop arrived Outlook crashes at start.'],
      [
        'Scan-to-Mail bei den Druckern geht nicht',
        'Die Drucker senden keine Scans mehr per SMTP an unsere Postfächer.',
      ],
      ['Laptop gestohlen', 'Der Laptop von Herrn Graf wurde gestohlen, bitte über Intune löschen und Outlook sperren.'],
      ['Umstieg von Google Workspace', 'Wir wollen von Gmail zu Exchange Online wechseln, 12 Postfächer.'],
      ['New laptop stuck at setup', 'Autopilot hangs at account setup on the new laptop for our new hire.'],
      [
        'AADSTS50076 on my private laptop',
        'Signing in to Outlook on the web from my private laptop fails with AADSTS50076.',
      ],
      ['Laptop: files not syncing', 'OneDrive sync is stuck on my laptop since yesterday.'],
      ['Notebook: Postausgang hängt', 'Im Outlook-Postausgang bleiben die Mails hängen.'],
      ['Laptop nach Kennwortänderung', 'Seit der Kennwortänderung fragen Teams und Outlook ständig nach dem Kennwort.'],
      ['Neuer Laptop für Frau Yilmaz', 'Bitte ein Microsoft 365 Konto anlegen und eine Lizenz zuweisen.'],
      ['Einladungen von Gmail-Nutzern landen im Junk', 'Die Einladungen landen in Exchange Online im Junk-Ordner.'],
    ])(
      'given "%s", whose title names Microsoft 365, mail, or whose request is device management, sign-in or a move to Microsoft 365, when triaged, then the product is microsoft365',
      (title, description) => {
        expect(triageByDefault({ title, description }).product).toBe('microsoft365');
      },
    );

    it.each([
      [
        'Hybrid mail flow stuck',
        'Since the certificate renewal on our Exchange 2019 server, mail flow from on-prem to EXO is queued.',
        'microsoft365',
      ],
      [
        'Frei/Gebucht geht nicht',
        'Zwischen unserem lokalen Exchange 2016 und der Cloud fehlen die Frei/Gebucht-Zeiten.',
        'microsoft365',
      ],
      [
        'dkim=fail since the DNS move',
        'DMARC reports show dkim=fail since our DNS moved to Cloudflare; mails to Gmail land in spam.',
        'microsoft365',
      ],
      [
        'Versand an Externe',
        'Seit heute erhalten wir Unzustellbarkeitsberichte mit 550 5.7.708 beim Versand nach außen.',
        'microsoft365',
      ],
      [
        'Exchange 2016 certificate expired',
        'Our Exchange 2016 on-prem server certificate expired today, no hybrid.',
        'other',
      ],
    ])(
      'given "%s", about mail flow between Exchange servers and Exchange Online, mail authentication or bounces, when triaged, then it is Microsoft 365 only where Exchange Online is part of it',
      (title, description, product) => {
        expect(triageByDefault({ title, description }).product).toBe(product);
      },
    );

    it.each([
      [
        'Approval flow stopped',
        'Our Power Automate approval flow for holiday requests sends no mails since Friday.',
        'microsoft365',
      ],
      [
        'Power Apps Premium nötig?',
        'Unsere Canvas-App liest nur SharePoint-Listen. Brauchen die Nutzer Power Apps Premium?',
        'microsoft365',
      ],
      [
        'Zeiterfassung steht',
        'Unsere Power App für die Zeiterfassung auf Dataverse lädt seit heute früh nicht.',
        'dynamics365',
      ],
      [
        'Freigabe-Flow bricht ab',
        'Der Power Automate Flow für Bestellfreigaben in Business Central bricht mit einem Fehler ab.',
        'dynamics365',
      ],
    ])(
      'given "%s", about Power Apps or Power Automate, when triaged, then it is Dynamics 365 only where Dynamics or Dataverse data is named',
      (title, description, product) => {
        expect(triageByDefault({ title, description }).product).toBe(product);
      },
    );

    it.each([
      [
        'Neues Handy – Authenticator weg',
        'Die Authenticator-App ist mit dem alten Handy weg, am Laptop komme ich nicht mehr rein.',
      ],
      ['Free/busy mit Google-Partner', 'Unser Partner nutzt Google Workspace und sieht unsere Verfügbarkeit nicht.'],
      ['FW: attachments arrive as winmail.dat', 'Our customer on Gmail only gets winmail.dat instead of our PDFs.'],
      [
        'Kopierer scannt nicht',
        'Der Kopierer schickt keine Scans mehr über smtp.office365.com, Authentifizierung fehlgeschlagen.',
      ],
    ])(
      'given "%s", a Microsoft 365 sign-in, calendar or mail matter that names a device or another vendor, when triaged, then it is Microsoft 365',
      (title, description) => {
        expect(triageByDefault({ title, description }).product).toBe('microsoft365');
      },
    );

    it('given a VPN outage filed as other whose home workers still use mail and Teams, when triaged, then it stays other', () => {
      expect(
        triageByDefault({
          title: 'VPN not connecting for home workers',
          description: 'FortiClient stops at 40 % for all home workers. They can still use email and Teams.',
          product: 'other',
        }).product,
      ).toBe('other');
    });

    it.each([
      [
        'Migration Batch hängt bei 95%',
        'Der Migration Batch von unserem on-prem Exchange 2016 zu Exchange Online hängt seit 2 Tagen.',
      ],
      [
        'Cloud PC provisioning failed',
        'Windows 365: Cloud PCs fail provisioning, the on-premises network connection check fails on DNS.',
      ],
    ])(
      'given "%s", a move to or a service of Microsoft 365 that names an on-premises end, when triaged, then it is Microsoft 365',
      (title, description) => {
        expect(triageByDefault({ title, description }).product).toBe('microsoft365');
      },
    );

    it('given Windows 365 Cloud PCs whose Azure network connection check fails, when triaged, then it is Microsoft 365', () => {
      expect(
        triageByDefault({
          title: 'Cloud PCs provisioning failed',
          description:
            'Windows 365: 5 Cloud PCs stuck at provisioning failed, the Azure network connection check fails on DNS.',
        }).product,
      ).toBe('microsoft365');
    });

    it('given a Universal Print printer, when triaged, then it is the Microsoft 365 service, not a printer vendor', () => {
      expect(
        triageByDefault({
          title: 'Universal Print printer offline',
          description: 'The Universal Print printer on the 2nd floor shows offline for everyone since this morning.',
        }).product,
      ).toBe('microsoft365');
    });

    it.each([
      [
        'Veeam backup of SharePoint',
        'Veeam Backup for Microsoft 365 cannot back up our SharePoint sites since Monday.',
      ],
      ['Outlook stürzt bei PDFs ab', 'Seit dem Acrobat-Update stürzt Outlook beim Öffnen von PDF-Anhängen ab.'],
      ['Export nach Excel', 'Sage 50 meldet beim Export nach Excel, Excel sei nicht installiert.'],
      ['DATEV-Anmeldung aus Outlook', 'Die DATEV-Anmeldung aus Outlook heraus schlägt seit heute fehl.'],
    ])(
      'given "%s", another vendor\'s product working in or with a Microsoft 365 app, when triaged, then the product is other: that product is what fails',
      (title, description) => {
        expect(triageByDefault({ title, description })).toMatchObject({
          product: 'other',
          matchedRuleIds: expect.arrayContaining(['product-other-vendor-in-microsoft365-app']),
        });
      },
    );

    it('given a move from another vendor to a Microsoft 365 app, when triaged, then it is Microsoft 365', () => {
      expect(
        triageByDefault({
          title: 'Replace Exclaimer',
          description: 'We want to replace Exclaimer with signatures managed in Outlook and Exchange Online.',
        }).product,
      ).toBe('microsoft365');
    });

    it('given a OneNote notebook missing on a new laptop, when triaged, then it is the Microsoft 365 app, not the device', () => {
      const decision = triageByDefault({
        title: 'My OneNote notebook vanished with the new laptop',
        description: 'I got my new laptop yesterday but my OneNote notebook is not there. Is it lost?',
      });
      expect(decision.product).toBe('microsoft365');
    });
  });

  describe('English and German requests', () => {
    it('given an English outage report, when triaged, then it is critical, tier 2 and a technical escalation candidate', () => {
      expect(
        outcome({
          title: 'Exchange Online down',
          description: 'Nobody can work: mail is down for the whole company since 8am. Please call back.',
        }),
      ).toEqual({
        product: 'microsoft365',
        category: 'technical',
        severity: 'A',
        tier: 'tier2',
        escalationCandidate: true,
        vehicleKind: 'technical',
      });
    });

    it('given a German invoice question, when triaged, then it is a minor billing matter for tier 1', () => {
      expect(
        outcome({
          title: 'Frage zur Rechnung',
          description: 'Auf der Rechnung für Juli steht eine Position für Azure, die wir nicht zuordnen können.',
        }),
      ).toMatchObject({ product: 'azure', category: 'billing', severity: 'C', tier: 'tier1', vehicleKind: null });
    });

    it.each([
      [
        'Oktober zweimal abgebucht',
        'Der Oktober-Betrag wurde zweimal von unserem Konto abgebucht. Bitte zurücküberweisen.',
      ],
      ['Rücküberweisung', 'Bitte um Rücküberweisung des doppelten Betrags vom 5. März.'],
      ['Doppelt eingezogen', 'Der Monatsbeitrag wurde am 3. und am 5. eingezogen.'],
    ])(
      'given "%s", a German payment request that names no invoice, when triaged, then it is billing',
      (title, description) => {
        expect(triageByDefault({ title, description }).category).toBe('billing');
      },
    );

    it.each([
      [
        'New Azure subscription for dev',
        'Please create a second Azure subscription for our test systems so their costs show separately on the invoice.',
      ],
      ['Ihr Adobe Acrobat Abonnement läuft ab', 'Bitte verlängern, die Rechnung soll wie immer an die Buchhaltung.'],
    ])(
      'given "%s", whose title names a subscription and whose description names its billing, when triaged, then it is a subscription matter',
      (title, description) => {
        expect(triageByDefault({ title, description }).category).toBe('subscription');
      },
    );

    it.each([
      ['Dataverse storage add-on', 'Please buy 10 GB additional Dataverse database capacity for us.'],
      [
        'Weitere Umgebung in Business Central',
        'Wir bitten um eine weitere Produktionsumgebung für unsere Tochter. Fallen Kosten an?',
      ],
      ['Defender add-on', 'We would like to buy Defender for Business for our 20 users.'],
      [
        'Upgrade for four people',
        'We want to upgrade 4 people from Business Basic to Standard. How much it costs more?',
      ],
    ])(
      'given "%s", an order to buy or add capacity, an environment or an add-on, when triaged, then it is a subscription change though it asks about costs',
      (title, description) => {
        expect(triageByDefault({ title, description }).category).toBe('subscription');
      },
    );

    it.each([
      ['Abo doppelt abgebucht', 'Das Abo wurde zweimal von der Kreditkarte abgebucht.'],
      ['Azure-Abonnement: Zahlung per Lastschrift', 'Bitte künftig per Lastschrift statt per Karte.'],
    ])(
      'given "%s", whose title names a subscription and a payment, when triaged, then it stays billing',
      (title, description) => {
        expect(triageByDefault({ title, description }).category).toBe('billing');
      },
    );

    it.each([
      [
        'Change of billing address',
        'Please use our new office address on invoices from December: Lindenstraße 14, München.',
        'billing',
      ],
      [
        'Charged twice?',
        "Looking at this month's card statement we were charged twice for the Teams calling plan, by mistake I guess.",
        'billing',
      ],
      [
        'WG: Rechnung Azure – Support-Plan?',
        'Haben wir so einen Support-Plan bestellt? Ich kann mich nicht erinnern.',
        'billing',
      ],
      [
        'Azure invoice by cost centre',
        'Our accountant wants the Azure invoice broken down by cost centre. Can you set that up?',
        'billing',
      ],
      [
        'Neue Bankverbindung',
        'Wir haben eine neue Bankverbindung, bitte ab nächstem Monat diese verwenden.',
        'billing',
      ],
      [
        'Billing',
        'Please send us the invoices for July to September again as PDF, our accountant cannot find them.',
        'billing',
      ],
      [
        'Service credit for the outage',
        'Exchange Online was down for five hours on 7 November. We request a service credit.',
        'billing',
      ],
      [
        'Word: Produkt deaktiviert',
        'Word öffnet alles schreibgeschützt, oben steht "Kontofehler: Produkt deaktiviert".',
        'licensing',
      ],
      ['Unassign E3 - leavers', 'Please unassign E3 from j.doe and k.moss, they left on Friday.', 'licensing'],
      [
        '2 Lizenzen weniger bitte',
        'Zwei Leute sind zum Monatsende weg. Bitte ab dann 2 Business Basic weniger abrechnen.',
        'subscription',
      ],
      [
        'Additional SharePoint storage',
        'Please order 100 GB of Office 365 Extra File Storage and tell us the monthly cost.',
        'subscription',
      ],
    ])(
      'given "%s", a commercial request in words the rules lacked, when triaged, then it is the category it is about',
      (title, description, category) => {
        expect(triageByDefault({ title, description }).category).toBe(category);
      },
    );

    it('given a how-to for a scaling plan that should save costs, when triaged, then it is technical', () => {
      expect(
        triageByDefault({
          title: 'AVD Scaling Plan – How-To?',
          description:
            'We want a scaling plan for our AVD host pool so the session hosts are switched off at night. What costs does it save?',
        }).category,
      ).toBe('technical');
    });

    it('given a charge after an upgrade, when triaged, then it stays billing', () => {
      expect(
        triageByDefault({
          title: 'Charged twice after the upgrade',
          description: 'We upgraded to Business Premium last month and were charged twice for October.',
        }).category,
      ).toBe('billing');
    });

    it('given a title that names an invoice for a subscription, when triaged, then it stays billing', () => {
      expect(
        triageByDefault({
          title: 'Two invoices for the same Azure subscription',
          description: 'We received two invoices for October for our only Azure subscription.',
        }).category,
      ).toBe('billing');
    });

    it('given a German subscription cancellation, when triaged, then it is a subscription change for tier 1', () => {
      expect(
        outcome({
          title: 'Abonnement kündigen',
          description: 'Wir möchten unser Microsoft 365 Abonnement zum Laufzeitende kündigen.',
        }),
      ).toMatchObject({ product: 'microsoft365', category: 'subscription', severity: 'C', tier: 'tier1' });
    });

    it('given an English licensing question, when triaged, then it is licensing for tier 1', () => {
      expect(
        outcome({ title: 'Which license for Power BI?', description: 'Do report viewers need a Pro license too?' }),
      ).toMatchObject({ product: 'microsoft365', category: 'licensing', severity: 'C', tier: 'tier1' });
    });

    it('given a German password reset, when triaged, then it is basic support', () => {
      expect(
        outcome({
          title: 'Passwort zurücksetzen',
          description: 'Bitte das Passwort von Frau Klein zurücksetzen, sie kann sich nicht mehr in Outlook anmelden.',
        }),
      ).toMatchObject({ product: 'microsoft365', category: 'technical', tier: 'tier1', escalationCandidate: false });
    });

    it('given German typed without umlauts, when triaged, then keywords written with umlauts still match', () => {
      const decision = triageByDefault({
        title: 'Teams Lizenzen kuendigen',
        description: 'Bitte zum Laufzeitende kundigen.',
      });
      expect(decision.category).toBe('subscription');
      expect(decision.explanation).toContainEqual(
        expect.objectContaining({ ruleId: 'category-subscription-change', field: 'category', applied: true }),
      );
    });

    it('given Azure consumption costs far above the usual, when triaged, then it is a billing matter of moderate impact', () => {
      const decision = triageByDefault({
        title: 'Azure Kosten explodiert',
        description: 'Die Azure-Kosten sind im Oktober auf 4.100 EUR gestiegen, sonst etwa 900 EUR. Bitte prüfen.',
      });
      expect(decision).toMatchObject({ product: 'azure', category: 'billing', severity: 'B' });
      expect(decision.explanation).toContainEqual(
        expect.objectContaining({ ruleId: 'severity-b-unexpected-cost', field: 'severity', applied: true }),
      );
    });

    it('given a one-off invoice error such as a duplicate charge, when triaged, then it stays a minor billing matter', () => {
      expect(
        outcome({
          title: 'Charged twice',
          description: 'Our card was charged twice for the November invoice. Please refund the duplicate payment.',
        }),
      ).toMatchObject({ category: 'billing', severity: 'C' });
    });

    it('given an order of more seats that names the invoice, when triaged, then the model reads a subscription change and overrules the billing words', () => {
      const decision = triageByDefault({
        title: 'Please add 10 Business Premium seats',
        description:
          'Hi, we need 10 more Business Premium licences from next month. Please put them on the usual monthly invoice.',
      });
      expect(decision).toMatchObject({ category: 'subscription', decidedBy: { category: 'model' } });
      expect(decision.explanation).toContainEqual(
        expect.objectContaining({ ruleId: 'category-billing', field: 'category', applied: false }),
      );
    });

    it('given invoice, charge and payment requests, when triaged, then they stay billing: the model agrees with the billing rule', () => {
      const requests: TriageRequest[] = [
        {
          title: 'Rechnung Oktober doppelt belastet',
          description: 'Die Rechnung für Oktober wurde zweimal von der Kreditkarte abgebucht. Bitte um Erstattung.',
        },
        {
          title: 'Why is the Azure invoice higher?',
          description: 'The Azure invoice for October is 30% higher than September, can you explain the charges?',
        },
        {
          title: 'VAT missing on invoice',
          description: 'Our invoice is missing the VAT ID, please send a corrected invoice.',
        },
        {
          title: 'Change payment method to SEPA',
          description: 'Please switch our payment from credit card to SEPA direct debit from next month.',
        },
        // Short or plain payment requests whose words the model barely knows: it leans towards technical (about 0.8
        // before reading a word), and that leaning alone does not overrule the billing rule.
        { title: 'Bitte neue Kreditkarte hinterlegen.', description: '' },
        { title: 'Wann kommt die Erstattung?', description: '' },
        {
          title: 'Payment failed',
          description:
            'We received an email that our payment failed. The card is valid. Can you check and retry the payment?',
        },
        {
          title: 'SEPA mandate',
          description: 'Please set up a SEPA direct debit mandate for our account, IBAN attached.',
        },
        { title: 'Zahlungsziel', description: 'Können wir ein Zahlungsziel von 30 Tagen statt 14 Tagen bekommen?' },
      ];
      for (const request of requests)
        expect(triageByDefault(request)).toMatchObject({ category: 'billing', decidedBy: { category: 'rule' } });
    });

    it('given a plan change no category rule recognises, when the model reads subscription with a probability below 0.9, then the model decides it', () => {
      const decision = triageByDefault({
        title: 'Exchange Plan 1 auf Business Standard',
        description: 'Wir möchten 8 Postfächer von Exchange Online Plan 1 auf Business Standard heben.',
      });
      expect(decision).toMatchObject({ category: 'subscription', decidedBy: { category: 'model' } });
      const reading = decision.explanation.find((entry) => entry.source === 'model' && entry.field === 'category');
      expect(reading?.confidence).toBeGreaterThanOrEqual(0.5);
      expect(reading?.confidence).toBeLessThan(0.9);
    });

    it('given a setup request that uses ordering words, when triaged, then the model overrules the subscription-change rule', () => {
      const decision = triageByDefault({
        title: 'Laptop setup',
        description: 'We ordered a laptop for a new starter, can you set up Outlook and Teams on it?',
      });
      expect(decision).toMatchObject({ category: 'technical', decidedBy: { category: 'model' } });
      expect(decision.explanation).toContainEqual(
        expect.objectContaining({ ruleId: 'category-subscription-change', field: 'category', applied: false }),
      );
    });

    it('given a licence question that uses ordering words, when triaged, then the licence-question rule decides before the subscription-change rule is tried', () => {
      const decision = triageByDefault({
        title: 'Welche Lizenz für Teams Telefonie?',
        description: 'Wir wollen Teams Phone bestellen – welche Lizenz brauchen die Nutzer dafür?',
      });
      expect(decision).toMatchObject({ category: 'licensing', decidedBy: { category: 'rule' } });
      const category = decision.explanation.filter((entry) => entry.field === 'category' && entry.applied);
      expect(category.map((entry) => entry.ruleId)).toEqual(['category-licensing-which-licence']);
    });

    it('given orders to add, cancel, upgrade or renew a subscription, when triaged, then they stay subscription: the model agrees with the rule', () => {
      const requests: TriageRequest[] = [
        { title: 'Cancel 5 E3 licences', description: 'Please cancel 5 of our Microsoft 365 E3 licences, staff left.' },
        {
          title: 'Upgrade to Business Premium',
          description: 'We want to upgrade our 20 Business Standard users to Business Premium.',
        },
        {
          title: 'Abo kündigen',
          description: 'Bitte kündigen Sie unser Dynamics 365 Sales Abo zum Ende der Laufzeit.',
        },
        {
          title: 'Renewal of our Azure reservation',
          description: 'Our 1-year VM reservation ends next month, please renew it for another year.',
        },
      ];
      for (const request of requests)
        expect(triageByDefault(request)).toMatchObject({ category: 'subscription', decidedBy: { category: 'rule' } });
    });

    // The broad commercial and technical keyword rules yield to the model at 0.7 (round 13 of issue 14): their words
    // also occur in requests about something else, which the model, trained on many writers, reads surely.
    it.each([
      [
        'a Teams Rooms device offline whose licence is assigned',
        {
          title: 'Meeting room display offline',
          description:
            "The Teams Rooms device in our meeting room shows offline since this morning's update. The resource account has its Teams Rooms Pro licence assigned; sign-in fails with 'account disabled'.",
        },
        'category-licensing',
        'technical',
      ],
      [
        'a password prompt whose writer wonders about the licence',
        {
          title: 'Outlook asks for password all the time',
          description:
            'Since yesterday Outlook keeps asking me for my password every few minutes. The web version works. Is something wrong with my licence?',
        },
        'category-licensing',
        'technical',
      ],
      [
        'a duplicate charge for a business app that "cannot be right"',
        {
          title: 'Business Central Essentials charged twice',
          description:
            'Hi, our June invoice charges Dynamics 365 Business Central Essentials twice for the same 8 users. That cannot be right, please credit the second line.',
        },
        'category-technical-business-app-fault',
        'billing',
      ],
      [
        "a business app's price the writer can't find",
        {
          title: "Can't find the price for Field Service",
          description:
            "I can't find the price for Dynamics 365 Field Service anywhere in your portal. What does it cost per user and month on an annual term?",
        },
        'category-technical-business-app-fault',
        'billing',
      ],
      [
        'a log ingestion fault that a budget alert revealed',
        {
          title: 'Budget alert: spend 5x normal',
          description:
            "The budget alert on our production subscription fired last night. Cost analysis shows the App Gateway WAF logs ingesting 300 GB a day since Tuesday's release; before it was 10 GB. Ingestion is failing for some tables too.",
        },
        'category-billing',
        'technical',
      ],
    ])(
      'given %s, when triaged, then the model surely reads another category and overrules the keyword rule',
      (_, request, ruleId, category) => {
        const decision = triageByDefault(request);
        expect(decision).toMatchObject({ category, decidedBy: { category: 'model' } });
        expect(decision.explanation).toContainEqual(
          expect.objectContaining({
            ruleId,
            field: 'category',
            applied: false,
            reason: expect.stringContaining('overruled'),
          }),
        );
      },
    );

    it.each([
      [
        // Not an activation error ("This copy of Office is not activated"): writers split on those, licence words or not.
        'an app crash whose writer says the licence is fine',
        {
          title: 'Outlook crashes when opening shared calendars',
          description:
            'Since Tuesday Outlook on the reception PC closes as soon as Maria opens one of the shared calendars. Her E3 licence is fine, the web version works.',
        },
      ],
      [
        'failing calls whose writer says the licences are correctly assigned',
        {
          title: 'Teams Telefonie: Anrufe ins Festnetz scheitern',
          description:
            'Ausgehende Anrufe ins Festnetz scheitern seit gestern. Lizenzen sind korrekt zugewiesen, die Nummern auch.',
        },
      ],
      [
        "another vendor's console whose licences are valid",
        {
          title: 'Sophos console shows clients offline',
          description:
            'In the Sophos Central console 9 of 40 clients show as not connected since the server restart yesterday. The licences are valid until next year.',
        },
      ],
    ])(
      'given %s, when triaged, then it is technical: a licence said to be in order is no licensing matter',
      (_, request) => {
        const decision = triageByDefault(request);
        expect(decision.category).toBe('technical');
        expect(decision.matchedRuleIds).not.toContain('category-licensing');
      },
    );

    it.each([
      [
        'a seat reduction from the next invoice',
        {
          title: 'Weniger Plätze',
          description: 'Bitte unser E3-Abonnement ab der nächsten Rechnung von 20 auf 15 Plätze reduzieren.',
          category: 'billing' as const,
        },
      ],
      [
        'a mistaken order to reduce before it is charged',
        {
          title: 'Ordered 15 Visio instead of 1',
          description:
            'I made a mistake in your order form this morning and ordered 15 Visio Plan 2 instead of 1. Please reduce it to 1 before we get charged for all of them.',
          category: 'billing' as const,
        },
      ],
    ])(
      'given %s filed as billing, when triaged, then the model reads a subscription change over the billing rule, which yields at 0.5',
      (_, request) => {
        const decision = triageByDefault(request);
        expect(decision).toMatchObject({ category: 'subscription', decidedBy: { category: 'model' } });
        const reading = decision.explanation.find((entry) => entry.source === 'model' && entry.field === 'category');
        expect(reading?.confidence).toBeGreaterThanOrEqual(0.5);
        expect(reading?.reason).toContain("rule 'category-billing' yields at 0.5");
      },
    );

    it('given a price question the customer filed as licensing, when triaged, then the model reads billing over the licensing rule that confirmed it', () => {
      const decision = triageByDefault({
        title: 'Preis Essentials vs Premium',
        description:
          'Was ist der monatliche Preisunterschied pro Benutzer zwischen Business Central Essentials und Premium bei Jahresbindung, 12 Benutzer?',
        category: 'licensing',
      });
      expect(decision).toMatchObject({ category: 'billing', decidedBy: { category: 'model' } });
    });

    it.each([
      [
        'a licence assignment',
        { title: 'Lizenz für neuen Mitarbeiter', description: 'Bitte Frau Köhler ab Montag eine E3 Lizenz zuweisen.' },
        'licensing',
      ],
      [
        'an unlicensed product message',
        {
          title: 'Lizenz wird nicht erkannt',
          description:
            "Word zeigt bei Frau Yilmaz 'Nicht lizenziertes Produkt', obwohl ihr Business Standard zugewiesen ist.",
        },
        'licensing',
      ],
      [
        'an order of one more licence',
        {
          title: 'Need one more licence',
          description: 'Please add one more Business Standard licence, new colleague starts Monday.',
        },
        'subscription',
      ],
    ])(
      'given %s, when triaged, then the yielding rule stands: the model does not read otherwise surely enough',
      (_, request, category) => {
        expect(triageByDefault(request)).toMatchObject({ category, decidedBy: { category: 'rule' } });
      },
    );

    it('given a disabled Azure subscription, when triaged, then it goes to tier 2 as a commercial escalation candidate', () => {
      expect(
        outcome({
          title: 'Azure subscription disabled',
          description: 'Our subscription was disabled although we paid. We cannot create anything.',
        }),
      ).toMatchObject({ product: 'azure', category: 'subscription', tier: 'tier2', vehicleKind: 'commercial' });
    });

    it('given an AKS fault, when triaged, then it goes beyond basic support', () => {
      expect(
        outcome({ title: 'AKS API server timeout', description: 'kubectl times out since 9:00, deployments fail.' }),
      ).toMatchObject({
        product: 'azure',
        category: 'technical',
        severity: 'B',
        tier: 'tier2',
        vehicleKind: 'technical',
      });
    });
  });

  describe('customer-given values', () => {
    it('given an outage that stops invoicing, filed as technical by the customer, when triaged, then it stays technical: an invoicing outage is no billing question', () => {
      const decision = triageByDefault({
        title: 'Production VM down',
        description: 'Our ERP VM does not boot since the platform update; the whole company cannot invoice.',
        product: 'azure',
        category: 'technical',
        severity: 'A',
      });
      expect(decision).toMatchObject({ product: 'azure', category: 'technical', severity: 'A' });
      expect(decision.decidedBy.category).toBe('customer');
    });

    it('given "Produktionsausfall" with customer severity C, when triaged, then severity is raised to A with the rule as reason', () => {
      const decision = triageByDefault({
        title: 'Produktionsausfall im Lager',
        description: 'Business Central reagiert nicht mehr.',
        severity: 'C',
      });
      expect(decision.severity).toBe('A');
      expect(decision.explanation).toContainEqual(
        expect.objectContaining({
          source: 'customer',
          field: 'severity',
          value: 'C',
          applied: false,
          reason: expect.stringContaining("by rule 'severity-a-critical-impact'"),
        }),
      );
    });

    it('given a how-to question the customer marked critical, when triaged, then severity is lowered to C with a reason', () => {
      const decision = triageByDefault({
        title: 'How do I create a shared mailbox?',
        description: 'Just need the steps, thanks.',
        severity: 'A',
      });
      expect(decision.severity).toBe('C');
      expect(decision.explanation).toContainEqual(
        expect.objectContaining({
          ruleId: 'severity-c-question-marked-critical',
          field: 'severity',
          value: 'C',
          applied: true,
        }),
      );
    });

    it('given a customer severity B on a plain question, when triaged, then the customer value is kept', () => {
      const decision = triageByDefault({
        title: 'Teams Frage',
        description: 'Wie kann ich einen Kanal anlegen?',
        severity: 'B',
      });
      expect(decision.severity).toBe('B');
      expect(decision.explanation).toContainEqual(
        expect.objectContaining({ source: 'customer', field: 'severity', applied: true }),
      );
    });

    it('given a clearly wrong customer product, when triaged, then it is corrected with a recorded reason', () => {
      const decision = triageByDefault({
        title: 'Resize VM',
        description: 'How do I resize our Azure VM to a bigger size?',
        product: 'microsoft365',
      });
      expect(decision.product).toBe('azure');
      expect(decision.explanation).toContainEqual(
        expect.objectContaining({
          ruleId: 'product-correct-to-azure',
          field: 'product',
          value: 'azure',
          applied: true,
        }),
      );
    });

    it.each([
      ['Gmail mails not arriving', 'Mails to our Gmail addresses from one supplier do not arrive since yesterday.'],
      [
        'Drucker Etage 2 klemmt',
        'The Brother printer on floor 2 jams on every second page. Please send someone and give us a word before you come.',
      ],
      ['Sophos Kalender-Sync', 'Die Sophos-Firewall blockiert den Kalender-Abgleich unserer Handys mit dem NAS.'],
    ])(
      'given "%s" filed as other, which names mail, a calendar or "a word" but no Microsoft 365 service, when triaged, then the customer-given other stays',
      (title, description) => {
        expect(triageByDefault({ title, description, product: 'other' })).toMatchObject({
          product: 'other',
          decidedBy: { product: 'customer' },
        });
      },
    );

    it('given a customer product that the text does not contradict, when triaged, then it is kept', () => {
      const decision = triageByDefault({
        title: 'Outlook add-in',
        description: 'The Dynamics 365 App for Outlook is blank.',
        product: 'dynamics365',
      });
      expect(decision.product).toBe('dynamics365');
    });
  });
  describe('business impact (severity)', () => {
    const severityRule = (request: TriageRequest) => {
      const decision = triageByDefault(request);
      const applied = decision.explanation.find((entry) => entry.field === 'severity' && entry.applied);
      return { severity: decision.severity, decidedBy: decision.decidedBy.severity, ruleId: applied?.ruleId ?? null };
    };

    it('given a user who typed a password into a phishing page, when triaged, then it is a security incident of critical impact', () => {
      expect(
        severityRule({
          title: 'Fake parcel mail',
          description: 'I clicked the link in a parcel notification and entered my password on the page that opened.',
        }),
      ).toEqual({ severity: 'A', decidedBy: 'rule', ruleId: 'severity-a-critical-impact' });
    });

    it('given malware found on laptops, when triaged, then it is a security incident of critical impact', () => {
      expect(
        severityRule({
          title: 'Defender meldet Trojaner',
          description: 'Auf zwei Notebooks im Einkauf wurde Malware gefunden.',
        }),
      ).toEqual({ severity: 'A', decidedBy: 'rule', ruleId: 'severity-a-critical-impact' });
    });

    it('given a web shop whose customers cannot order, when triaged, then the stopped business process is critical, unless it has a workaround', () => {
      expect(
        severityRule({
          title: 'Shop error page',
          description: 'Since 10:00 our web shop only shows an error page, customers cannot order.',
        }),
      ).toEqual({ severity: 'A', decidedBy: 'rule', ruleId: 'severity-a-business-process-down' });
      expect(
        severityRule({
          title: 'Kassen nehmen keine Karten',
          description: 'Die Kassen in der Filiale hängen bei Kartenzahlung, Kunden können nur bar zahlen.',
        }).severity,
      ).not.toBe('A');
    });

    it('given a subscription cancellation that says the product is no longer used, when triaged, then no fault rule raises it', () => {
      const decision = severityRule({
        title: 'Cancel Visio',
        description: 'Please cancel our Visio Plan 2 subscription at the end of the term; it is no longer used.',
      });
      expect(decision.severity).toBe('C');
      expect(decision.ruleId).not.toBe('severity-b-impaired-work');
    });

    it('given faults that name who is affected, a workaround or a test environment, when the rules alone triage them, then no keyword rule decides their severity: the model weighs that impact', () => {
      const faults = [
        {
          title: 'Calls drop',
          description: 'Teams calls drop after two minutes for our sales team, we use mobiles for now.',
        },
        { title: 'Excel stürzt ab', description: 'Excel stürzt beim Speichern ab, im Browser funktioniert es.' },
        { title: 'Fehler 500 in der Testumgebung', description: 'Seit dem Update zeigt die Web-App Fehler 500.' },
        { title: 'Kann mich nicht anmelden', description: 'Teams zeigt einen Fehler.' },
      ];
      faults.forEach((request) =>
        expect(
          triage(request, defaultTriageRules(), unlimitedTriageBudget, { classifier: null }).decidedBy.severity,
        ).toBe('fallback'),
      );
    });

    it('given an app that loads for nobody in the office, when triaged, then the widespread failure is critical', () => {
      expect(
        severityRule({ title: 'teams down', description: 'teams is not loading for anyone in the office' }),
      ).toEqual({ severity: 'A', decidedBy: 'rule', ruleId: 'severity-a-widespread-failure' });
    });

    it('given a failure for everyone at one branch who work on in the browser, when triaged, then no rule calls it critical', () => {
      const decision = severityRule({
        title: 'Outlook in der Filiale Graz',
        description:
          'In unserer Filiale in Graz zeigt Outlook bei allen Kolleginnen einen Fehler. Über den Browser kommen sie rein, damit arbeiten sie vorerst.',
      });
      expect(decision.ruleId).not.toBe('severity-a-widespread-failure');
      expect(decision.severity).not.toBe('A');
    });

    it('given one person whose expired password locks them out, when triaged, then the model reads a minimal-impact reset', () => {
      expect(
        severityRule({
          title: 'Passwort abgelaufen',
          description: 'Mein Passwort ist abgelaufen, ich kann mich nicht mehr anmelden.',
        }).severity,
      ).toBe('C');
    });

    it('given a fault that names neither who is affected nor a deadline, when the rules alone triage it, then no rule raises it', () => {
      const decision = triage(
        { title: 'Outlook Fehler', description: 'Outlook zeigt beim Öffnen von Anhängen einen Fehler.' },
        defaultTriageRules(),
        unlimitedTriageBudget,
        { classifier: null },
      );
      expect(decision).toMatchObject({ severity: 'C', decidedBy: { severity: 'fallback' } });
    });
  });

  describe('how-tos inside a business app', () => {
    it.each([
      [
        'Discount for customers who pay early?',
        'We want 2% off when customers pay within 10 days. Where do I set that up in Business Central so it shows on the sales invoices?',
      ],
      [
        'Skonto in BC',
        'Wo richte ich in Business Central Skonto für Zahlungen innerhalb von 10 Tagen ein, damit es auf den Rechnungen steht?',
      ],
      [
        'Einrichtung Mahnstufen in Business Central',
        'Wir möchten drei Mahnstufen mit Gebühren für offene Rechnungen hinterlegen. Können Sie uns die Schritte erläutern?',
      ],
      [
        'SEPA-Lastschrift in Business Central einrichten',
        'Wir wollen Kundenrechnungen künftig per Lastschrift einziehen. Fallen dafür Kosten an oder geht das mit unserer Lizenz?',
      ],
    ])('given "%s", when triaged, then it is a technical question about Business Central', (title, description) => {
      expect(triageByDefault({ title, description })).toMatchObject({ product: 'dynamics365', category: 'technical' });
    });

    it.each([
      [
        'Neues Logo auf Rechnungen',
        'Wir haben ein neues Firmenlogo, das soll auf unseren Rechnungen aus Business Central erscheinen statt dem alten. Wo stell ich das ein? In den Firmendaten wird es viel zu groß.',
        'category-technical-business-app-howto',
      ],
      [
        'Mahnvorschlag in BC erstellt keine Mahnungen',
        'Wenn ich in Business Central den Mahnvorschlag ausführe, kommt keine Mahnung heraus, obwohl 25 Rechnungen überfällig sind. Letzten Monat ging es noch.',
        'category-technical-business-app-fault',
      ],
    ])(
      'given "%s", said as people talk, when triaged, then a business-app rule reads it as technical',
      (title, description, ruleId) => {
        const decision = triageByDefault({ title, description });
        expect(decision).toMatchObject({ category: 'technical', decidedBy: { category: 'rule' } });
        const applied = decision.explanation.find((entry) => entry.field === 'category' && entry.applied);
        expect(applied?.ruleId).toBe(ruleId);
      },
    );
  });

  describe('commercial requests and licence questions', () => {
    const decided = (request: TriageRequest, field: 'category' | 'severity') => {
      const decision = triageByDefault(request);
      const applied = decision.explanation.find((entry) => entry.field === field && entry.applied);
      return { value: decision[field], ruleId: applied?.ruleId ?? null };
    };

    it('given an order of more licences, when triaged, then it is a subscription change by rule, of minimal impact', () => {
      const request = { title: 'New hires', description: 'Please add 5 Business Standard licences for our new hires.' };
      expect(decided(request, 'category')).toEqual({
        value: 'subscription',
        ruleId: 'category-subscription-more-licences',
      });
      expect(triageByDefault(request).severity).toBe('C');
    });

    it.each([
      [
        'a spare licence to give to a new starter',
        {
          title: 'E3 for new accountant',
          description:
            'new accountant (Tom Baker, t.baker@) starts on the 1st, pls give him one of the spare E3s. cheers',
        },
      ],
      [
        'a product a colleague should get from a spare plan',
        { title: 'project for anna', description: 'can anna.k get project? think we still have a spare plan 3' },
      ],
    ])('given %s, when triaged, then it is licensing: a licence to assign', (_, request) => {
      expect(decided(request, 'category')).toEqual({ value: 'licensing', ruleId: 'category-licensing' });
    });

    it('given a number port to Teams whose licences the customer already has, when triaged, then it is technical', () => {
      const decision = triageByDefault({
        title: 'Rufnummernportierung zu Teams',
        description:
          'Hallo, wir möchten unsere 15 Festnetznummern von der Telekom zu Teams Telefonie portieren. Wie läuft das ab und was brauchen Sie von uns? Die Teams-Phone-Lizenzen haben wir bereits.',
      });
      expect(decision.category).toBe('technical');
      expect(decision.matchedRuleIds).not.toContain('category-licensing');
    });

    it('given Dynamics 365 licences to give back for money after a project stopped, when triaged, then no business-app fault rule makes it technical', () => {
      const decision = triageByDefault({
        title: 'Give back Dynamics licences',
        description:
          'Hello, last month we bought 6 Dynamics 365 Sales Professional licences for a project that has now stopped. Can we give back the licences and get our money back?',
      });
      expect(decision.category).toBe('subscription');
      expect(decision.matchedRuleIds).not.toContain('category-technical-business-app-fault');
    });

    it('given a payment method to change for an Azure subscription, when triaged, then it is billing before the subscription-state words', () => {
      expect(
        decided(
          {
            title: 'Zahlungsmethode für Azure ändern',
            description:
              'Hallo, unsere Firmenkreditkarte ist abgelaufen. Wie ändern wir die Zahlungsmethode für unser Azure-Abonnement, damit nichts gesperrt wird?',
          },
          'category',
        ),
      ).toEqual({ value: 'billing', ruleId: 'category-billing-payment-failed' });
    });

    it.each([
      [
        'seats to upgrade to an edition called a version',
        {
          title: '4 Benutzer auf Version Premium upgraden',
          description:
            'Wir möchten 4 unserer Business Central Essentials Benutzer ab nächstem Monat auf Version Premium upgraden. Was müssen wir tun?',
        },
      ],
      [
        'mailboxes to upgrade to a plan called a version',
        {
          title: 'Upgrade two mailboxes to version Plan 2',
          description:
            'Please upgrade the mailboxes of our two directors from Exchange Online Plan 1 to version Plan 2, we need the larger archive.',
        },
      ],
    ])('given %s, when triaged, then it is a subscription change, not a software version upgrade', (_, request) => {
      const decision = triageByDefault(request);
      expect(decision.category).toBe('subscription');
      expect(decision.matchedRuleIds).not.toContain('category-technical-version-upgrade');
    });

    it.each([
      [
        'an expired smart card',
        {
          title: 'Smart card expired, cannot log on',
          description:
            'The smart card certificate for my Windows logon expired this morning and now I cannot log on to my laptop.',
        },
      ],
      [
        "a payment method field in a customer's own app",
        {
          title: 'Feld Zahlungsmethode lässt sich nicht ändern',
          description:
            'In unserer Power App auf Dataverse lässt sich das Feld Zahlungsmethode bei Kunden seit gestern nicht mehr ändern, es bleibt grau.',
        },
      ],
    ])('given %s, when triaged, then it is technical: no payment to the partner is meant', (_, request) => {
      const decision = triageByDefault(request);
      expect(decision.category).toBe('technical');
      expect(decision.matchedRuleIds).not.toContain('category-billing-payment-failed');
    });

    it('given a subscription disabled after a failed payment, when triaged, then it stays a subscription matter', () => {
      expect(
        decided(
          {
            title: 'Azure subscription disabled',
            description:
              'Our Azure subscription is disabled since this morning and the VMs are stopped. We think the card payment failed last week.',
          },
          'category',
        ),
      ).toEqual({ value: 'subscription', ruleId: 'category-subscription-state' });
    });

    it('given a disabled subscription, when triaged, then the commercial-request rule does not lower it', () => {
      const decision = triageByDefault({
        title: 'Azure subscription disabled',
        description: 'Our Azure subscription shows Disabled since this morning, all VMs are stopped.',
      });
      expect(decision.category).toBe('subscription');
      expect(decision.severity).not.toBe('C');
      expect(decision.matchedRuleIds).not.toContain('severity-c-commercial-request');
    });

    it('given a licence question that says "oder", when triaged, then it is licensing, not an order', () => {
      expect(
        decided(
          {
            title: 'F1 oder F3?',
            description: 'Unsere Lagerleute brauchen nur Teams auf dem Handy. Reicht F1 oder brauchen sie F3?',
          },
          'category',
        ),
      ).toEqual({ value: 'licensing', ruleId: 'category-licensing-which-licence' });
    });

    it('given a question whether a plan includes an app, when triaged, then it is licensing even though it names an extra licence', () => {
      expect(
        decided(
          {
            title: 'Visio dabei?',
            description: 'Ist Visio bei Business Standard mit drin oder brauche ich eine extra Lizenz?',
          },
          'category',
        ),
      ).toEqual({ value: 'licensing', ruleId: 'category-licensing-which-licence' });
    });

    it('given a request to reduce licences, when triaged, then the licence-question rule leaves it a subscription change', () => {
      expect(
        decided(
          { title: 'Fewer seats', description: 'Do we need all 20 E3 licences? Please reduce them to 15 at renewal.' },
          'category',
        ).value,
      ).toBe('subscription');
    });

    it('given a mail forwarding rule nobody created that moves invoices out, when triaged, then it is a technical security matter', () => {
      expect(
        decided(
          {
            title: 'Weiterleitungsregel',
            description:
              'Eine Regel leitet alle Mails mit Rechnung im Betreff an eine externe Adresse weiter. Die Weiterleitungsregel hat keiner von uns angelegt.',
          },
          'category',
        ),
      ).toEqual({ value: 'technical', ruleId: 'category-technical-fault-with-billing-words' });
    });

    it.each([
      [
        'Renew client secret',
        'The client secret of our app registration for the HR sync expires on Friday. How do we renew it?',
      ],
      ['Renew DKIM keys', 'How do we renew (rotate) the DKIM keys for our domain in Exchange Online?'],
      ['Upgrade Entra Connect', 'Entra Connect on our DC is version 2.1, please upgrade it to the current version.'],
      ['Downgrade VM size', 'Can you downgrade our VM APP02 from D8s to D4s over the weekend?'],
      ['Reduce OS disk size', 'Can we reduce the OS disk of VM APP03 from 256 to 128 GB?'],
      ['Log Analytics retention', 'Please reduce the retention of our Log Analytics workspace to 30 days.'],
      ['BC Upgrade auf Version 24', 'Wann wird unser Business Central auf Version 24 upgegradet?'],
      ['Teams upgrade policy', 'How do I set the Teams upgrade policy so users only get the new Teams client?'],
    ])(
      'given "%s", which renews, upgrades or reduces a technical object, when triaged, then no subscription-change rule decides it',
      (title, description) => {
        const decision = decided({ title, description }, 'category');
        expect(decision.ruleId).not.toBe('category-subscription-change');
        expect(decision.value).not.toBe('subscription');
      },
    );

    it.each([
      ['Cancel 5 E3', 'Hi, please cancel 5 of our Office 365 E3 as of the next renewal, we are down to 40 staff.'],
      ['Cancel Defender for Business', 'We no longer need Defender for Business, please cancel it at term end.'],
      ['Defender kündigen', 'Bitte Defender for Business zum Laufzeitende kündigen, wir nutzen es nicht mehr.'],
    ])(
      'given the cancellation "%s", which names a security product or says "down", when triaged, then it is a subscription change, not a fault',
      (title, description) => {
        expect(decided({ title, description }, 'category').value).toBe('subscription');
      },
    );

    it('given a charge for something never ordered that calls itself a problem, when triaged, then it is billing, not a fault', () => {
      expect(
        decided(
          {
            title: 'Falsch belastet',
            description:
              'Problem: Uns werden seit zwei Monaten 4x Project Plan 3 belastet, die wir nie bestellt haben. Bitte klären und gutschreiben.',
          },
          'category',
        ).value,
      ).toBe('billing');
    });

    it.each([
      [
        'Downgrade E5',
        'The E5 trial did not work out for us, the Defender portal is too much. Please downgrade us to E3 at renewal.',
      ],
      [
        'Fewer licences',
        'Two colleagues left. Please reduce our Business Standard licences from 12 to 10; their accounts can stay unlicensed.',
      ],
    ])(
      'given "%s", a subscription change that names a security product or unlicensed users, when triaged, then it is a subscription change',
      (title, description) => {
        expect(decided({ title, description }, 'category').value).toBe('subscription');
      },
    );

    it('given a payroll server that will not start, when triaged, then the payroll words do not make it billing', () => {
      expect(
        decided(
          {
            title: 'Lohnserver',
            description: 'Der Server mit der Lohnabrechnung startet nicht, die Abrechnung muss morgen zur Bank.',
          },
          'category',
        ).value,
      ).toBe('technical');
    });
  });

  describe('customer-given category as a hint', () => {
    it('given a how-to about payment methods inside Business Central filed as technical, when triaged, then it stays technical', () => {
      const decision = triageByDefault({
        title: 'Zahlungsmethode in Business Central',
        description: 'How do I add a new payment method for our vendors in Business Central?',
        category: 'technical',
      });
      expect(decision.category).toBe('technical');
    });

    it('given a billing fault filed as technical, when triaged, then it stays technical', () => {
      const decision = triageByDefault({
        title: 'Invoice run fails',
        description:
          'Our invoice run fails with an error since the update, the invoices to our customers cannot go out.',
        category: 'technical',
      });
      expect(decision.category).toBe('technical');
    });

    it('given a subscription change filed as billing, when triaged, then it is a subscription change', () => {
      const decision = triageByDefault({
        title: 'Abo',
        description: 'Bitte unser Microsoft 365 Abonnement von monatlicher auf jährliche Laufzeit umstellen.',
        category: 'billing',
      });
      expect(decision.category).toBe('subscription');
      expect(decision.explanation).toContainEqual(
        expect.objectContaining({
          ruleId: 'category-subscription-in-title',
          field: 'category',
          value: 'subscription',
          applied: true,
        }),
      );
    });
  });

  describe('round 9: product and category boundaries', () => {
    it.each([
      [
        'ESXi',
        'Unser ESXi-Host mit dem Fileserver und der Warenwirtschafts-VM startet nach dem Stromausfall nicht mehr.',
      ],
      [
        'vCenter down',
        'vCenter is unreachable and two VMs on the vSphere cluster are frozen since the storage firmware update.',
      ],
    ])('given "%s", a VMware host or its VMs, when triaged, then it is other, not Azure', (title, description) => {
      expect(triageByDefault({ title, description }).product).toBe('other');
    });

    it('given a network outage filed as other that lists Outlook and Teams among what stopped, when triaged, then the customer-given other stands', () => {
      const decision = triageByDefault({
        title: 'No internet',
        description:
          'The router shows a red light since 8:00, no internet in the whole office, so no Outlook and no Teams.',
        product: 'other',
      });
      expect(decision.product).toBe('other');
    });

    it.each([
      [
        'E5 trial',
        'We would like to trial Microsoft 365 E5 for our IT team to test the Defender features before we upgrade.',
      ],
      ['Testversion', 'Können Sie uns eine Testversion von Defender for Business für 10 Benutzer einrichten?'],
    ])(
      'given "%s", a trial that names a security product, when triaged, then it is a subscription matter',
      (title, description) => {
        expect(triageByDefault({ title, description }).category).toBe('subscription');
      },
    );

    it('given a trial run of a migration that fails, when triaged, then it stays technical', () => {
      const decision = triageByDefault({
        title: 'Migration test',
        description: 'A trial run of our mailbox migration batch failed with an error for 3 of 5 test users.',
      });
      expect(decision.category).toBe('technical');
    });

    it('given a plan upgrade for the security features it brings, when triaged, then it is a subscription change, not a security fault', () => {
      const decision = triageByDefault({
        title: 'Upgrade',
        description:
          'Please upgrade our 20 users from Business Standard to Business Premium, we want Intune and Defender.',
      });
      expect(decision.category).toBe('subscription');
    });

    it('given a DKIM activation question, when triaged, then the word "Aktivierung" does not make it licensing', () => {
      const decision = triageByDefault({
        title: 'DKIM',
        description:
          'Die DKIM-Aktivierung für unsere zweite Domain meldet, dass der CNAME fehlt. Welche Einträge brauchen wir?',
      });
      expect(decision.category).toBe('technical');
    });

    it('given Windows that says it is not activated, when triaged, then it is licensing', () => {
      const decision = triageByDefault({
        title: 'Windows',
        description: 'Auf dem neuen Laptop steht seit heute "Windows ist nicht aktiviert". Was müssen wir tun?',
      });
      expect(decision.category).toBe('licensing');
    });

    it.each([
      [
        'Ballpark',
        'We plan to move our archive to Azure Blob storage, about 4 TB. What is the cost per month roughly?',
      ],
      [
        'Monthly or annual',
        'Short question: how much less per user is paying annual vs monthly? We might switch at the next renewal.',
      ],
    ])('given "%s", a price question, when triaged, then it is billing', (title, description) => {
      expect(triageByDefault({ title, description }).category).toBe('billing');
    });
  });

  describe('round 9: commercial requests with fault words, and faults with commercial words', () => {
    it.each([
      [
        'Invoice currency',
        'Our March invoice for Microsoft 365 came in USD; our bookkeeping cannot process it. Please reissue it in EUR.',
      ],
      [
        'Rechnung in falscher Währung',
        'Die Rechnung kam in CHF statt in EUR, unsere Buchhaltung kann sie so nicht verbuchen. Bitte neu ausstellen.',
      ],
    ])(
      'given "%s", an invoice to reissue that says it cannot be processed, when triaged, then it is billing',
      (title, description) => {
        expect(triageByDefault({ title, description }).category).toBe('billing');
      },
    );

    it.each([
      [
        'Pipeline',
        'Deployments fail: the client secret of the service connection for our prod subscription has expired.',
      ],
      ['Scanner', 'The copier cannot send scans any more; the error says SMTP AUTH is disabled for the tenant.'],
    ])(
      'given "%s", an expired or disabled technical object next to a subscription or tenant, when triaged, then it is technical',
      (title, description) => {
        expect(triageByDefault({ title, description }).category).toBe('technical');
      },
    );

    it('given a VM in a named subscription that will not start, filed as technical, when triaged, then it stays technical', () => {
      const decision = triageByDefault({
        title: 'VM down',
        description: 'Our ERP VM in the production subscription fails to start with AllocationFailed since Monday.',
        category: 'technical',
      });
      expect(decision.category).toBe('technical');
    });

    it('given an order of additional licences that says the customer assigns them, filed as subscription, when triaged, then it stays a subscription change', () => {
      const decision = triageByDefault({
        title: 'Lizenzen',
        description: 'Bitte 4 weitere Business Premium Lizenzen bestellen, das Zuweisen machen wir selbst.',
        category: 'subscription',
      });
      expect(decision.category).toBe('subscription');
    });
  });

  describe('round 10: Azure developer services, Power BI gateways and commercial Azure actions', () => {
    it.each([
      [
        'Pipeline',
        'Release pipelines in Azure DevOps fail: AADSTS7000215 invalid client secret for the service connection.',
      ],
      ['Key Vault', "Our web app's managed identity gets 403 from Key Vault kv-prod-crm since we switched it to RBAC."],
    ])(
      'given "%s", an Azure developer service with a sign-in error or a resource name that looks like another product, when triaged, then it is Azure',
      (title, description) => {
        expect(triageByDefault({ title, description }).product).toBe('azure');
      },
    );

    it('given a Power BI refresh that fails at the on-premises data gateway, when triaged, then it is Microsoft 365', () => {
      const decision = triageByDefault({
        title: 'Bericht',
        description:
          "Der Power BI Bericht aktualisiert nicht: 'Das On-Premises-Datengateway ist offline'. Der Server läuft.",
      });
      expect(decision.product).toBe('microsoft365');
    });

    it.each([
      [
        'Gäste',
        "We're going to invite about 30 people from our subcontractors as guests into a Teams team. Do they need any licence from us? Does MFA need anything extra per guest?\nThanks\nHannah Price, Project Coordinator",
      ],
      [
        'Keine Lizenz',
        'Teams meldet bei der neuen Kollegin "keine Lizenz", obwohl Business Standard zugewiesen ist. Muss man noch etwas extra anhaken?',
      ],
    ])(
      'given "%s", a licence question that says "need any" or "keine Lizenz", when triaged, then it is licensing, not an order',
      (title, description) => {
        expect(triageByDefault({ title, description }).category).toBe('licensing');
      },
    );

    it('given a pay-as-you-go subscription to move under the partner, which names its card billing, when triaged, then it is a subscription matter', () => {
      const decision = triageByDefault({
        title: 'PAYG to CSP',
        description:
          'Our Azure pay-as-you-go subscription is billed to a credit card by Microsoft. Please take it over under your CSP, so we get one invoice.',
      });
      expect(decision.category).toBe('subscription');
    });

    it('given a posting in Business Central that is locked, when triaged, then it is a technical fault, not billing', () => {
      const decision = triageByDefault({
        title: 'Einkaufsrechnung',
        description:
          'Beim Buchen einer Einkaufsrechnung in Business Central kommt: "Dimension KOSTENSTELLE 4100 ist gesperrt." Die Rechnung muss heute noch gebucht werden wegen Skonto.',
      });
      expect(decision).toMatchObject({ product: 'dynamics365', category: 'technical' });
    });
  });

  describe('round 12: licence questions before order words, and orders that say how they are invoiced', () => {
    const categoryRule = (title: string, description: string) => {
      const decision = triageByDefault({ title, description });
      const applied = decision.explanation.find((entry) => entry.field === 'category' && entry.applied);
      return { category: decision.category, ruleId: applied?.ruleId ?? null };
    };

    it.each([
      [
        'ESU for the old file server',
        'Our last Windows Server 2012 R2 box still runs the label software. Do we need to buy Extended Security Updates for it?',
      ],
      [
        'Upgrade wegen Intune?',
        'Wir überlegen das Upgrade auf Business Premium. Ist Intune dann enthalten, oder brauchen wir das extra?',
      ],
      [
        'Archiv voll',
        'Two mailboxes are nearly full. Is an online archive included in Business Standard, or do we need to purchase Exchange Online Archiving?',
      ],
    ])(
      'given "%s", a question whether a licence is needed or included that names buying or upgrading, when triaged, then it is licensing',
      (title, description) => {
        expect(triageByDefault({ title, description }).category).toBe('licensing');
      },
    );

    it.each([
      [
        'Upgrade BC',
        'Für die Fertigung brauchen wir ja Premium statt Essentials. Bitte upgrade unsere 6 Full User auf Premium.',
      ],
      [
        'Switch at renewal',
        'Our consultant says Business Premium is enough for us. Please switch our 40 E3 to Business Premium at the renewal; umstellen bitte zum Stichtag.',
      ],
    ])(
      'given "%s", an order that says what is needed, when triaged, then it stays a subscription change',
      (title, description) => {
        expect(triageByDefault({ title, description }).category).toBe('subscription');
      },
    );

    it.each([
      [
        'Visio Plan 2',
        'Bitte bestellen Sie 3 Lizenzen Visio Plan 2 für die Konstruktion. Die Rechnung bitte wie immer an die Buchhaltung.',
      ],
      [
        'Reservation for our SQL VM',
        'We would like to buy a 1-year reservation for our SQL VM in West Europe. Monthly payment would suit us better than paying upfront.',
      ],
      [
        'SQL Server Standard',
        'Bitte bestellt uns 2 weitere 2-Core-Packs SQL Server 2022 Standard für den neuen Host im Keller. Invoice to our Zurich entity.',
      ],
    ])(
      'given "%s", an order that names how it is to be invoiced, when triaged, then it is a subscription change, not billing',
      (title, description) => {
        expect(triageByDefault({ title, description }).category).toBe('subscription');
      },
    );

    it.each([
      [
        'Gutschrift',
        'Wir haben letzte Woche versehentlich 5 Lizenzen Business Premium bestellt. Bitte stornieren und eine Gutschrift auf die nächste Rechnung.',
      ],
      [
        'Credit missing',
        'The credit for the licences we cancelled in October is not included on the November invoice. Please check.',
      ],
      ['Copilot price', 'Was kostet Copilot pro Benutzer und Monat, und muss man das für ein Jahr abschließen?'],
    ])(
      'given "%s", a credit, a refund or a price question, when triaged, then it stays billing',
      (title, description) => {
        expect(triageByDefault({ title, description }).category).toBe('billing');
      },
    );

    it.each([
      [
        'Gutschrift zu gebuchter Rechnung',
        'Wie mache ich in Business Central eine Gutschrift zu einer schon gebuchten Verkaufsrechnung, die mit ihr verknüpft ist? Der Kunde hat 2 Kartons weniger bekommen.',
      ],
      [
        'Refund to a customer in BC',
        'A customer paid invoice SI-1043 twice, so Business Central shows a credit on the customer ledger. How do I post the refund back to the customer?',
      ],
    ])(
      'given "%s", how to post or correct an entry in Business Central with credit or refund words, when triaged, then it is technical',
      (title, description) => {
        expect(triageByDefault({ title, description })).toMatchObject({
          product: 'dynamics365',
          category: 'technical',
        });
      },
    );

    it('given a credit asked of the partner for Business Central licences, when triaged, then it stays billing', () => {
      const decision = triageByDefault({
        title: 'Gutschrift BC',
        description:
          'Wie können wir eine Gutschrift für die zwei Business Central Lizenzen bekommen, die Sie uns im März doppelt berechnet haben?',
      });
      expect(decision.category).toBe('billing');
    });

    it.each([
      [
        'Wartungsvertrag',
        'Wir wollen unseren Wartungsvertrag ab nächstem Monat auf Premium upgraden. Bitte kurz bestätigen.',
        'category-subscription-change',
      ],
      [
        'Exchange Plan 1',
        'Kategorie: Lizenzen. Bitte Exchange Online Plan 1 von 5 auf 8 erhöhen.',
        'category-subscription-more-licences',
      ],
    ])(
      'given "%s", an upgrade or an increase said in German, when triaged, then a rule reads it as a subscription change',
      (title, description, ruleId) => {
        expect(categoryRule(title, description)).toEqual({ category: 'subscription', ruleId });
      },
    );

    it('given a licence question that asks what is sufficient, when triaged, then the licence-question rule decides licensing', () => {
      expect(
        categoryRule(
          'Defender for Endpoint',
          'Wir haben Microsoft 365 E3. Ist ein Add-on für Defender for Endpoint P2 ausreichend oder ist ein Wechsel auf E5 nötig?',
        ),
      ).toEqual({ category: 'licensing', ruleId: 'category-licensing-which-licence' });
    });

    it('given how to write off a payment difference in Business Central, when triaged, then the posting rule decides technical', () => {
      expect(
        categoryRule(
          'Cent-Differenzen',
          'Beim Zahlungsausgleich in Business Central bleiben bei Kreditoren in USD oft 1 Cent offen. Wie buche ich das aus, oder kann man eine Toleranz einstellen?',
        ),
      ).toEqual({ category: 'technical', ruleId: 'category-technical-business-app-posting' });
    });

    it('given a static IP address to reserve for an Azure VM, when triaged, then it is technical, not an order', () => {
      const decision = triageByDefault({
        title: 'Feste IP',
        description:
          'Wie können wir für unsere Azure-VM eine feste öffentliche IP-Adresse reservieren? Ein Lieferant will sie freigeben.',
      });
      expect(decision.category).toBe('technical');
    });

    it.each([
      [
        'Mahnung trotz Zahlung',
        'Wir haben heute eine Mahnung für Rechnung RE-2024-0415 bekommen, die haben wir am 3. schon überwiesen, der Beleg hängt an. Bitte die Mahnung stornieren.',
        'billing',
      ],
      [
        'Preis BC Premium',
        'Was kostet Business Central Premium pro Benutzer im Vergleich zu Essentials? Wir wollen erst budgetieren und noch nicht bestellen.',
        'billing',
      ],
      ['on-site rates', 'What is your hourly rate for on-site support next year? I need it for the budget.', 'billing'],
      [
        'Licensed correctly?',
        'Before our renewal in March we want to be sure we are correctly licensed: 6 of our 15 Customer Service users only read cases.',
        'licensing',
      ],
      [
        'Acrobat for the new receptionist',
        'Our old receptionist left. Can we move her Acrobat Pro licence to the new one, or do we have to buy a new one?',
        'licensing',
      ],
      [
        '10 more CALs',
        'Ten new staff start in January. Please order 10 more Windows Server 2022 user CALs for our domain.',
        'subscription',
      ],
    ])(
      'given "%s", when triaged, then its category is the one the label guide gives',
      (title, description, category) => {
        expect(triageByDefault({ title, description }).category).toBe(category);
      },
    );

    it.each([
      [
        'FW: booking engine down',
        'Guests phone us that the booking widget on our hotel website never shows availability. We are losing direct bookings every hour.',
        'other',
      ],
      [
        'Störung Internetanschluss',
        'Seit 7 Uhr ist das Internet weg, kein Outlook, kein Teams, nichts. Die Fritzbox zeigt keine Verbindung.',
        'other',
      ],
      ['Bookings page', 'How do I add a 15-minute call to our Bookings page?', 'microsoft365'],
    ])('given "%s", when triaged, then its product is the one the label guide gives', (title, description, product) => {
      expect(triageByDefault({ title, description }).product).toBe(product);
    });

    it.each([
      [
        'Production orders missing',
        'Searching for "Production Orders" in Business Central gives "This page is not available in your license".',
      ],
      ['Visio', 'Visio opens with "Your account doesn\'t have a license for Visio" for our new planner.'],
    ])(
      'given "%s", a licence fault said as the app says it, filed as technical, when triaged, then it is licensing',
      (title, description) => {
        expect(triageByDefault({ title, description, category: 'technical' }).category).toBe('licensing');
      },
    );

    it('given a question whether a plan includes something, when triaged, then the licence-question rule decides licensing', () => {
      expect(
        categoryRule(
          'Premium vs Standard',
          'We are 30 users on Business Standard. Does Business Premium include Intune, and would we upgrade everyone?',
        ),
      ).toEqual({ category: 'licensing', ruleId: 'category-licensing-which-licence' });
    });

    it.each([
      [
        'credit for outage?',
        'Exchange Online was down for about 5 hours on Monday. Do we get any credit for that?',
        'billing',
      ],
      [
        'New workshop',
        'We bought a small workshop down the road and need Business Central Premium instead of Essentials for production orders. Please upgrade our 7 users.',
        'subscription',
      ],
      [
        'weird mail',
        'got a weird email with an attachment invoice_0412.zip from someone i dont know. didnt open it, what do i do',
        'technical',
      ],
      [
        'Gutschr. fehlt',
        'Die zugesagte Gutschr. für die 2 gekündigten User ist auf der aktuellen Rechnung nicht drauf.',
        'billing',
      ],
      [
        'Wartungsvertrag',
        'Wir müssen sparen und möchten unseren Wartungsvertrag ab dem nächsten Quartal vom Paket Komfort auf Basis umstellen.',
        'subscription',
      ],
      ['add BC user', 'pls add 1 more BC Essentials user, new accountant starts on the 1st', 'subscription'],
    ])(
      'given the terse or chatty "%s", when triaged, then its category is the one the label guide gives',
      (title, description, category) => {
        expect(triageByDefault({ title, description }).category).toBe(category);
      },
    );

    it.each([
      ['SPO Ordner weg', "Der Ordner 'Projekte 2024' auf der SPO Seite Technik ist weg. Bitte wiederherstellen!"],
      ['pw vergessen', 'hab mein pw vergessen nach dem urlaub, bitte zurücksetzen thx'],
      ['Freigabe geht nicht', "Beim Link an einen Kunden kommt 'Externe Freigabe für diese Website deaktiviert'."],
    ])(
      'given the short "%s", which names a Microsoft 365 service by an abbreviation or its message, when triaged, then it is Microsoft 365',
      (title, description) => {
        expect(triageByDefault({ title, description }).product).toBe('microsoft365');
      },
    );

    it.each([
      [
        'RANSOMWARE on file server',
        'Files on our file server FS01 (Windows Server 2016, in our server room) are renamed to .lockbit. Microsoft 365 and Teams still work.',
        'other',
      ],
      [
        'SQL Server licences',
        'Our new ERP server (physical, in the server room, 2 CPUs with 8 cores) gets SQL Server 2022 Standard. We also have an Azure subscription with you. How many core licences do we need?',
        'other',
      ],
      [
        'ESU über Azure Arc',
        'Unser Windows Server 2012 R2 steht im Keller. Können wir die ESU über Azure Arc beziehen?',
        'azure',
      ],
      [
        'File server to SharePoint',
        'Our old Windows Server 2012 file server in the basement should go. Please plan the migration to SharePoint Online.',
        'microsoft365',
      ],
    ])(
      'given "%s", a server said to stand on the premises, when triaged, then its product is the one the label guide gives',
      (title, description, product) => {
        expect(triageByDefault({ title, description }).product).toBe(product);
      },
    );

    it.each([
      [
        'Purchase of Azure Reserved Instances',
        'Following your cost review we have decided to proceed with the purchase of one-year reservations for our two D4s_v5 web servers. Billing as usual through you.',
      ],
      [
        'Testumgebung',
        'Wir möchten für Test und Entwicklung ein zweites Azure-Abo eröffnen, das wie das bestehende über Sie abgerechnet wird.',
      ],
      [
        'Exchange Plan 1 runter',
        'Saison ist vorbei, die Accounts der Aushilfen hab ich schon gelöscht. Bitte Exchange Online Plan 1 von 40 auf 30 Seats reducen.',
      ],
    ])(
      'given "%s", an order, a new subscription or a reduction that names its billing, when triaged, then it is a subscription change',
      (title, description) => {
        expect(triageByDefault({ title, description }).category).toBe('subscription');
      },
    );

    it.each([
      ['Laufwerk S: fehlt', 'Im Erdgeschoss fehlt seit heute bei drei PCs das Laufwerk S:, oben ist es da.'],
      ['Funktastatur Empfang', 'Die Funktastatur am Empfang reagiert nur noch verzögert, Batterien sind neu.'],
      [
        'Headset nicht erkannt',
        'Mein Headset wird seit gestern nicht mehr erkannt, weder am USB-Port vorne noch hinten.',
      ],
      [
        'Alle PCs Bluescreen',
        'Seit dem Update des Virenscanners heute früh zeigen alle PCs beim Start einen Bluescreen.',
      ],
    ])(
      'given "%s", a device, a drive or an antivirus fault, when triaged, then a device rule decides other, not the model alone',
      (title, description) => {
        const decision = triageByDefault({ title, description });
        expect(decision).toMatchObject({ product: 'other', decidedBy: { product: 'rule' } });
      },
    );

    it.each([
      [
        'Change of term',
        'Our 30 Microsoft 365 E3 are on a monthly term. From the next renewal we would like an annual term, billed monthly.',
        'subscription',
      ],
      [
        'Exchange 2019 Archiv',
        'Wir betreiben Exchange Server 2019 on-premises. Brauchen wir für die In-Place-Archivierung Enterprise-CALs zusätzlich zu den Standard-CALs?',
        'licensing',
      ],
      [
        'Power BI Testversion',
        'Die Testphase von Power BI Pro läuft nächste Woche aus. Kann man die Testversion noch einmal verlängern oder müssen wir eine Lizenz kaufen?',
        'subscription',
      ],
    ])(
      'given "%s", a term change, a CAL question or a trial to extend, when triaged, then its category is the one the label guide gives',
      (title, description, category) => {
        expect(triageByDefault({ title, description }).category).toBe(category);
      },
    );

    it('given a sign-in error since an app moved to a new subscription, when the rules alone triage it, then the order rule does not read it as an order', () => {
      const decision = triage(
        {
          title: 'AADSTS700016',
          description:
            "Our web app gets AADSTS700016 at sign-in since we moved its app registration to the new subscription's tenant.",
        },
        defaultTriageRules(),
        unlimitedTriageBudget,
        { classifier: null },
      );
      expect(decision.matchedRuleIds).not.toContain('category-subscription-order');
    });
  });
  describe('round 12 review: where the new rules reached too far', () => {
    it.each([
      [
        'Rechnung zur Bestellung fehlt',
        'Hallo, für die Bestellung der 10 Business Premium Lizenzen im März haben wir bis heute keine Rechnung bekommen. Bitte schicken Sie sie uns.',
        'microsoft365',
        'billing',
      ],
      [
        'Migration abschließen',
        'Wir möchten die Migration unserer Postfächer nach Exchange Online bis Freitag abschließen. Wie gehen wir mit den freigegebenen Postfächern vor?',
        'microsoft365',
        'technical',
      ],
      [
        'Kauf auf Rechnung',
        'Ist bei euch auch ein Kauf auf Rechnung möglich, wenn wir nächste Woche 15 Business Premium Lizenzen bestellen?',
        'microsoft365',
        'billing',
      ],
      [
        'Upgrade auf Premium',
        "We'd like to upgrade our 15 Business Standard users to Business Premium, since it includes Intune and Defender. Please arrange this from next month.",
        'microsoft365',
        'subscription',
      ],
      [
        'Kündigung E5',
        'Zur Kündigung unserer 10 E5-Lizenzen: Ist eine Kündigung zum Monatsende ausreichend oder gibt es eine Frist?',
        'microsoft365',
        'subscription',
      ],
      [
        'Cancellation',
        'Cancellation of 5 Business Basic licences: is 30 days notice sufficient or are we bound to the annual term?',
        'microsoft365',
        'subscription',
      ],
      [
        'Credit memo for overcharge',
        'Can we get a credit memo for the overcharge on our Dynamics 365 Sales bill? We were billed 15 users instead of 12.',
        'dynamics365',
        'billing',
      ],
      [
        'Doppelte Buchung Kreditkarte',
        'Kann man die doppelte Buchung für Business Central auf unserer Kreditkarte rückgängig machen? Der Betrag wurde im Juni zweimal abgebucht.',
        'dynamics365',
        'billing',
      ],
      [
        'Rechnung korrigieren',
        'Kann man die Rechnung für unsere Business Central Umgebung korrigieren? Da ist noch die alte Firmenadresse drauf.',
        'dynamics365',
        'billing',
      ],
      [
        'Kontakte',
        'Die Kontakte aus Outlook werden synchronisiert, aber nicht in Dynamics.',
        'dynamics365',
        'technical',
      ],
      [
        'Invoices not imported',
        'The vendor invoices arrive in the shared mailbox but not in Business Central.',
        'dynamics365',
        'technical',
      ],
    ])(
      'given "%s", which names an order, a licence, a posting word or a product the new rules read, when triaged, then product and category are the ones the label guide gives',
      (title, description, product, category) => {
        expect(triageByDefault({ title, description })).toMatchObject({ product, category });
      },
    );

    it("given an Azure backup agent on a server in the server room, when triaged, then it is Azure: a server on the premises that uses an Azure service is the service's case", () => {
      const decision = triageByDefault({
        title: 'MARS backup fails',
        description:
          'The MARS agent on our Windows Server 2019 in the server room fails to back up to the Recovery Services vault since Monday.',
      });
      expect(decision.product).toBe('azure');
    });
  });

  const byRulesAlone = (request: TriageRequest) =>
    triage(request, defaultTriageRules(), unlimitedTriageBudget, { classifier: null });

  describe('round 14: licence errors, access levels, subscriptions as a scope, consumption and Dynamics 365 plans', () => {
    const decidingRule = (request: TriageRequest) =>
      byRulesAlone(request).explanation.find((entry) => entry.field === 'category' && entry.applied)?.ruleId;

    it.each<[string, TriageRequest]>([
      [
        'a Business Central error that the licence does not grant a permission',
        {
          title: 'Cannot create sales orders',
          description:
            'Since Monday I get "Your license does not grant you the following permissions on TableData 36 Sales Header: Insert" when I create a sales order. Yesterday it worked.',
        },
      ],
      [
        'an app that says the action is not possible with this licence, filed as technical',
        {
          title: 'Fehlermeldung beim Anlegen einer Bestellung',
          description:
            'Frau Krause bekommt beim Anlegen einer Einkaufsbestellung: "Mit dieser Lizenz können Sie diese Aktion nicht ausführen." Was muss sie haben?',
          category: 'technical',
        },
      ],
      [
        "a phone the company portal will not enrol because the account isn't licensed for Intune",
        {
          title: 'Handy lässt sich nicht registrieren',
          description:
            'Beim Registrieren meines neuen Diensthandys im Unternehmensportal kommt "Ihr Konto ist nicht für Intune lizenziert". Bei den Kollegen ging es.',
        },
      ],
    ])('given %s, when triaged, then it is licensing by the licence-fault rule', (_, request) => {
      expect(triageByDefault(request).category).toBe('licensing');
      expect(decidingRule(request)).toBe('category-licensing-fault');
    });

    it.each([
      [
        'a tester with Stakeholder access in Azure DevOps',
        {
          title: 'Tester sieht keine Testpläne',
          description:
            'Unser neuer Tester hat in Azure DevOps nur Stakeholder und sieht die Testpläne nicht. Bitte auf Basic + Test Plans umstellen.',
        },
      ],
      [
        'access levels to take away from leavers in Azure DevOps',
        {
          title: 'DevOps access levels for leavers',
          description:
            'Three freelancers left last week. Please set their Azure DevOps access level back so we stop paying for them.',
        },
      ],
    ])('given %s, when the rules alone triage it, then it is licensing', (_, request) => {
      expect(byRulesAlone(request).category).toBe('licensing');
      expect(decidingRule(request)).toBe('category-licensing');
    });

    it.each<[string, TriageRequest]>([
      [
        'a how-to that says the licence is already there',
        {
          title: 'Shared mailbox for the new assistant',
          description:
            'How do I give our new assistant access to the info@ shared mailbox in Outlook? She has the Business Standard licence already.',
        },
      ],
      [
        'a Business Central user whose licence he has got already',
        {
          title: 'Benutzer in BC anlegen',
          description:
            'Wie legen wir Herrn Kaya in Business Central an? Die Lizenz hat er seit gestern, aber er steht nicht in der Benutzerliste.',
        },
      ],
      [
        'a German setup request whose licences are in place',
        {
          title: 'Teams-Räume einrichten',
          description:
            'Bitte die zwei Besprechungsräume als Teams-Räume einrichten. Die Lizenzen haben wir bereits, die Geräte stehen ab Montag bereit.',
        },
      ],
    ])('given %s, when triaged, then it is technical by rule, not a licence matter', (_, request) => {
      expect(triageByDefault(request).category).toBe('technical');
      expect(decidingRule(request)).toBe('category-technical-licence-in-place');
    });

    it('given licences already there and a question whether they allow something, when triaged, then it stays a licence question', () => {
      const request = {
        title: 'Team Member und Umlagerungen',
        description:
          'Die Lizenzen haben wir bereits: 10x Team Member. Dürfen die Lagerleute damit Umlagerungen buchen, oder brauchen die Essentials?',
      };
      expect(triageByDefault(request).category).toBe('licensing');
      expect(byRulesAlone(request).matchedRuleIds).not.toContain('category-technical-licence-in-place');
    });

    it('given a title naming a subscription and a German compound cost word, when triaged, then it is billing: the costs are what it is about', () => {
      const request = {
        title: 'Mehrkosten im Azure-Abonnement seit Montag',
        description:
          'Guten Tag, die Verbrauchskosten in unserem Azure-Abonnement haben sich seit Montag verdreifacht. Bitte prüfen Sie, woher die Kosten kommen.',
      };
      expect(triageByDefault(request).category).toBe('billing');
      expect(byRulesAlone(request).matchedRuleIds).not.toContain('category-subscription-in-title');
    });

    it('given compensation asked for an outage, when triaged, then it is billing, not a fault', () => {
      const request = {
        title: 'Exchange outage yesterday',
        description:
          'Exchange Online was down for four hours yesterday and nobody could send mail. Is there any compensation for that?',
      };
      expect(triageByDefault(request).category).toBe('billing');
      expect(byRulesAlone(request).matchedRuleIds).not.toContain('category-technical-fault-with-billing-words');
    });

    it('given a colloquial question how to post a payment in Business Central, when triaged, then the posting rule decides technical', () => {
      const request = {
        title: 'Skonto in BC',
        description: 'Wie verbuche ich in Business Central eine Zahlung, bei der der Kunde 2 % Skonto abgezogen hat?',
      };
      expect(triageByDefault(request).category).toBe('technical');
      expect(decidingRule(request)).toBe('category-technical-business-app-posting');
    });

    it('given a question whether each shared mailbox needs its own licence, when triaged, then the licence-question rule decides licensing', () => {
      const request = {
        title: 'Shared mailboxes',
        description:
          'We want three shared mailboxes for sales, support and accounts. Does every shared mailbox need its own licence?',
      };
      expect(triageByDefault(request).category).toBe('licensing');
      expect(decidingRule(request)).toBe('category-licensing-which-licence');
    });

    it.each<[string, TriageRequest]>([
      [
        'public IP addresses to raise in a subscription',
        {
          title: 'Need more public IPs',
          description:
            'Please raise the limit of public IP addresses in our subscription Contoso-Prod from 10 to 40 in North Europe, we start a new project next week.',
        },
      ],
      [
        'a vCPU quota the customer filed as a subscription matter',
        {
          title: 'vCPU quota',
          description:
            'Bitte das Kontingent für Dv5-vCPUs in West Europe auf unserem Abonnement von 20 auf 64 erhöhen.',
          category: 'subscription',
        },
      ],
      [
        'resources to move from one subscription to another',
        {
          title: 'Ressourcen verschieben',
          description:
            'Wir möchten die Ressourcengruppe rg-web mit zwei VMs aus dem alten Abonnement in das neue verschieben. Geht das ohne Ausfall?',
        },
      ],
    ])('given %s, when triaged, then it is technical by the Azure configuration rule', (_, request) => {
      expect(triageByDefault(request).category).toBe('technical');
      expect(decidingRule(request)).toBe('category-technical-azure-configuration');
    });

    it.each<[string, TriageRequest]>([
      [
        'a spending limit reached that disabled the subscription',
        {
          title: 'Azure-Kontingent erreicht',
          description:
            'Unser Abonnement hat das Ausgabenlimit erreicht und wurde deaktiviert, die Entwickler sind blockiert. Was heisst das?',
        },
      ],
      [
        'support hours beyond the allotment on the invoice',
        {
          title: 'Stundenkontingent',
          description:
            'Auf der Rechnung stehen 14 Stunden Support, unser Kontingent sind 10 Stunden im Monat. Bitte prüfen.',
        },
      ],
    ])('given %s, when the rules alone triage it, then the Azure configuration rule stays out', (_, request) => {
      expect(byRulesAlone(request).matchedRuleIds).not.toContain('category-technical-azure-configuration');
      expect(byRulesAlone(request).category).not.toBe('technical');
    });

    it('given an Azure subscription paid by card to move under the partner, when triaged, then it is a subscription matter by the transfer rule', () => {
      const request = {
        title: 'Our old Azure subscription',
        description:
          'We still have an Azure subscription billed to a credit card by Microsoft. Can it be moved to you, so we get one invoice for everything?',
      };
      expect(triageByDefault(request).category).toBe('subscription');
      expect(decidingRule(request)).toBe('category-subscription-transfer');
    });

    it('given a credit missing on invoices since a subscription moved to the partner, when the rules alone triage it, then the transfer rule stays out', () => {
      const request = {
        title: 'Startguthaben fehlt',
        description:
          'Seit wir unser Azure-Abo zu Ihnen umgezogen haben, fehlt das Guthaben von 500 € auf den Rechnungen.',
      };
      expect(byRulesAlone(request).matchedRuleIds).not.toContain('category-subscription-transfer');
      expect(byRulesAlone(request).category).toBe('billing');
    });

    it('given a resource group to move into a new subscription, when the rules alone triage it, then neither the order nor the change rule reads a subscription change', () => {
      const request = {
        title: 'Move a resource group',
        description:
          'We want to move a resource group with two VMs into our new subscription. Is that supported and is there downtime?',
      };
      expect(byRulesAlone(request).matchedRuleIds).not.toContain('category-subscription-order');
      expect(byRulesAlone(request).matchedRuleIds).not.toContain('category-subscription-change');
      expect(byRulesAlone(request).category).toBe('technical');
    });

    it('given a request that names a subscription and asks nothing of it, when the rules alone triage it, then no rule makes it a subscription matter', () => {
      const request = {
        title: 'Alerts for our web app',
        description:
          'How do we get an e-mail alert when the web app in our Azure subscription is slow for more than five minutes?',
      };
      expect(byRulesAlone(request).category).toBe('technical');
    });

    it.each<[string, string, TriageRequest, Category]>([
      [
        'a licence error in a custom extension just published',
        'category-licensing-fault',
        {
          title: 'Permission error after our app update',
          description:
            "Since we published version 3.1 of our own extension, users get 'Your license does not grant you the following permissions on TableData 50100 Route Plan: Read'. It worked with 3.0.",
        },
        'technical',
      ],
      [
        'licences already there whose assignment fails',
        'category-technical-licence-in-place',
        {
          title: 'Lizenzzuweisung schlägt fehl',
          description:
            'Die Lizenzen haben wir bereits, aber bei drei Benutzern meldet das Admin Center einen Fehler bei der Lizenzzuweisung. Was ist zu tun?',
        },
        'licensing',
      ],
      [
        'a licence the user still has that is to be removed',
        'category-technical-licence-in-place',
        {
          title: 'Lizenz entziehen',
          description: 'Die Lizenz hat er noch – bitte Herrn Brandt die E3 entziehen, er ist ab Mai in Elternzeit.',
        },
        'licensing',
      ],
    ])(
      "given %s, when triaged, then %s stays out and the category is the label guide's",
      (_, ruleId, request, category) => {
        expect(byRulesAlone(request).matchedRuleIds).not.toContain(ruleId);
        expect(triageByDefault(request).category).toBe(category);
      },
    );

    it.each<[string, TriageRequest]>([
      [
        'a shared mailbox said to need no licence that stopped receiving mail',
        {
          title: 'info@ bounces',
          description:
            "Our shared mailbox info@ isn't licensed (shared mailboxes don't need one), but since this morning every mail to it bounces with 'Recipient address rejected'.",
        },
      ],
      [
        'a licence error whose writer asks to order the right licences',
        {
          title: 'Warehouse staff need Essentials',
          description:
            "Our two warehouse staff get 'Your license does not grant you the following permissions' when posting shipments; they only have Team Member. Please order two Essentials licences for them.",
        },
      ],
    ])(
      'given %s, when the rules alone triage it, then the licence-fault rule reads no licence error in it',
      (_, request) => {
        expect(byRulesAlone(request).matchedRuleIds).not.toContain('category-licensing-fault');
      },
    );

    it.each<[string, TriageRequest]>([
      [
        'a OneDrive that is full',
        { title: 'OneDrive voll', description: 'Mein OneDrive ist voll. Kann man mehr Speicher dazubuchen?' },
      ],
      [
        'SharePoint storage nearly used up',
        {
          title: 'SharePoint at 97 %',
          description: 'Our SharePoint storage is at 97 %. Can we buy extra storage, or do we have to clean up first?',
        },
      ],
    ])(
      'given %s and more storage to buy, when triaged, then it is a subscription change by the storage rule',
      (_, request) => {
        expect(triageByDefault(request).category).toBe('subscription');
        expect(decidingRule(request)).toBe('category-subscription-storage');
      },
    );

    it('given more storage for an Azure VM disk, when the rules alone triage it, then the storage rule stays out', () => {
      const request = {
        title: 'Disk full',
        description: 'The data disk of our Azure VM is full. We need more storage, can you enlarge the disk to 1 TB?',
      };
      expect(byRulesAlone(request).matchedRuleIds).not.toContain('category-subscription-storage');
    });

    it('given read access to an Azure subscription for an auditor, when triaged, then the subscription is a scope and the request technical', () => {
      const request = {
        title: 'Auditor needs read access',
        description:
          'Our external auditor needs read-only access to the subscription "Contoso-Prod" for two weeks. Which role should we give him?',
      };
      expect(triageByDefault(request).category).toBe('technical');
      expect(byRulesAlone(request).matchedRuleIds).not.toContain('category-subscription-state');
    });

    it('given Azure consumption far above the usual, when the rules alone triage it, then it is billing by the costs rule', () => {
      const request = {
        title: 'Azure-Verbrauch verdreifacht',
        description:
          'Unser Azure-Verbrauch liegt seit letzter Woche beim Dreifachen des Üblichen. Bitte prüfen, was da läuft.',
      };
      expect(byRulesAlone(request).category).toBe('billing');
      expect(decidingRule(request)).toBe('category-billing-costs');
    });

    it('given a question whether Sales Professional is enough or Sales Enterprise is needed, when triaged, then the licence-question rule decides licensing', () => {
      const request = {
        title: 'Forecasting in Dynamics 365 Sales',
        description:
          'Our sales team uses Sales Professional. Is that enough for the forecasting, or do the managers need Sales Enterprise?',
      };
      expect(triageByDefault(request).category).toBe('licensing');
      expect(decidingRule(request)).toBe('category-licensing-which-licence');
    });
  });

  describe('round 15: licence words in technical faults and in subscription changes', () => {
    it.each<[string, TriageRequest]>([
      [
        'phones blocked by a policy that requires compliant devices, in a team on Business Premium',
        {
          title: 'Teams on Android blocked',
          description:
            'Since the conditional access policy "Require device to be marked as compliant" went live this morning, the warehouse team cannot open Teams on their Android phones. All of them have Business Premium.',
        },
      ],
      [
        'laptops that Intune reports as not compliant although BitLocker is on',
        {
          title: 'Laptops not compliant',
          description:
            'Four laptops show as "not compliant" in Intune although BitLocker is switched on. The users are on E3. What is wrong?',
        },
      ],
      [
        'a virtual machine that does not start for lack of capacity in the region',
        {
          title: 'Licence server VM down',
          description:
            'The VM with our licence server does not start since the maintenance: "Allocation failed. There is not sufficient capacity for the requested VM size in this region." Nobody can open the CAD software.',
        },
      ],
    ])('given %s, when triaged, then it is technical and not a licence question', (_, request) => {
      expect(byRulesAlone(request).matchedRuleIds).not.toContain('category-licensing-which-licence');
      expect(triageByDefault(request).category).toBe('technical');
    });

    it.each<[string, TriageRequest, string]>([
      [
        "a sharing setting asked about with a licence as the writer's guess",
        {
          title: 'Freigabe für Treuhänder geht nicht',
          description:
            'Grüezi\n\nWir möchten einen Ordner in SharePoint mit unserem Treuhänder teilen. Beim Teilen kommt aber „Die Freigabe für Personen außerhalb Ihrer Organisation ist für diese Website deaktiviert“. Auf einer anderen Website ging es letztes Jahr.\n\nWie kriegen wir das hin? Oder liegt es an der Lizenz?\n\nGruss\nNadia Frei',
        },
        'technical',
      ],
      [
        'calls that drop since phone licences were assigned and numbers ported',
        {
          title: 'Teams Phone calls drop after ~60 seconds since rollout',
          description:
            'Hi,\n\nlast week we assigned Teams Phone Standard licences to our 20-person sales team and ported their numbers (Operator Connect). Since then external calls drop after roughly 60 seconds, both inbound and outbound. Internal Teams calls are fine. Licences and numbers all look correct in the Teams admin center. The team is using their mobiles for important calls meanwhile.\n\nRegards\nNathan Brooks, IT, Keswick Insurance Services',
        },
        'technical',
      ],
      [
        'a switch from monthly to annual term for licences',
        {
          title: 'Umstellung auf jährliche Laufzeit',
          description:
            'Sehr geehrte Damen und Herren,\n\nwir beziehen derzeit 60 Lizenzen Microsoft 365 Business Standard mit monatlicher Laufzeit. Wir möchten auf eine jährliche Laufzeit umstellen, sofern dies günstiger ist. Bitte teilen Sie uns mit, zu welchem Zeitpunkt die Umstellung möglich ist und wie sich der Preis pro Lizenz ändert.\n\nMit freundlichen Grüßen\nKarin Wolff\nOffice Management',
        },
        'subscription',
      ],
    ])(
      'given %s, when triaged, then the model reading of at least 0.6 overrules the licence rule',
      (_, request, category) => {
        const decision = triageByDefault(request);
        expect(decision.category).toBe(category);
        expect(decision.decidedBy.category).toBe('model');
        expect(byRulesAlone(request).category).toBe('licensing');
      },
    );

    it.each<[string, TriageRequest]>([
      [
        "card payments failing in the customer's web shop",
        {
          title: 'Webshop: Zahlung fehlgeschlagen',
          description:
            'Seit heute Morgen bekommen alle Kunden in unserem Webshop beim Bezahlen mit Kreditkarte "Zahlung fehlgeschlagen". Der Shop läuft auf Azure App Service, Bestellungen kommen keine mehr rein.',
        },
      ],
      [
        'a checkout that fails every payment through the payment provider',
        {
          title: 'Checkout broken',
          description:
            'Since the update last night our online shop checkout shows "payment failed" for every Stripe payment. No orders since 6 am.',
        },
      ],
    ])('given %s, when triaged, then it is a technical outage, not a failed payment to the partner', (_, request) => {
      expect(byRulesAlone(request).matchedRuleIds).not.toContain('category-billing-payment-failed');
      expect(triageByDefault(request).category).toBe('technical');
    });

    it("given a card declined in the partner's web shop when the payment method is changed, when triaged, then the payment rule still decides billing", () => {
      const request = {
        title: 'Zahlungsart im Kundenportal',
        description:
          'Guten Tag, in Ihrem Webshop ist bei unserem Kundenkonto noch die alte Kreditkarte als Zahlungsart hinterlegt, beim Ändern kommt "Karte abgelehnt". Bitte stellen Sie uns auf Lastschrift um.',
      };
      expect(triageByDefault(request).category).toBe('billing');
      expect(byRulesAlone(request).matchedRuleIds).toContain('category-billing-payment-failed');
    });

    it('given Office\'s "Unlicensed Product, most features disabled" after a tenant move, when triaged, then it is a licence not recognised, not a disabled subscription', () => {
      const request = {
        title: 'Unlicensed Product after tenant move',
        description:
          'Since we moved to the new tenant on Saturday, Word and Excel show "Unlicensed Product - most features of Word have been disabled" for the whole accounts team. Business Standard is assigned to all of them in the new tenant.',
      };
      expect(triageByDefault(request).category).toBe('licensing');
      expect(byRulesAlone(request).matchedRuleIds).not.toContain('category-subscription-state');
    });

    it("given a card payment for the partner's invoice that failed, when triaged, then the payment rule still decides billing", () => {
      const request = {
        title: 'Payment failed',
        description:
          'Our card payment for your last invoice failed, the card has expired. How do we give you the new card?',
      };
      expect(triageByDefault(request).category).toBe('billing');
      expect(byRulesAlone(request).matchedRuleIds).toContain('category-billing-payment-failed');
    });
  });

  describe('round 16: invoices that may be phishing, and orders that name a past incident', () => {
    it.each<[string, TriageRequest]>([
      [
        'a mail that looks like a Microsoft invoice, asked about as a possible scam',
        {
          title: 'Is this a scam? Microsoft invoice',
          description:
            "Hi, our bookkeeper got an email that looks like a Microsoft invoice for 'Azure Premium Support', 2,950 USD, with a PDF and a link to pay. We buy everything through you, so this must be fake? Nobody has opened the PDF.",
        },
      ],
      [
        'a German invoice with new bank details, asked about as possible phishing, filed by the customer as billing',
        {
          title: 'Rechnung echt?',
          description:
            'Hallo, wir haben eine Rechnung "von Microsoft" über 1.780 EUR bekommen, mit einer neuen IBAN zum Überweisen. Ist das Phishing? Wir haben noch nichts bezahlt.',
          category: 'billing',
        },
      ],
    ])('given %s, when triaged, then it is technical by the suspected-phishing rule', (_, request) => {
      const decision = triageByDefault(request);
      expect(decision.category).toBe('technical');
      expect(decision.decidedBy.category).toBe('rule');
      expect(decision.matchedRuleIds).toContain('category-technical-suspected-phishing');
    });

    it('given a card replaced after suspected fraud and a failed payment, when triaged, then it stays a billing matter', () => {
      const request = {
        title: 'Neue Kreditkarte',
        description:
          'Unsere Firmenkreditkarte wurde wegen Betrugsverdacht gesperrt, deshalb ist die Abbuchung für die Azure-Rechnung fehlgeschlagen. Wie geben wir die neue Karte durch?',
      };
      expect(byRulesAlone(request).matchedRuleIds).not.toContain('category-technical-suspected-phishing');
      expect(triageByDefault(request).category).toBe('billing');
    });

    it.each<[string, TriageRequest, Category]>([
      [
        'an order of a security add-on after phishing scares',
        {
          title: 'Defender for Office 365 for everyone',
          description:
            "Hi, after two phishing scares this quarter we'd like to add Microsoft Defender for Office 365 Plan 1 for all 30 users. Can you order it, monthly term to start with? Thanks, Megan",
        },
        'subscription',
      ],
      [
        'a question which plan includes attack simulation, after a phishing campaign',
        {
          title: 'Plan 1 oder Plan 2?',
          description:
            'Nach einer Phishing-Welle gegen unsere Lieferanten wollen wir Angriffssimulationen machen. Wir haben Business Premium. Ist das in Defender for Office 365 Plan 1 enthalten, oder brauchen wir Plan 2 oder P2 für alle?',
        },
        'licensing',
      ],
    ])('given %s, when triaged, then the past incident does not make it a technical fault', (_, request, category) => {
      expect(byRulesAlone(request).matchedRuleIds).not.toContain('category-technical-fault-with-billing-words');
      expect(triageByDefault(request).category).toBe(category);
    });

    it.each<[string, TriageRequest]>([
      [
        'an employee asking whether Word may go on a personal laptop used by the family',
        {
          title: 'Word on my own laptop?',
          description:
            'Hi! I work from home twice a week on my own laptop. Am I allowed to install Word and Excel on it with my work login? My son uses that laptop for school too. Thanks, Priya',
        },
      ],
      [
        'an office manager asking whether staff may use Office on private devices, and on how many',
        {
          title: 'Office auf privaten Geräten',
          description:
            'Guten Tag, einige Mitarbeitende fragen, ob sie Outlook und Excel auch auf ihren privaten Geräten installieren dürfen, und auf wie vielen Geräten pro Person. Wir wollen das sauber regeln. Freundliche Grüsse, Petra Vogel',
        },
      ],
    ])('given %s, when triaged, then it is a use-rights question, licensing', (_, request) => {
      const decision = triageByDefault(request);
      expect(decision.category).toBe('licensing');
      expect(decision.matchedRuleIds).toContain('category-licensing-use-rights');
    });

    it('given Office on a home PC that fails to install with an error, when triaged, then it is no use-rights question', () => {
      const request = {
        title: 'Office install at home fails',
        description:
          'Installing Office on my home PC stops at 90 % with error 30015-4. May I try again, or what do I do?',
      };
      expect(byRulesAlone(request).matchedRuleIds).not.toContain('category-licensing-use-rights');
    });

    it.each<[string, TriageRequest]>([
      [
        'a short note that someone left, asking whether the company still pays for her',
        { title: 'jana', description: 'Jana left end of May. Are we still paying for her? If yes pls stop it.' },
      ],
      [
        'a retirement in Austrian German, asking whether the access is paid on',
        {
          title: 'Frau Berger geht in Pension',
          description:
            'Grüß Gott, die Frau Berger aus dem Einkauf geht mit Ende März in Pension. Was passiert mit ihrem Business Central Zugang, zahlen wir den dann weiter? Nachfolge gibts vorerst keine. LG Martina',
        },
      ],
    ])('given %s, when triaged, then it is a seat to reduce, a subscription change', (_, request) => {
      const decision = triageByDefault(request);
      expect(decision.category).toBe('subscription');
      expect(decision.matchedRuleIds).toContain('category-subscription-leaver-seat');
    });

    it('given people who left and months paid for them to be refunded, when triaged, then the leaver rule leaves it to billing', () => {
      const request = {
        title: 'Paid for leavers',
        description:
          'Two of our staff left in March and we kept paying for them until August. Can we get a refund for those months?',
      };
      expect(byRulesAlone(request).matchedRuleIds).not.toContain('category-subscription-leaver-seat');
      expect(triageByDefault(request).category).toBe('billing');
    });

    it('given a customer-given azure product on a Business Central posting fault and a customer-given technical category on a renewal, when triaged, then both are still corrected without rules of their own', () => {
      const posting = triageByDefault({
        title: 'Buchung',
        description: 'In Business Central können wir keine Einkaufsrechnungen buchen, Fehler beim Buchen.',
        product: 'azure',
      });
      expect(posting.product).toBe('dynamics365');
      const renewal = triageByDefault({
        title: 'Renewal',
        description: 'Please renew our Microsoft 365 Business Standard subscription for another year, 25 seats.',
        category: 'technical',
      });
      expect(renewal.category).toBe('subscription');
    });

    it('given a Business Central renewal invoice that is higher than last year, when triaged, then it is a price question, billing, not an app fault', () => {
      const request = {
        title: 'BC teurer?',
        description:
          'Hallo, unsere 12 Business Central Essentials wurden verlängert und die Rechnung ist 12 % höher als letztes Jahr, bei gleich vielen Leuten. Ist das ein Fehler von euch oder eine Preiserhöhung von Microsoft?',
      };
      expect(byRulesAlone(request).matchedRuleIds).not.toContain('category-technical-business-app-fault');
      expect(triageByDefault(request).category).toBe('billing');
    });

    it.each<[string, TriageRequest]>([
      [
        'a director who does not receive invoice approval requests in Teams',
        {
          title: 'Invoice approvals missing',
          description:
            'Hello, we approve supplier invoices with the Approvals app in Teams. Since Monday our CFO does not receive any approval requests, everyone else does. Please check.',
        },
      ],
      [
        'cost analysis in the Azure portal that shows no data',
        {
          title: 'Cost analysis empty',
          description: 'Azure cost analysis shows "No data" since Friday. Resources are running normally.',
        },
      ],
    ])('given %s, when triaged, then it is a technical fault, not a billing matter', (_, request) => {
      expect(byRulesAlone(request).matchedRuleIds).toContain('category-technical-fault-with-billing-words');
      expect(triageByDefault(request).category).toBe('technical');
    });

    it('given a full OneDrive and a wish for more storage, when triaged, then it is storage to buy, a subscription change', () => {
      const request = {
        title: 'OneDrive voll',
        description:
          'Mein OneDrive ist voll (1 TB), ich arbeite mit Videos. Gibt es mehr Storage nur für mich, und was kostet das?',
      };
      expect(triageByDefault(request).category).toBe('subscription');
      expect(byRulesAlone(request).matchedRuleIds).toContain('category-subscription-storage');
    });

    it('given a terse request to assign a named plan from free ones, when triaged, then it is licence assignment, licensing', () => {
      const request = {
        title: 'E3 for m.kern',
        description: 'pls assign E3 to m.kern@ (new, created today). we have free ones',
      };
      expect(triageByDefault(request).category).toBe('licensing');
    });
  });

  describe('round 16 review: where the new rules reached too far or not far enough', () => {
    it.each<[string, TriageRequest, Category]>([
      [
        'a price asked for an add-on after a spoofed invoice',
        {
          title: 'Defender P1 pricing',
          description:
            'After a phishing incident with a spoofed invoice our board wants the monthly price of Defender for Office 365 Plan 1 for 80 users, monthly and annual commitment.',
        },
        'billing',
      ],
    ])('given %s, when triaged, then the past incident does not make it a security matter', (_, request, category) => {
      expect(byRulesAlone(request).matchedRuleIds).not.toContain('category-technical-suspected-phishing');
      expect(triageByDefault(request).category).toBe(category);
    });

    it('given an invoice with new bank details asked about as a fraud attempt in Swiss German, when triaged, then it is technical by the suspected-phishing rule', () => {
      const request = {
        title: 'Neue Bankverbindung – echt?',
        description:
          'Grüezi, unsere Buchhaltung hat eine Rechnung angeblich von Ihnen erhalten, mit neuer Bankverbindung. Ist das echt oder ein Betrugsversuch? Wir zahlen erst nach Ihrer Antwort.',
      };
      expect(triageByDefault(request).matchedRuleIds).toContain('category-technical-suspected-phishing');
      expect(triageByDefault(request).category).toBe('technical');
    });

    it.each<[string, TriageRequest]>([
      [
        'a retirement in Swiss German with the licence to cancel',
        {
          title: 'Buechhalter pensioniert',
          description:
            'Grüezi, üse Buechhalter isch pensioniert. Bitte sini Lizänz künde, mir wänd die nüme zahle. Merci',
        },
      ],
      [
        'a forwarded leaving notice asking whether the company pays on',
        {
          title: 'WG: Austrittsmeldung K. Brandt',
          description:
            'Hallo, siehe unten von HR. Zahlen wir den dann weiter oder könnt ihr das abbestellen? Gruß Dirk\n-----Ursprüngliche Nachricht-----\nVon: Personal\nBetreff: Austrittsmeldung K. Brandt\nHerr Brandt scheidet zum 31.12. aus.',
        },
      ],
    ])('given %s, when triaged, then it is a seat to reduce, a subscription change', (_, request) => {
      expect(triageByDefault(request).category).toBe('subscription');
    });

    it('given part-timers who want the desktop apps on their own laptops, when triaged, then it is a use-rights question', () => {
      const request = {
        title: 'Own laptops for part-timers',
        description:
          'We are on Business Standard. Our part-timers work from their own laptops. Are they covered to install the desktop apps on their own machines, and is there a limit per person?',
      };
      expect(triageByDefault(request).matchedRuleIds).toContain('category-licensing-use-rights');
      expect(triageByDefault(request).category).toBe('licensing');
    });

    it.each<[string, TriageRequest]>([
      [
        'a renewal price of Power Apps plans that is higher than this year',
        {
          title: 'Power Apps renewal price',
          description:
            'Our Power Apps per-app plans (30 users) are due for renewal and the renewal price is higher than what we paid this year. Could you explain the change?',
        },
      ],
      [
        'a price per user gone up at renewal, asked in German',
        {
          title: 'Preis gestiegen',
          description:
            'Hallo, bei der Verlängerung unseres Microsoft 365 Business Standard ist der Preis pro User gestiegen. Ist das ein Fehler? Wir haben nichts geändert.',
        },
      ],
    ])('given %s, when triaged, then it is a price question, billing', (_, request) => {
      expect(triageByDefault(request).category).toBe('billing');
    });

    it.each<[string, TriageRequest]>([
      [
        'too few licences for new starters, with three more to add',
        {
          title: 'Not enough E3',
          description:
            "We don't have enough E3 licences for the two new starters on Monday, please add 2 more to our subscription.",
        },
      ],
      [
        'more licences the team needs, to be ordered',
        {
          title: '5 weitere Power BI Pro',
          description:
            'Hallo, für das Controlling brauchen wir 5 weitere Power BI Pro Lizenzen zu den bestehenden 8. Bitte bestellen, Laufzeit wie die bestehenden. Danke',
        },
      ],
    ])('given %s, when triaged, then it is an order, not a question which licence', (_, request) => {
      expect(byRulesAlone(request).matchedRuleIds).not.toContain('category-licensing-which-licence');
      expect(triageByDefault(request).category).toBe('subscription');
    });

    it('given a question whether a licence must be renewed or is now included in the plan, when triaged, then it stays a question which licence', () => {
      const request = {
        title: 'Visio verlängern?',
        description: 'Müssen wir die Visio Lizenz nächsten Monat verlängern, oder ist Visio jetzt in E3 enthalten?',
      };
      expect(byRulesAlone(request).matchedRuleIds).toContain('category-licensing-which-licence');
      expect(triageByDefault(request).category).toBe('licensing');
    });
  });

  describe('round 17: requests in the labelled set conventions (new colleagues, cost spikes, prices, trials)', () => {
    it.each<[string, TriageRequest]>([
      [
        'a new colleague who needs mail and Teams, asked in German',
        {
          title: 'Neuer Kollege Vertrieb',
          description:
            'Hallo, am 15. fängt Herr Demir bei uns im Vertrieb an. Er braucht E-Mail und Teams wie die anderen. Könnt ihr das vorbereiten? Grüße, Anja',
        },
      ],
      [
        'a new starter who needs Outlook and Office, asked in English',
        {
          title: 'New starter on Monday',
          description:
            'Hi, our new office assistant Chloe starts on Monday. She will need Outlook, Teams and Office like everyone else. Can you sort that out for her? Thanks, Mark',
        },
      ],
    ])('given %s, when triaged, then it is a licence to assign by the new-user rule', (_, request) => {
      const decision = triageByDefault(request);
      expect(decision.category).toBe('licensing');
      expect(decision.matchedRuleIds).toContain('category-licensing-new-user-access');
    });

    it.each<[string, TriageRequest, Category]>([
      [
        'new colleagues missing from the address book',
        {
          title: 'Neue Mitarbeiter nicht im Adressbuch',
          description:
            'Die drei neuen Mitarbeiter aus der Buchhaltung sind seit Montag da, aber in Outlook sind sie im Adressbuch nicht auffindbar. Mails an die volle Adresse kommen an.',
        },
        'technical',
      ],
      [
        'two more seats to order for new starters',
        {
          title: 'Two more Business Standard',
          description:
            'Two new starters join our team next week and need mail and Teams. Please add 2 more Business Standard to our subscription.',
        },
        'subscription',
      ],
      [
        'a new colleague whose sign-in fails',
        {
          title: 'Neue Kollegin kann sich nicht anmelden',
          description:
            'Unsere neue Kollegin Frau Brandt kann sich seit heute früh nicht in Outlook und Teams anmelden, es kommt ein Fehler AADSTS50126.',
        },
        'technical',
      ],
    ])(
      'given %s, when triaged, then the new-user rule keeps out of it and the request keeps its own category',
      (_, request, category) => {
        expect(byRulesAlone(request).matchedRuleIds).not.toContain('category-licensing-new-user-access');
        expect(triageByDefault(request).category).toBe(category);
      },
    );

    it.each<[string, TriageRequest]>([
      [
        'a consumption spike whose costs the customer wants stopped',
        {
          title: 'Log ingestion jumped',
          description:
            'Our Log Analytics workspace went from 3 GB/day to 55 GB/day after someone switched on verbose diagnostics on the app gateway last week. Still ingesting. We need the cost stopped and a credit if possible.',
        },
      ],
      [
        'consumption costs that keep climbing from a resource the customer cannot see',
        {
          title: 'Azure costs exploding',
          description:
            "Our Azure spend is four times the usual since Friday and still climbing. We can't see which resource causes it. Please help us stop the costs.",
        },
      ],
      [
        'storage costs running away since a backup job is no longer stopped, in German',
        {
          title: 'Kosten Storage Account',
          description:
            'Die Kosten für unser Storage Account laufen davon, seit der Backup-Job nicht mehr gestoppt wird: 90 € am Tag statt 5 €. Bitte helft uns.',
        },
      ],
      [
        'an announced price adjustment for Business Central at the renewal',
        {
          title: 'Preisanpassung Business Central',
          description:
            'Guten Tag, Sie haben eine Preisanpassung für Business Central angekündigt. Welche Preise gelten künftig pro Lizenzart, und gelten sie schon für unsere Verlängerung im März?',
        },
      ],
      [
        'a VAT number to be printed on the invoices, in Swiss German',
        {
          title: 'MWST-Nummer uf de Rächnig',
          description:
            'Grüezi, chönd Sie bitte eusi MWST-Nummer uf alli Rächnige drucke? Euse Treuhänder bruucht das. Merci',
        },
      ],
    ])('given %s, when triaged, then it is billing', (_, request) => {
      expect(triageByDefault(request).category).toBe('billing');
    });

    it.each<[string, TriageRequest, Category]>([
      [
        'licences to take away from leavers while the seats are kept',
        {
          title: 'Unassign Visio from leavers',
          description: 'Please unassign Visio Plan 2 from the 4 users who left in November. Keep the seats for now.',
        },
        'licensing',
      ],
      [
        'whether a feature is in the plan or costs extra',
        {
          title: 'Ist Bookings dabei?',
          description:
            'Hallo, wir möchten Online-Termine über Bookings anbieten. Ist das bei Business Basic dabei oder kostet das extra?',
        },
        'licensing',
      ],
      [
        'a product the customer wants to try before paying for everyone',
        {
          title: 'Copilot first for a few people?',
          description:
            'Hi, our boss wants Copilot, but finance wants to test it first. Could we get it for 2 people for a month before paying for the whole team?',
        },
        'subscription',
      ],
      [
        'SharePoint storage that is full, with more space to buy',
        {
          title: 'SharePoint full',
          description:
            'Our SharePoint storage is 100% used and nobody can upload drawings any more. How can we buy more space?',
        },
        'subscription',
      ],
      [
        'a logo to put on the invoices printed from Business Central',
        {
          title: 'Neues Logo auf Rechnungen',
          description:
            'Hallo, wie kriegen wir unser neues Logo auf die Rechnungen und Angebote aus Business Central? Danke, Petra',
        },
        'technical',
      ],
    ])('given %s, when triaged, then it gets the category a first-line agent gives it', (_, request, category) => {
      expect(triageByDefault(request).category).toBe(category);
    });
  });

  describe('round 17 review: where the new readings reached too far or not far enough', () => {
    it.each<[string, TriageRequest, Category]>([
      [
        'a new colleague who is to open and send from a shared mailbox',
        {
          title: 'Neue Kollegin braucht office@',
          description:
            'Hallo, die neue Kollegin am Empfang (s.berger@) soll auf das Postfach office@ zugreifen und als office@ senden können. Könnt ihr das einrichten?',
        },
        'technical',
      ],
      [
        'a new employee created in the local directory who does not show up in Microsoft 365',
        {
          title: 'New employee missing in Microsoft 365',
          description:
            'We created our new employee Tom in the local AD on Monday, but he still does not show up in the Microsoft 365 admin center. Usually that takes half an hour.',
        },
        'technical',
      ],
      [
        "a typo in a new starter's mail address to fix",
        {
          title: 'Typo in new starter account',
          description:
            'Hi, we set up the account for our new starter with a typo in the email address (j.mueler@ instead of j.mueller@). Could you fix the address and the display name before Monday?',
        },
        'technical',
      ],
    ])('given %s, when triaged, then the new-user rule keeps out of it', (_, request, category) => {
      expect(byRulesAlone(request).matchedRuleIds).not.toContain('category-licensing-new-user-access');
      expect(triageByDefault(request).category).toBe(category);
    });

    it.each<[string, TriageRequest]>([
      [
        'someone joining the team, to be set up with email and Teams',
        {
          title: 'Ben starts in sales',
          description:
            'Hi, Ben is joining our sales team on the 3rd. Could you get him set up with email and Teams like the rest of us? Thanks, Lisa',
        },
      ],
      [
        'an HR entry forwarded with the mail address it needs',
        {
          title: 'WG: Eintritt Frau Kaya',
          description:
            'Bitte erledigen. -----Ursprüngliche Nachricht----- Von: Personal Betreff: Eintritt Frau Selin Kaya Eintrittsdatum: 01.03. Abteilung: Vertrieb Benötigt: E-Mail-Adresse, Teams',
        },
      ],
      [
        'an intern who needs mail and Teams',
        {
          title: 'Praktikantin ab Montag',
          description: 'Ab Montag ist eine Praktikantin für 8 Wochen bei uns. Sie braucht nur Mail und Teams. Danke!',
        },
      ],
      [
        'a new colleague in Swiss German who needs a mail address',
        {
          title: 'Neui Kollegin',
          description: 'Grüezi, am Mäntig fangt e neui Kollegin bi üs a. Sie bruucht e Mailadrässe und Teams. Merci',
        },
      ],
    ])('given %s, when triaged, then it is a licence to assign', (_, request) => {
      expect(triageByDefault(request).category).toBe('licensing');
    });

    it.each<[string, TriageRequest, Category]>([
      [
        'a product to try with two people before paying for the department, in German',
        {
          title: 'Visio ausprobieren',
          description:
            'Hallo, können wir Visio erstmal mit zwei Leuten ausprobieren, bevor wir für die ganze Abteilung zahlen?',
        },
        'subscription',
      ],
      [
        'a product to test for a few weeks before paying for all, in Swiss German',
        {
          title: 'Power BI zerscht teste',
          description:
            'Grüezi, chönd mir Power BI Pro zerscht es paar Wuche teste, bevor mir für alli im Controlling zahle? Merci',
        },
        'subscription',
      ],
      [
        'Extra File Storage to buy because uploads are blocked',
        {
          title: 'SharePoint storage full',
          description:
            'SharePoint storage is full and uploads are blocked for everyone. Please buy 100 GB Office 365 Extra File Storage today.',
        },
        'subscription',
      ],
      [
        'whether a feature is included in the plan or paid extra, in Swiss German',
        {
          title: 'Teams Phone im Business Premium?',
          description: 'Grüezi, isch Teams Phone im Business Premium inbegriffe oder mues mer das extra zahle?',
        },
        'licensing',
      ],
      [
        'licences to release from leavers in Swiss German, subscriptions kept',
        {
          title: 'Lizänze freigeh',
          description: 'Grüezi, drei Lüüt sind usträte. Bitte d Lizänze vo dene freigeh, d Abos bhalte mir. Merci',
        },
        'licensing',
      ],
      [
        'a price rise asked about in Swiss German before the renewal',
        {
          title: 'Neui Priise?',
          description:
            'Grüezi, stimmt das, dass d Priise im Januar ufe gönd? Gilt das für üs scho vor de Verlängerig im Mai?',
        },
        'billing',
      ],
      [
        "a cost centre to print on the partner's invoices for Business Central",
        {
          title: 'Kostenstelle auf Rechnung',
          description:
            'Hallo, wie kriegen wir unsere Kostenstelle auf die Rechnungen, die ihr uns für Business Central schickt? Sonst kann die Buchhaltung sie nicht zuordnen.',
        },
        'billing',
      ],
    ])('given %s, when triaged, then it gets the category a first-line agent gives it', (_, request, category) => {
      expect(triageByDefault(request).category).toBe(category);
    });
  });
});
