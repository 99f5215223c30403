import { z } from 'zod';
import type { NewTimelineEvent } from '../../../shared/domain/case';
import { defaultTriageRules, triage, triageRulesSchema, unlimitedTriageBudget } from '../../../shared/domain/triage';
import { rulesOrDefaults, withTriageNotes } from '../../../shared/domain/triage/triageNotes';

const triagedEvent: NewTimelineEvent = {
  type: 'triaged',
  at: '2025-03-03T10:00:00.000Z',
  actor: { kind: 'system', id: 'pipeline' },
  visibility: 'internal',
  summary: 'Triaged as other / technical / severity C, tier 1 (basic support) (no rule decided a field)',
  data: { explanation: [] },
};
const rules = triageRulesSchema.parse([
  {
    id: 'teams',
    description: 'Mentions Teams',
    when: { keywords: { any: ['Teams'] } },
    set: { product: 'microsoft365' },
  },
]);

describe('notes on the triaged timeline entry', () => {
  it('given a decision cut short by the budget, when noted, then the triaged entry says so in its summary and data', () => {
    const decision = triage({ title: 'Teams', description: '' }, rules, {
      limitMs: 5,
      now: (() => {
        let t = 0;
        return () => (t += 10);
      })(),
    });
    const { events } = withTriageNotes({ events: [triagedEvent] }, decision);

    expect(events[0]?.summary).toMatch(
      /; triage ran out of its 5 ms time budget at rule 'teams': 1 rules not evaluated/,
    );
    expect(events[0]?.data).toEqual({ explanation: [], budgetExceeded: decision.budgetExceeded });
  });

  it('given a product decided without a mention that rules a product out, when noted, then the triaged entry names the mention in its summary and data', () => {
    const decision = triage(
      { title: 'NAS down', description: 'Outlook works fine, only the NAS is down since 10:00.' },
      defaultTriageRules(),
      unlimitedTriageBudget,
    );

    const [noted] = withTriageNotes({ events: [triagedEvent] }, decision).events;

    expect(noted?.summary).toContain('the product was decided without "Outlook works fine", which rules a product out');
    // The default rules outnumber the non-matching ones an explanation lists, so the data may also count the rest.
    expect(noted?.data).toEqual(expect.objectContaining({ explanation: [], ruledOutMentions: ['Outlook works fine'] }));
  });

  it('given a product decided without two ruled-out mentions, when noted, then the summary names both', () => {
    const decision = triage(
      { title: 'Phones', description: 'Teams läuft, Outlook geht. Nur die Telefonanlage (Starface) ist tot.' },
      defaultTriageRules(),
      unlimitedTriageBudget,
    );

    const [noted] = withTriageNotes({ events: [triagedEvent] }, decision).events;

    expect(noted?.summary).toContain(
      'the product was decided without "Teams läuft", "Outlook geht", which rule a product out',
    );
  });

  it('given a decision made in time with the tenant rules, when noted, then the entries are unchanged', () => {
    const change = { events: [triagedEvent] };
    expect(withTriageNotes(change, triage({ title: 'Teams', description: '' }, rules))).toBe(change);
  });

  it('given stored rules that fail validation, when loaded, then the defaults are used and the note says why', async () => {
    const stale = () => Promise.reject(new z.ZodError([]));
    const loaded = await rulesOrDefaults(stale);
    expect(loaded.rules).toBe(defaultTriageRules());
    const { events } = withTriageNotes(
      { events: [triagedEvent] },
      triage({ title: 'x', description: 'y' }, loaded.rules),
      loaded.note,
    );
    expect(events[0]?.summary).toMatch(/stored triage rules fail validation/);
    expect(events[0]?.data).toMatchObject({ rulesNote: loaded.note });
  });

  it('given storage that fails, when rules are loaded, then the error is thrown so the message is delivered again', async () => {
    await expect(rulesOrDefaults(() => Promise.reject(new Error('table storage unavailable')))).rejects.toThrow(
      'table storage unavailable',
    );
  });
});
