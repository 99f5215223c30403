import { useEffect, useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import type { TriageDecision, TriageRule } from '../apiTypes';
import { Notice } from '../components';
import { useLocalization, type MessageKey } from '../i18n';

type Message = { kind: 'info' | 'error'; text: string };

/** The text of an input, select or textarea event. */
const valueOf = (event: Event): string => (event.currentTarget as HTMLInputElement).value;

const products = ['azure', 'dynamics365', 'microsoft365', 'other'] as const;
const categories = ['technical', 'billing', 'subscription', 'licensing'] as const;
const severities = ['A', 'B', 'C'] as const;

/** What a rule sets, e.g. `severity A, scope tier2`. */
const setsOf = (rule: TriageRule): string =>
  Object.entries(rule.set)
    .filter(([, value]) => value !== undefined)
    .map(([field, value]) => `${field} ${String(value)}`)
    .join(', ');

/**
 * Admin: the tenant's triage rules (GET /api/triage-rules) as JSON an admin can edit, save (PUT with If-Match) and try
 * on a sample request (POST /api/triage-rules/try) before saving: the answer says which rule set each field and why
 * each other rule did not fire. Trying stores nothing.
 */
export function TriageRulesAdmin({ onProblem }: { onProblem: (error: unknown) => string }) {
  const { t } = useLocalization();
  const [saved, setSaved] = useState<TriageRule[]>();
  const [etag, setEtag] = useState<string>();
  const [text, setText] = useState('');
  const [message, setMessage] = useState<Message>();
  const [sample, setSample] = useState({ title: '', description: '', product: '', category: '', severity: '' });
  const [decision, setDecision] = useState<TriageDecision>();
  const [trialProblem, setTrialProblem] = useState<string>();

  const load = (): Promise<void> =>
    api<TriageRule[]>('/api/triage-rules').then(
      (answer) => {
        setSaved(answer.body);
        setEtag(answer.etag);
        setText(JSON.stringify(answer.body, null, 2));
      },
      (failure: unknown) => setMessage({ kind: 'error', text: onProblem(failure) }),
    );
  useEffect(() => void load(), []);

  /** The rules as edited, or undefined (and a problem shown) when the text is not JSON. */
  const editedRules = (): unknown => {
    try {
      return JSON.parse(text) as unknown;
    } catch (failure) {
      setMessage({ kind: 'error', text: t('rulesNotJson', { detail: (failure as Error).message }) });
      return undefined;
    }
  };
  /** A 400's field problems as one line each, e.g. `rules.0.set: a rule must set …`. */
  const problemsOf = (failure: ApiError): string =>
    [failure.message, ...(failure.problem.errors ?? []).map(({ field, message: text }) => `${field}: ${text}`)].join(
      '\n',
    );

  const save = async (): Promise<void> => {
    const rules = editedRules();
    if (rules === undefined) return;
    try {
      const answer = await api<TriageRule[]>('/api/triage-rules', { method: 'PUT', ifMatch: etag, body: rules });
      setSaved(answer.body);
      setEtag(answer.etag);
      setText(JSON.stringify(answer.body, null, 2));
      setMessage({ kind: 'info', text: t('rulesSaved') });
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 412) {
        setMessage({ kind: 'error', text: t('rulesChanged') });
        await load();
      } else if (failure instanceof ApiError && failure.status === 400) {
        setMessage({ kind: 'error', text: t('failed', { detail: problemsOf(failure) }) });
      } else setMessage({ kind: 'error', text: t('failed', { detail: onProblem(failure) }) });
    }
  };

  const tryIt = async (event: Event): Promise<void> => {
    event.preventDefault();
    setTrialProblem(undefined);
    const rules = editedRules();
    if (rules === undefined) return;
    const unsaved = JSON.stringify(rules) !== JSON.stringify(saved);
    const customerGave = Object.fromEntries(Object.entries(sample).filter(([, value]) => value !== ''));
    try {
      const answer = await api<TriageDecision>('/api/triage-rules/try', {
        method: 'POST',
        body: { ...customerGave, ...(unsaved ? { rules } : {}) },
      });
      setDecision(answer.body);
    } catch (failure) {
      setDecision(undefined);
      setTrialProblem(
        failure instanceof ApiError && failure.status === 400
          ? problemsOf(failure)
          : t('failed', { detail: onProblem(failure) }),
      );
    }
  };

  const choice = (field: 'product' | 'category' | 'severity', options: readonly string[]) => (
    <div class="field">
      <label for={`sample-${field}`}>{t(`customerChose.${field}` as MessageKey)}</label>
      <select
        id={`sample-${field}`}
        value={sample[field]}
        onChange={(event) => setSample({ ...sample, [field]: valueOf(event) })}
      >
        <option value="">{t('notChosen')}</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <>
      <h1>{t('triageTitle')}</h1>
      <Notice kind={message?.kind ?? 'info'} text={message?.text} />
      {saved && (
        <table class="cases">
          <caption class="visually-hidden">{t('triageTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('ruleId')}</th>
              <th scope="col">{t('ruleDescription')}</th>
              <th scope="col">{t('ruleSets')}</th>
            </tr>
          </thead>
          <tbody>
            {saved.map((rule) => (
              <tr key={rule.id} data-rule-id={rule.id}>
                <td>{rule.id}</td>
                <td>{rule.description}</td>
                <td>{setsOf(rule)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section aria-labelledby="try-title" class="try-it">
        <h2 id="try-title">{t('tryIt')}</h2>
        <p>{t('tryItText')}</p>
        <form onSubmit={(event) => void tryIt(event)} class="composer">
          <label for="sample-title">{t('title')}</label>
          <input
            id="sample-title"
            required
            value={sample.title}
            onInput={(event) => setSample({ ...sample, title: valueOf(event) })}
          />
          <label for="sample-description">{t('sampleDescription')}</label>
          <textarea
            id="sample-description"
            required
            rows={4}
            value={sample.description}
            onInput={(event) => setSample({ ...sample, description: valueOf(event) })}
          />
          <div class="corrections">
            {choice('product', products)}
            {choice('category', categories)}
            {choice('severity', severities)}
          </div>
          <p>
            <button type="submit">{t('tryButton')}</button>
          </p>
        </form>
        {trialProblem && (
          <div role="alert" class="notice notice-error field-problem-block">
            {trialProblem}
          </div>
        )}
        {decision && (
          <div class="trial" data-trial>
            <h3>{t('trialOutcome')}</h3>
            <dl class="facts">
              {(['product', 'category', 'severity', 'tier'] as const).map((field) => (
                <div key={field} data-field={field}>
                  <dt>{t(`decided.${field}` as MessageKey)}</dt>
                  <dd>
                    {decision[field]} (
                    {t(`decider.${decision.decidedBy[field === 'tier' ? 'scope' : field]}` as MessageKey)})
                  </dd>
                </div>
              ))}
            </dl>
            <p data-fired>
              {decision.matchedRuleIds.length
                ? t('rulesFired', { rules: decision.matchedRuleIds.join(', ') })
                : t('noRuleFired')}
            </p>
            <h3>{t('whyTitle')}</h3>
            <ul class="explanation">
              {decision.explanation.map((entry, index) => (
                <li
                  key={index}
                  data-rule-id={entry.ruleId ?? undefined}
                  data-outcome={entry.matched === false ? 'notMatched' : entry.applied ? 'applied' : 'notApplied'}
                >
                  <strong>
                    {entry.ruleId ?? t(`decider.${entry.source}` as MessageKey)}
                    {': '}
                  </strong>
                  {entry.matched === false
                    ? t('ruleDidNotMatch')
                    : entry.applied
                      ? t('setField', { field: entry.field, value: entry.value })
                      : t('didNotSetField', { field: entry.field, value: entry.value })}{' '}
                  — {entry.reason}
                </li>
              ))}
            </ul>
            {decision.nonMatchingRulesNotListed !== undefined && (
              <p>{t('moreNotMatched', { count: String(decision.nonMatchingRulesNotListed) })}</p>
            )}
          </div>
        )}
      </section>
      <section aria-labelledby="rules-title">
        <h2 id="rules-title">{t('editRules')}</h2>
        <p>{t('editRulesText')}</p>
        <label for="rules-json">{t('rulesJson')}</label>
        <textarea
          id="rules-json"
          class="rules-json"
          rows={16}
          spellcheck={false}
          value={text}
          onInput={(event) => setText(valueOf(event))}
        />
        <p>
          <button type="button" onClick={() => void save()}>
            {t('saveRules')}
          </button>
        </p>
      </section>
    </>
  );
}
