import {
  defaultTriageRules,
  measureTriageAccuracy,
  triageRulesSchema,
  type LabelledRequest,
} from '../../../shared/domain/triage';
import { triageAccuracyTargets } from '../../../bench/triageAccuracy.bench';
import { loadLabelledRequests } from '../../fixtures/triage/labelledRequests';

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
    const examples = loadLabelledRequests();

    it('given the labelled set, when loaded, then it has at least 200 requests, about 40% German and every 5th held out', () => {
      expect(examples.length).toBeGreaterThanOrEqual(200);
      const germanShare = examples.filter((item) => item.language === 'de').length / examples.length;
      expect(germanShare).toBeGreaterThanOrEqual(0.35);
      expect(germanShare).toBeLessThanOrEqual(0.5);
      examples.forEach((item, index) => expect(item.split).toBe((index + 1) % 5 === 0 ? 'holdout' : 'tuning'));
      expect(new Set(examples.map((item) => item.id)).size).toBe(examples.length);
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
      const { accuracy } = measureTriageAccuracy(examples, defaultTriageRules);
      expect(accuracy.product).toBeGreaterThanOrEqual(triageAccuracyTargets.product ?? 1);
      expect(accuracy.category).toBeGreaterThanOrEqual(triageAccuracyTargets.category ?? 1);
      expect(accuracy.severity).toBeGreaterThanOrEqual(triageAccuracyTargets.severity ?? 1);
    });
  });
});
