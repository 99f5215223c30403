import { triage, triageRulesSchema } from '../../../shared/domain/triage';
import { impactCueFeatures } from '../../../shared/domain/triage/impactCues';
import { impactCueValue, textFeatures, vectorise } from '../../../shared/domain/triage/textClassifier';

/*
 * Impact cues: the model reads what a request says about business impact (who is affected, whether work stops, by
 * when, a workaround) in English and German as features of their own, so severity does not hang on the words of the
 * few labelled requests that happen to name an impact.
 */
const cuesOf = (text: string): string[] =>
  [...textFeatures(text).keys()].filter((feature) => feature.startsWith('i:')).sort();

describe('impact cues', () => {
  it('given a company-wide outage in German with umlauts, when featurised, then it has the outage, everyone and cannot-work cues', () => {
    expect(cuesOf('Server ausgefallen – alle Mitarbeitenden können nicht arbeiten')).toEqual(
      expect.arrayContaining(['i:cannot-work', 'i:everyone', 'i:outage']),
    );
  });

  it('given English with an apostrophe, when featurised, then "can\'t work" reads as cannot work', () => {
    expect(cuesOf("Since 9:00 we can't work, the file server is unavailable")).toEqual(
      expect.arrayContaining(['i:cannot-work', 'i:outage']),
    );
  });

  it('given a number of affected people, when featurised, then ten or more count as many and two to nine as few', () => {
    expect(cuesOf('35 Anwender im Vertrieb sind betroffen')).toContain('i:many-affected');
    expect(cuesOf('3 users in sales see the error')).toEqual(expect.arrayContaining(['i:few-affected', 'i:fault']));
    expect(cuesOf('3 users in sales see the error')).not.toContain('i:many-affected');
  });

  it('given a single user with a workaround and no hurry, when featurised, then those cues are found and no outage', () => {
    const cues = cuesOf('Outlook crashes on my laptop, the web version works. Not urgent.');
    expect(cues).toEqual(expect.arrayContaining(['i:single-user', 'i:workaround', 'i:minor', 'i:fault']));
    expect(cues).not.toContain('i:outage');
  });

  it('given a deadline and an amount of money, when featurised, then both are cues', () => {
    expect(cuesOf('Die Kosten sind auf 3.400 € gestiegen, Abgabe ist morgen')).toEqual(
      expect.arrayContaining(['i:cost-spike', 'i:deadline', 'i:money']),
    );
  });

  it('given a hostile text of the longest length the model reads, when featurised, then it takes well under a second', () => {
    const started = performance.now();
    textFeatures(`${'1 '.repeat(5_000)}${'x'.repeat(10_000)}`);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('given a text with no impact language, when featurised, then it has no cue', () => {
    expect(impactCueFeatures('teams meeting room device')).toEqual([]);
  });

  it('given a short and a long text with the same cue, when vectorised, then the cue weighs the same in both', () => {
    const vocabulary = new Map([['i:outage', 0]]);
    const short = vectorise(textFeatures('VM down'), vocabulary);
    const long = vectorise(textFeatures(`VM down. ${'Some more words about our setup. '.repeat(40)}`), vocabulary);
    expect(short).toEqual({ indexes: [0], values: [impactCueValue], impactCues: 1, words: 2 });
    expect(long).toEqual({ ...short, words: long.words });
  });

  describe('the shipped model, without rules', () => {
    const noRules = triageRulesSchema.parse([]);
    const severityOf = (title: string) => triage({ title, description: '' }, noRules);

    it.each([
      'Since this morning nobody in the whole company can work',
      'Seit heute früh kann in der ganzen Firma niemand arbeiten',
    ])('given "%s", when triaged, then the model raises the severity above C', (title) => {
      const decision = severityOf(title);
      expect(decision.decidedBy.severity).toBe('model');
      expect(['A', 'B']).toContain(decision.severity);
    });

    it.each(['How do I change my signature?', 'Wie kann ich meine Signatur ändern?'])(
      'given the how-to question "%s", when triaged, then the model agrees with severity C',
      (title) => {
        const decision = severityOf(title);
        expect(decision.severity).toBe('C');
        expect(decision.explanation).toContainEqual(
          expect.objectContaining({ source: 'model', field: 'severity', value: 'C', applied: false }),
        );
      },
    );
  });
});
