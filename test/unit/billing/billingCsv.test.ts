import { billingExport } from '../../../shared/domain/billing';
import { billingCsv } from '../../../shared/services/billing';
import { monday, supportCaseFixture } from '../caseWork/supportCaseFixture';

/*
 * Partners open the billing CSV in a spreadsheet, and case titles are written by customers: a title must never run as
 * a formula there (OWASP: CSV Injection).
 */

const billable = (title: string) =>
  supportCaseFixture({
    title,
    entitlement: {
      customerKnown: true,
      planId: 'basic',
      covered: true,
      billable: true,
      billingMode: 'hourly',
      rule: 'billedByPlan',
      price: { amount: 95, currency: 'EUR', per: 'hour' },
      reason: 'severity B is covered by Basic, billed per hour',
      serviceHoursTimeZone: 'Europe/Berlin',
      changes: [],
    },
  });

describe('the billing CSV', () => {
  it.each(['=HYPERLINK("https://evil.example","Refund")', '+1+1', '-2+3', '@SUM(A1)', '\tTab first'])(
    'given a customer title %j, when exported as CSV, then the cell starts with an apostrophe and stays text',
    (title) => {
      const csv = billingCsv(billingExport('2026-03', [billable(title)], monday));

      const cells = csv.trim().split('\n')[1] ?? '';
      expect(cells).toContain(`'${title.startsWith('=') ? '=HYPERLINK' : title.slice(0, 2)}`);
      expect(cells).not.toMatch(/(^|,)"?[=+\-@\t]/);
    },
  );

  it('given an ordinary title with a comma and quotes, when exported, then it is one quoted cell as RFC 4180 writes it', () => {
    const csv = billingCsv(billingExport('2026-03', [billable('Invoice "October", doubled')], monday));

    expect(csv).toContain('"Invoice ""October"", doubled"');
  });
});
