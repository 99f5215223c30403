import {
  defaultTriageRules,
  measureTriageAccuracy,
  triageRulesSchema,
  type LabelledRequest,
} from '../../../shared/domain/triage';
import { triageAccuracyTargets } from '../../../bench/triageAccuracy.bench';
import { loadLabelledFixtures, loadLabelledRequests } from '../../fixtures/triage/labelledRequests';

describe('triage accuracy', () => {
  describe('measurement', () => {
    const example = (id: string, title: string, expected: LabelledRequest['expected']): LabelledRequest => ({
      id,
      language: 'en',
      split: 'tuning',
      request: { title, description: '' },
      expected,
    });
    const rules = triageRulesSchema.parse([
      { id: 'teams', description: 'Teams', when: { keywords: { any: ['Teams'] } }, set: { product: 'microsoft365' } },
    ]);

    it('given two requests and one wrong product, when measured, then product accuracy is 0.5 and the miss names its rule', () => {
      const report = measureTriageAccuracy(
        [
          example('a', 'Teams', { product: 'microsoft365', category: 'technical', severity: 'C', tier: 'tier1' }),
          example('b', 'Teams', { product: 'azure', category: 'technical', severity: 'C', tier: 'tier1' }),
        ],
        rules,
      );
      expect(report.accuracy).toEqual({ product: 0.5, category: 1, severity: 1, tier: 1 });
      expect(report.misses).toEqual([
        {
          id: 'b',
          field: 'product',
          expected: 'azure',
          actual: 'microsoft365',
          title: 'Teams',
          split: 'tuning',
          decidedBy: 'teams',
        },
      ]);
    });

    it('given three requests with one wrong tier decided by a fallback, when measured, then accuracy is rounded to 3 decimals', () => {
      const report = measureTriageAccuracy(
        [
          example('a', 'x', { product: 'other', category: 'technical', severity: 'C', tier: 'tier1' }),
          example('b', 'y', { product: 'other', category: 'technical', severity: 'C', tier: 'tier1' }),
          example('c', 'z', { product: 'other', category: 'technical', severity: 'C', tier: 'tier2' }),
        ],
        rules,
      );
      expect(report.accuracy.tier).toBe(0.667);
      expect(report.misses[0]?.decidedBy).toBe('fallback');
    });
  });

  describe('labelled requests', () => {
    const fixtures = loadLabelledFixtures();
    const examples = loadLabelledRequests();

    it('given the labelled set, when loaded, then it has at least 600 requests, about 40% German and unique ids in order', () => {
      expect(examples.length).toBeGreaterThanOrEqual(600);
      const germanShare = examples.filter((item) => item.language === 'de').length / examples.length;
      expect(germanShare).toBeGreaterThanOrEqual(0.35);
      expect(germanShare).toBeLessThanOrEqual(0.5);
      examples.forEach((item, index) => expect(item.id).toBe(`lr-${String(index + 1).padStart(3, '0')}`));
    });

    it('given the labelled set, when split, then the first 225 keep every 5th held out, lr-226 to lr-609 hold out numbers ending in 0, 2, 5 or 7, and the training additions from lr-610 on are tuning only', () => {
      examples.forEach((item, index) => {
        const number = index + 1;
        const heldOut = number <= 225 ? number % 5 === 0 : number <= 609 && (number % 5 === 0 || number % 5 === 2);
        expect(item.split).toBe(heldOut ? 'holdout' : 'tuning');
      });
    });

    it('given the holdout split, when counted, then it has at least 150 requests in both languages from other writers and covers every label', () => {
      const holdout = examples.filter((item) => item.split === 'holdout');
      expect(holdout.length).toBeGreaterThanOrEqual(150);
      const germanShare = holdout.filter((item) => item.language === 'de').length / holdout.length;
      expect(germanShare).toBeGreaterThanOrEqual(0.35);
      expect(germanShare).toBeLessThanOrEqual(0.55);
      expect(
        fixtures.filter((item) => item.split === 'holdout' && item.writer !== undefined).length,
      ).toBeGreaterThanOrEqual(105);
      (['product', 'category', 'severity', 'tier'] as const).forEach((field) =>
        expect(new Set(holdout.map((item) => item.expected[field]))).toEqual(
          new Set(examples.map((item) => item.expected[field])),
        ),
      );
    });

    it('given the requests after the first 225, when loaded, then each names its writer and the set has at least 10 writers', () => {
      const later = fixtures.slice(225);
      later.forEach((item) => expect(item.writer).toBeDefined());
      fixtures.slice(0, 225).forEach((item) => expect(item.writer).toBeUndefined());
      expect(new Set(later.map((item) => item.writer)).size).toBeGreaterThanOrEqual(10);
    });

    it('given the labelled set, when loaded, then it covers every product, category, severity and tier', () => {
      const labels = (field: keyof LabelledRequest['expected']) =>
        new Set(examples.map((item) => item.expected[field]));
      expect(labels('product')).toEqual(new Set(['azure', 'dynamics365', 'microsoft365', 'other']));
      expect(labels('category')).toEqual(new Set(['billing', 'subscription', 'licensing', 'technical']));
      expect(labels('severity')).toEqual(new Set(['A', 'B', 'C']));
      expect(labels('tier')).toEqual(new Set(['tier1', 'tier2']));
      expect(examples.some((item) => item.request.severity !== undefined)).toBe(true);
    });

    it('given the default rules, when run on the labelled set, then product, category and severity meet their targets', () => {
      const { accuracy } = measureTriageAccuracy(examples, defaultTriageRules());
      expect(accuracy.product).toBeGreaterThanOrEqual(triageAccuracyTargets.product ?? 1);
      expect(accuracy.category).toBeGreaterThanOrEqual(triageAccuracyTargets.category ?? 1);
      expect(accuracy.severity).toBeGreaterThanOrEqual(triageAccuracyTargets.severity ?? 1);
    });
  });
});
