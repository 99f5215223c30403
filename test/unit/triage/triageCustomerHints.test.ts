import {
  defaultTriageRules,
  triage,
  triageModelSchema,
  triageRulesSchema,
  TriageClassifier,
  type TriageRuleInput,
  unlimitedTriageBudget,
} from '../../../shared/domain/triage';

/*
 * A customer-given category as the label guide (test/fixtures/triage/README.md) reads it: only a hint, the category is
 * what the request is about. A customer-given billing, subscription or licensing category may be replaced by any
 * matching category rule unless an earlier one confirmed it. A customer-given product or technical category gives way
 * only where a rule and the model both read the same other value and no matching rule confirms the customer's: rules
 * alone that named another product's words replaced correct products more often than wrong ones, and an invoicing
 * outage filed as technical is technical. The rules here are small and the model is off or knows one feature, so the tests do not
 * depend on the default rules or on what the model learned, except where the default rules are named.
 */
const rules = (input: TriageRuleInput[]) => triageRulesSchema.parse(input);
const rulesOnly = { classifier: null };
const howTo: TriageRuleInput = {
  id: 'how-to',
  description: 'How-to questions are technical',
  when: { keywords: { any: ['how can we'] } },
  set: { category: 'technical' },
};
const invoice: TriageRuleInput = {
  id: 'invoice',
  description: 'Invoices are billing',
  when: { keywords: { any: ['invoice'] } },
  set: { category: 'billing' },
};
const otherDevices: TriageRuleInput = {
  id: 'other-devices',
  description: 'Laptops and printers are other',
  when: { keywords: { any: ['laptop', 'printer'] } },
  set: { product: 'other' },
};
const officeApps: TriageRuleInput = {
  id: 'office-apps',
  description: 'Office is Microsoft 365',
  when: { keywords: { any: ['Office'] } },
  set: { product: 'microsoft365' },
};
const categoryFallback: TriageRuleInput = {
  id: 'category-fallback',
  description: 'Technical unless a rule says otherwise',
  when: {},
  set: { category: 'technical' },
};

/**
 * A model that knows one feature (`w:word` or an impact cue such as `i:question`, see textFeatures) and, when it occurs,
 * favours `value` for `field` by `weight` (50: sure; 1: a probability of about 0.58 among three severities).
 */
function oneFeatureModel(
  feature: string,
  field: 'product' | 'category' | 'severity',
  value: string,
  weight = 50,
): TriageClassifier {
  const labels = {
    product: ['azure', 'dynamics365', 'microsoft365', 'other'],
    category: ['billing', 'licensing', 'subscription', 'technical'],
    severity: ['A', 'B', 'C'],
  };
  const fieldModel = (modelled: keyof typeof labels) => ({
    labels: labels[modelled],
    bias: labels[modelled].map(() => 0),
    weights: labels[modelled].map((label) => (modelled === field && label === value ? weight : 0)),
    threshold: 0.6,
  });
  return new TriageClassifier(
    triageModelSchema.parse({
      kind: 'softmax-regression',
      trainedOn: { split: 'tuning', examples: 1 },
      settings: { minDocumentFrequency: 1, maxFeatures: 1, steps: 1, learningRate: 1, l2: 0, decimals: 2 },
      features: [feature],
      fields: { product: fieldModel('product'), category: fieldModel('category'), severity: fieldModel('severity') },
    }),
  );
}

describe('customer-given fields as hints', () => {
  describe('a product', () => {
    it('given a product the customer chose and a rule with conditions that names another, when triaged, then the customer value stands and the rule says why it did not apply', () => {
      const decision = triage(
        {
          title: 'Office activation',
          description: 'Office on the new laptop says "product deactivated"',
          product: 'microsoft365',
        },
        rules([otherDevices]),
        unlimitedTriageBudget,
        rulesOnly,
      );
      expect(decision).toMatchObject({ product: 'microsoft365', decidedBy: { product: 'customer' } });
      expect(decision.explanation).toContainEqual(
        expect.objectContaining({
          ruleId: 'other-devices',
          applied: false,
          reason: expect.stringMatching(/^the customer chose microsoft365/),
        }),
      );
    });

    it("given a product the customer chose, when a rule with conditions and the model both surely read another, then the rule's product replaces it and the explanation says both read it", () => {
      const decision = triage(
        { title: 'Laptop', description: 'The laptop does not start since the BIOS update', product: 'microsoft365' },
        rules([otherDevices]),
        unlimitedTriageBudget,
        { classifier: oneFeatureModel('w:laptop', 'product', 'other') },
      );
      expect(decision).toMatchObject({ product: 'other', decidedBy: { product: 'rule' } });
      expect(decision.explanation).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            ruleId: 'other-devices',
            applied: true,
            reason:
              'Laptops and printers are other (replaces the customer-given microsoft365: the text classifier reads other too)',
          }),
          expect.objectContaining({
            source: 'model',
            value: 'other',
            applied: false,
            reason: expect.stringMatching(/so the customer-given microsoft365 gives way$/),
          }),
          expect.objectContaining({
            source: 'customer',
            applied: false,
            reason: expect.stringMatching(
              /^replaced the customer-given product microsoft365 with other by rule 'other-devices'/,
            ),
          }),
        ]),
      );
    });

    it("given a product the customer chose and a rule that names another, when the model reads the rule's product as more likely than all others together but below its threshold for deciding alone, then the customer value gives way", () => {
      const decision = triage(
        { title: 'Laptop', description: 'The laptop does not start', product: 'microsoft365' },
        rules([otherDevices]),
        unlimitedTriageBudget,
        { classifier: oneFeatureModel('w:laptop', 'product', 'other', 8) },
      );
      expect(decision).toMatchObject({ product: 'other', decidedBy: { product: 'rule' } });
      const reading = decision.explanation.find((entry) => entry.source === 'model' && entry.field === 'product');
      expect(reading?.confidence).toBeGreaterThan(0.5);
      expect(reading?.confidence).toBeLessThan(0.7);
    });

    it.each([
      ['reads a third product', oneFeatureModel('w:laptop', 'product', 'azure')],
      ["reads the rule's product without enough confidence", oneFeatureModel('w:laptop', 'product', 'other', 1)],
    ])(
      'given a product the customer chose and a rule that names another, when the model %s, then the customer value stands and the model says why',
      (_, classifier) => {
        const decision = triage(
          { title: 'Laptop', description: 'The laptop does not start', product: 'microsoft365' },
          rules([otherDevices]),
          unlimitedTriageBudget,
          { classifier },
        );
        expect(decision).toMatchObject({ product: 'microsoft365', decidedBy: { product: 'customer' } });
        expect(decision.explanation).toContainEqual(
          expect.objectContaining({
            source: 'model',
            field: 'product',
            applied: false,
            reason: expect.stringMatching(/so the customer's product stands$/),
          }),
        );
      },
    );

    it('given other as the customer chose it, when a rule and the model both surely read another product, then other stands: no default rule could confirm it once a service is named', () => {
      const decision = triage(
        {
          title: 'WLAN bricht ab',
          description: 'Im Lager bricht das WLAN ab, Teams-Anrufe brechen ab.',
          product: 'other',
        },
        rules([
          {
            id: 'teams',
            description: 'Teams is Microsoft 365',
            when: { keywords: { any: ['Teams*'] } },
            set: { product: 'microsoft365' },
          },
        ]),
        unlimitedTriageBudget,
        { classifier: oneFeatureModel('w:wlan', 'product', 'microsoft365') },
      );
      expect(decision).toMatchObject({ product: 'other', decidedBy: { product: 'customer' } });
    });

    it('given a tenant rule without conditions that sets a product, when the model surely reads that product, then the customer value stands: such a rule reads no words', () => {
      const decision = triage(
        { title: 'Laptop', description: 'The laptop does not start', product: 'microsoft365' },
        rules([
          { id: 'everything-other', description: 'Other unless said otherwise', when: {}, set: { product: 'azure' } },
        ]),
        unlimitedTriageBudget,
        { classifier: oneFeatureModel('w:laptop', 'product', 'azure') },
      );
      expect(decision).toMatchObject({ product: 'microsoft365', decidedBy: { product: 'customer' } });
    });

    it.each([
      [
        'WLAN bricht ab – Teams-Anrufe',
        'Im Lager bricht das WLAN ab, Teams-Anrufe brechen ab. Am Kabel geht alles.',
        'other',
      ],
      ['Router restart kills Teams', 'Every time the router restarts, Teams calls drop for everyone.', 'other'],
      ['Adobe Acrobat: PDFs öffnen nicht in Outlook', 'PDF-Anhänge öffnen sich nicht mehr.', 'other'],
      [
        'Power Automate flow to SharePoint fails',
        'The flow that copies Outlook attachments to SharePoint fails.',
        'microsoft365',
      ],
    ] as const)(
      'given the default rules and the model and "%s" filed under the product it is about, when triaged, then the customer value stands',
      (title, description, filed) => {
        expect(
          triage({ title, description, product: filed }, defaultTriageRules(), unlimitedTriageBudget),
        ).toMatchObject({ product: filed, decidedBy: { product: 'customer' } });
      },
    );

    it('given a product the customer chose that an earlier matching rule confirms, when a later rule and the model read another, then the customer value stands', () => {
      const decision = triage(
        { title: 'Office on the laptop', description: 'Office says product deactivated', product: 'microsoft365' },
        rules([officeApps, otherDevices]),
        unlimitedTriageBudget,
        { classifier: oneFeatureModel('w:laptop', 'product', 'other') },
      );
      expect(decision).toMatchObject({ product: 'microsoft365', decidedBy: { product: 'customer' } });
    });

    it("given a product the customer chose that only a later matching rule confirms, when the first matching rule and the model read another, then the first rule's product replaces it: rule order decides, as without the customer's choice", () => {
      const decision = triage(
        { title: 'Office on the laptop', description: 'Office says product deactivated', product: 'microsoft365' },
        rules([otherDevices, officeApps]),
        unlimitedTriageBudget,
        { classifier: oneFeatureModel('w:laptop', 'product', 'other') },
      );
      expect(decision).toMatchObject({ product: 'other', decidedBy: { product: 'rule' } });
      expect(decision.explanation).toContainEqual(
        expect.objectContaining({ ruleId: 'other-devices', field: 'product', applied: true }),
      );
    });

    it.each([
      [
        'Entra Connect sync errors',
        'Entra Connect on our sync server shows export errors since Monday, password changes do not reach the cloud.',
        'azure',
        'microsoft365',
      ],
      [
        'Intune enrollment fails for new iPhones',
        'New iPhones fail to enrol in Intune with a profile installation error.',
        'azure',
        'microsoft365',
      ],
      [
        'Windows 11 update stuck',
        'The feature update on two laptops hangs at 61 % since yesterday.',
        'microsoft365',
        'other',
      ],
      [
        'Laptop bootet nicht',
        'Nach dem BIOS-Update startet der Laptop von Frau Kern nicht mehr.',
        'microsoft365',
        'other',
      ],
      [
        'Azure AD password',
        'Users who changed their password on the domain cannot sign in to Outlook and Teams with the new one, Azure AD still has the old password.',
        'azure',
        'microsoft365',
      ],
    ] as const)(
      'given the default rules and the model and "%s" filed under a product it is not about, when triaged, then the product is the one rule and model both read',
      (title, description, filed, product) => {
        expect(
          triage({ title, description, product: filed }, defaultTriageRules(), unlimitedTriageBudget),
        ).toMatchObject({ product, decidedBy: { product: 'rule' } });
      },
    );

    it('given the default rules and the model and requests whose words also match another product rule, when triaged, then the customer-given product stands', () => {
      const requests = [
        {
          title: 'Office activation on new laptop',
          description: 'On the new laptop for our intern Office says "product deactivated" although she is signed in.',
          product: 'microsoft365',
        },
        {
          title: 'Sage Passwort zurücksetzen',
          description: 'Frau Berger hat ihr Sage-Passwort vergessen.',
          product: 'other',
        },
        { title: 'AVD login fails', description: 'Nobody can sign in to AVD, they get AADSTS50076.', product: 'azure' },
        {
          title: 'Raumreservierung geht nicht mehr',
          description: 'Unser Besprechungsraum nimmt seit gestern keine Reservierungen mehr an.',
          product: 'microsoft365',
        },
        {
          title: 'Migration Exchange 2016 -> Exchange Online',
          description: 'We want to move our remaining 40 mailboxes from Exchange 2016 to Exchange Online next month.',
          product: 'microsoft365',
        },
      ] as const;
      for (const request of requests)
        expect(triage(request, defaultTriageRules(), unlimitedTriageBudget)).toMatchObject({
          product: request.product,
          decidedBy: { product: 'customer' },
        });
    });
  });

  describe('a commercial category', () => {
    it('given a how-to filed as billing and a rule that reads it as technical, when triaged, then the rule replaces the hint and says so', () => {
      const decision = triage(
        { title: 'Azure question', description: 'How can we switch our VMs off every night?', category: 'billing' },
        rules([howTo]),
        unlimitedTriageBudget,
        rulesOnly,
      );
      expect(decision).toMatchObject({ category: 'technical', decidedBy: { category: 'rule' } });
      expect(decision.explanation).toContainEqual(
        expect.objectContaining({
          ruleId: 'how-to',
          applied: true,
          reason: 'How-to questions are technical (replaces the customer-given billing, a hint)',
        }),
      );
      expect(decision.explanation).toContainEqual(
        expect.objectContaining({
          source: 'customer',
          field: 'category',
          value: 'billing',
          applied: false,
          reason:
            "replaced the customer-given category billing with technical by rule 'how-to': How-to questions are technical",
        }),
      );
    });

    it('given a commercial category that nothing in the text supports, when the rule set has a category fallback rule, then the fallback replaces it', () => {
      const decision = triage(
        { title: 'Frage', description: 'Teams startet nicht', category: 'licensing' },
        rules([invoice, categoryFallback]),
        unlimitedTriageBudget,
        rulesOnly,
      );
      expect(decision).toMatchObject({ category: 'technical', decidedBy: { category: 'fallback' } });
    });

    it('given a commercial category the fallback rule replaced, when the model is confident, then the model decides and the explanation names it', () => {
      const decision = triage(
        { title: 'Seats', description: 'Please add five seats', category: 'licensing' },
        rules([invoice, categoryFallback]),
        unlimitedTriageBudget,
        { classifier: oneFeatureModel('w:seats', 'category', 'subscription') },
      );
      expect(decision).toMatchObject({ category: 'subscription', decidedBy: { category: 'model' } });
      expect(decision.explanation).toContainEqual(
        expect.objectContaining({
          source: 'customer',
          field: 'category',
          applied: false,
          reason: expect.stringMatching(
            /^replaced the customer-given category licensing with subscription by the text classifier \(probability (1|0\.\d+)\)$/,
          ),
        }),
      );
    });

    it('given the default rules and a how-to about switching VMs off filed as billing, when triaged, then it is technical', () => {
      const decision = triage(
        {
          title: 'Azure Frage',
          description: 'Wie können wir unsere Test-VMs in Azure jeden Abend automatisch herunterfahren?',
          category: 'billing',
        },
        defaultTriageRules(),
        unlimitedTriageBudget,
        rulesOnly,
      );
      expect(decision).toMatchObject({ product: 'azure', category: 'technical' });
    });

    it('given a commercial category a rule confirms, when a later rule would set another one, then the confirmed hint stays', () => {
      const decision = triage(
        { title: 'Invoice', description: 'How can we get the invoice as PDF?', category: 'billing' },
        rules([invoice, howTo, categoryFallback]),
        unlimitedTriageBudget,
        rulesOnly,
      );
      expect(decision).toMatchObject({ category: 'billing', decidedBy: { category: 'customer' } });
      expect(decision.explanation).toContainEqual(
        expect.objectContaining({
          ruleId: 'how-to',
          applied: false,
          reason:
            "category billing, as the customer chose, was already confirmed by rule 'invoice' (the first matching rule wins)",
        }),
      );
    });

    it('given a commercial category a rule confirms, when a later override rule sets another one, then the confirmed hint stays: the first matching rule wins', () => {
      const subscriptionNouns: TriageRuleInput = {
        id: 'subscription-nouns',
        description: 'Subscriptions are subscription matters',
        when: { keywords: { any: ['subscription'] } },
        set: { category: 'subscription' },
        override: true,
      };
      const decision = triage(
        { title: 'Invoices', description: 'Can we get a separate invoice per subscription?', category: 'billing' },
        rules([invoice, subscriptionNouns, categoryFallback]),
        unlimitedTriageBudget,
        rulesOnly,
      );
      expect(decision).toMatchObject({ category: 'billing', decidedBy: { category: 'customer' } });
      expect(decision.explanation).toContainEqual(
        expect.objectContaining({
          ruleId: 'subscription-nouns',
          applied: false,
          reason:
            "category billing, as the customer chose, was already confirmed by rule 'invoice' (the first matching rule wins)",
        }),
      );
    });

    it('given the default rules and separate invoices per Azure subscription filed as billing, when triaged, then it stays billing', () => {
      const decision = triage(
        {
          title: 'Invoices per department',
          description:
            'Each of our two departments has its own Azure subscription. Can we get a separate invoice for each subscription?',
          category: 'billing',
        },
        defaultTriageRules(),
        unlimitedTriageBudget,
      );
      expect(decision.category).toBe('billing');
    });

    it('given a technical category, when the model surely reads billing, then the customer value is kept: the model may not turn an invoicing outage into billing either', () => {
      const decision = triage(
        { title: 'ERP down', description: 'Nobody can create an invoice since 9:00', category: 'technical' },
        rules([]),
        unlimitedTriageBudget,
        { classifier: oneFeatureModel('w:invoice', 'category', 'billing') },
      );
      expect(decision).toMatchObject({ category: 'technical', decidedBy: { category: 'customer' } });
    });

    it('given a technical category, when a non-override rule says billing, then the customer value is kept: an invoicing outage is technical', () => {
      const decision = triage(
        { title: 'ERP down', description: 'Nobody can create an invoice since 9:00', category: 'technical' },
        rules([invoice, categoryFallback]),
        unlimitedTriageBudget,
        rulesOnly,
      );
      expect(decision).toMatchObject({ category: 'technical', decidedBy: { category: 'customer' } });
    });
  });

  describe('a technical category', () => {
    it("given a technical category, when a rule with conditions and the model both surely read billing, then the rule's category replaces it and the explanation says both read it", () => {
      const decision = triage(
        { title: 'Cost', description: 'Our invoice tripled this month', category: 'technical' },
        rules([invoice, categoryFallback]),
        unlimitedTriageBudget,
        { classifier: oneFeatureModel('w:invoice', 'category', 'billing') },
      );
      expect(decision).toMatchObject({ category: 'billing', decidedBy: { category: 'rule' } });
      expect(decision.explanation).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            ruleId: 'invoice',
            applied: true,
            reason:
              'Invoices are billing (replaces the customer-given technical: the text classifier reads billing too)',
          }),
          expect.objectContaining({
            source: 'model',
            field: 'category',
            applied: false,
            reason: expect.stringMatching(/so the customer-given technical gives way$/),
          }),
        ]),
      );
    });

    it.each([
      ['reads another category', oneFeatureModel('w:invoice', 'category', 'licensing')],
      ["reads the rule's category without enough confidence", oneFeatureModel('w:invoice', 'category', 'billing', 1)],
    ])(
      'given a technical category and a rule that reads billing, when the model %s, then the customer value stands and the model says why',
      (_, classifier) => {
        const decision = triage(
          { title: 'ERP down', description: 'Nobody can create an invoice since 9:00', category: 'technical' },
          rules([invoice, categoryFallback]),
          unlimitedTriageBudget,
          { classifier },
        );
        expect(decision).toMatchObject({ category: 'technical', decidedBy: { category: 'customer' } });
        expect(decision.explanation).toContainEqual(
          expect.objectContaining({
            source: 'model',
            field: 'category',
            applied: false,
            reason: expect.stringMatching(/so the customer's category stands$/),
          }),
        );
      },
    );

    it.each([
      [
        'Power BI Bericht',
        'Meine Kollegin bekommt beim Öffnen des Vertriebsberichts die Meldung, dass sie eine Power BI Pro Lizenz braucht. Welche Lizenz müssen wir ihr geben?',
        'licensing',
      ],
      [
        'New user cannot be added',
        'I want to create an account for our new colleague but the admin center says there are no licences available. Please add one more Business Standard.',
        'subscription',
      ],
      [
        'Azure costs exploding',
        'Our Azure bill was always around 900 EUR. Cost analysis already shows 4,200 EUR this month and about 250 EUR more every day. Please check what is running.',
        'billing',
      ],
    ])(
      'given the default rules and "%s" filed as technical, when triaged, then the commercial category both the rules and the model read replaces it',
      (title, description, category) => {
        const decision = triage(
          { title, description, category: 'technical' },
          defaultTriageRules(),
          unlimitedTriageBudget,
        );
        expect(decision).toMatchObject({ category, decidedBy: { category: 'rule' } });
      },
    );

    it.each([
      [
        'Rechnungslauf steht',
        'Seit 8 Uhr kann niemand in unserem ERP eine Rechnung erstellen, der Rechnungslauf bricht mit einem Datenbankfehler ab.',
      ],
      [
        'Invoices not sending',
        'Since this morning Business Central does not email invoices to customers anymore, the job queue shows an SMTP error.',
      ],
    ])(
      'given the default rules and an invoicing outage "%s" filed as technical, when triaged, then it stays technical',
      (title, description) => {
        const decision = triage(
          { title, description, category: 'technical' },
          defaultTriageRules(),
          unlimitedTriageBudget,
        );
        expect(decision).toMatchObject({ category: 'technical', decidedBy: { category: 'customer' } });
      },
    );
  });

  describe('a severity the label guide calls clearly wrong', () => {
    const noSeverityRules = rules([howTo]);
    const signature = { title: 'Signature', description: 'How do I add our logo to my signature?' };
    const readsC = oneFeatureModel('i:question', 'severity', 'C');

    it('given a how-to marked A, when the model is sure it is C, then the customer severity is replaced and the explanation says why', () => {
      const decision = triage({ ...signature, severity: 'A' }, noSeverityRules, unlimitedTriageBudget, {
        classifier: readsC,
      });
      expect(decision).toMatchObject({ severity: 'C', decidedBy: { severity: 'model' } });
      expect(decision.explanation).toContainEqual(
        expect.objectContaining({
          source: 'model',
          field: 'severity',
          value: 'C',
          applied: true,
          reason: expect.stringContaining(
            'two levels from the customer-given A, which the label guide calls clearly wrong',
          ),
        }),
      );
      expect(decision.explanation).toContainEqual(
        expect.objectContaining({ source: 'customer', field: 'severity', value: 'A', applied: false }),
      );
    });

    it.each([
      ['without override', false],
      ['with override', true],
    ])(
      'given a customer severity a matching rule %s also sets, when the model is sure of a severity two levels away, then the customer severity stands',
      (_, override) => {
        const critical: TriageRuleInput = {
          id: 'critical',
          description: 'Critical impact',
          when: { keywords: { any: ['logo'] } },
          set: { severity: 'A' },
          override,
        };
        const decision = triage({ ...signature, severity: 'A' }, rules([howTo, critical]), unlimitedTriageBudget, {
          classifier: readsC,
        });
        expect(decision).toMatchObject({ severity: 'A', decidedBy: { severity: 'customer' } });
      },
    );

    it('given an outage marked C, when the model is sure it is A, then it is raised to A', () => {
      const decision = triage(
        { title: 'Shop', description: 'The shop is offline for every customer.', severity: 'C' },
        noSeverityRules,
        unlimitedTriageBudget,
        { classifier: oneFeatureModel('i:outage', 'severity', 'A') },
      );
      expect(decision).toMatchObject({ severity: 'A', decidedBy: { severity: 'model' } });
    });

    it('given a customer severity one level from the model reading, when triaged, then the customer judgement stands', () => {
      const decision = triage({ ...signature, severity: 'B' }, noSeverityRules, unlimitedTriageBudget, {
        classifier: readsC,
      });
      expect(decision).toMatchObject({ severity: 'B', decidedBy: { severity: 'customer' } });
    });

    it('given a customer severity two levels from the model reading, when the model is not sure enough, then it stands', () => {
      const decision = triage({ ...signature, severity: 'A' }, noSeverityRules, unlimitedTriageBudget, {
        classifier: oneFeatureModel('i:question', 'severity', 'C', 1),
      });
      expect(decision).toMatchObject({ severity: 'A', decidedBy: { severity: 'customer' } });
    });

    it('given a request that says nothing about its impact marked A, when the model is sure it is C, then A stands: there is no ground to call it wrong', () => {
      const decision = triage(
        {
          title: 'Case of severity A',
          description: 'Details follow in the description of the request.',
          severity: 'A',
        },
        noSeverityRules,
        unlimitedTriageBudget,
        { classifier: oneFeatureModel('w:details', 'severity', 'C') },
      );
      expect(decision).toMatchObject({ severity: 'A', decidedBy: { severity: 'customer' } });
    });

    it('given a customer severity, when the rules alone triage it, then nothing corrects it', () => {
      const decision = triage({ ...signature, severity: 'A' }, noSeverityRules, unlimitedTriageBudget, rulesOnly);
      expect(decision).toMatchObject({ severity: 'A', decidedBy: { severity: 'customer' } });
    });
  });
});
