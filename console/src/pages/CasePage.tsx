import { useEffect, useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import {
  escalationVehicles,
  type Agent,
  type CaseStatus,
  type CaseView,
  type EscalationVehicle,
  type SlaClock,
  type TimelineEntry,
} from '../apiTypes';
import { Link, Notice, SlaBadgeView, StatusLabel } from '../components';
import { useLocalization } from '../i18n';
import { casesHref } from '../router';
import { formatInstant, useNow } from '../time';

/**
 * The moves an agent may offer from each status, as the desk's lifecycle allows them (shared/domain/lifecycle/
 * transitions.ts). The desk decides: when it refuses a move (409), the moves it names in `allowed` replace these.
 */
const agentMoves: Record<CaseStatus, readonly CaseStatus[]> = {
  new: ['in_progress'],
  triaged: ['in_progress'],
  enriched: ['in_progress'],
  in_progress: ['pending_customer', 'resolved'],
  pending_customer: ['in_progress', 'resolved'],
  resolved: ['in_progress', 'closed'],
  closed: ['in_progress'],
};

type Message = { kind: 'info' | 'error'; text: string };

/** The fields an agent may correct (PATCH /api/cases/{id}), each with the values the desk takes. */
const correctable = {
  severity: ['A', 'B', 'C'],
  product: ['azure', 'microsoft365', 'dynamics365', 'other'],
  category: ['technical', 'billing', 'subscription', 'licensing'],
  tier: ['tier1', 'tier2', 'microsoft'],
} as const;
type Correctable = keyof typeof correctable;
const correctableFields = Object.keys(correctable) as Correctable[];

/** One case: its clocks, customer and entitlement, timeline, and what an agent does with it. */
export function CasePage({ id, onProblem }: { id: string; onProblem: (error: unknown) => string }) {
  const { t, language } = useLocalization();
  const now = useNow();
  const [supportCase, setCase] = useState<CaseView>();
  const [etag, setEtag] = useState<string>();
  const [agents, setAgents] = useState<Agent[]>([]);
  const [refusedMoves, setRefusedMoves] = useState<{ from: CaseStatus; allowed: CaseStatus[] }>();
  const [message, setMessage] = useState<Message>();
  const [busy, setBusy] = useState(false);
  const [draft, setDraft] = useState('');
  const [kind, setKind] = useState<'reply' | 'note'>('reply');
  const [reason, setReason] = useState('');
  const [assignee, setAssignee] = useState('');
  const [corrections, setCorrections] = useState<Partial<Record<Correctable, string>>>({});
  const [correctionReason, setCorrectionReason] = useState('');
  const [escalationReason, setEscalationReason] = useState('');
  const [microsoftReason, setMicrosoftReason] = useState('');
  const [vehicle, setVehicle] = useState<EscalationVehicle | ''>('');

  const load = async (): Promise<void> => {
    const answer = await api<CaseView>(`/api/cases/${encodeURIComponent(id)}`);
    setCase(answer.body);
    setEtag(answer.etag);
    setAssignee(answer.body.assignee ?? '');
  };
  useEffect(() => {
    setCase(undefined);
    load().catch((failure: unknown) => setMessage({ kind: 'error', text: onProblem(failure) }));
    api<{ agents: Agent[] }>('/api/agents').then(
      (answer) => setAgents(answer.body.agents.filter((agent) => agent.active)),
      () => setAgents([]), // without the directory the case can still be worked; only assignment is missing
    );
  }, [id]);

  /** A write with If-Match; a 412 means someone changed the case meanwhile: reload it and say so. */
  const write = async (path: string, body: unknown, done: () => string, method = 'POST'): Promise<void> => {
    setBusy(true);
    try {
      const url = `/api/cases/${encodeURIComponent(id)}${path ? `/${path}` : ''}`;
      await api(url, { method, body, ifMatch: etag });
      await load();
      setMessage({ kind: 'info', text: done() });
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 412) {
        await load().catch(() => undefined);
        setMessage({ kind: 'error', text: t('staleReloaded') });
      } else if (failure instanceof ApiError && failure.status === 409 && failure.problem.allowed && supportCase) {
        setRefusedMoves({ from: supportCase.status, allowed: failure.problem.allowed });
        setMessage({ kind: 'error', text: t('moveRefused', { detail: failure.message }) });
      } else {
        setMessage({ kind: 'error', text: t('failed', { detail: onProblem(failure) }) });
      }
    } finally {
      setBusy(false);
    }
  };

  if (!supportCase) return <Notice kind={message?.kind ?? 'info'} text={message?.text ?? t('loading')} />;

  const moves =
    refusedMoves?.from === supportCase.status ? refusedMoves.allowed : (agentMoves[supportCase.status] ?? []);
  const sendMessage = (event: Event): void => {
    event.preventDefault();
    void write(kind === 'reply' ? 'replies' : 'notes', { text: draft }, () => {
      setDraft('');
      return t('sent');
    });
  };
  const move = (to: CaseStatus): void =>
    void write('transitions', reason.trim() ? { to, reason: reason.trim() } : { to }, () => {
      setReason('');
      return t('moved', { status: t(`status.${to}`) });
    });
  const assign = (event: Event): void => {
    event.preventDefault();
    void write('assignment', { assignee: assignee || null }, () => t('assigned'));
  };
  const correct = (event: Event): void => {
    event.preventDefault();
    const changed = Object.fromEntries(
      correctableFields
        .filter((field) => corrections[field] !== undefined && corrections[field] !== supportCase[field])
        .map((field) => [field, corrections[field]]),
    );
    if (Object.keys(changed).length === 0) return setMessage({ kind: 'error', text: t('nothingChanged') });
    void write(
      '',
      { ...changed, reason: correctionReason.trim() },
      () => {
        setCorrections({});
        setCorrectionReason('');
        return t('corrected');
      },
      'PATCH',
    );
  };
  const escalate = (event: Event): void => {
    event.preventDefault();
    void write('ladder-steps', { reason: escalationReason.trim() }, () => {
      setEscalationReason('');
      return t('escalated');
    });
  };
  const escalateToMicrosoft = (event: Event): void => {
    event.preventDefault();
    const body = vehicle ? { reason: microsoftReason.trim(), vehicle } : { reason: microsoftReason.trim() };
    void write('escalations', body, () => {
      setMicrosoftReason('');
      setVehicle('');
      return t('escalatedToMicrosoft');
    });
  };
  const entitlement = supportCase.entitlement;
  const yesNo = (value: boolean | undefined): string => (value ? t('yes') : t('no'));

  return (
    <article class="case" aria-labelledby="case-title">
      <p>
        <Link href={casesHref('status=open&sort=due')}>{t('back')}</Link>
      </p>
      <h1 id="case-title">
        {supportCase.caseNumber}: {supportCase.title}
      </h1>
      <p class="case-facts">
        <StatusLabel status={supportCase.status} /> · {t('severity')} {supportCase.severity ?? '–'} ·{' '}
        {supportCase.product ?? '–'} · {t('assignee')}: {supportCase.assignee ?? t('nobody')}
      </p>
      <Notice kind={message?.kind ?? 'info'} text={message?.text} />

      <div class="case-columns">
        <section aria-labelledby="clocks-title">
          <h2 id="clocks-title">{t('slaClocks')}</h2>
          <SlaBadgeView sla={supportCase.sla} now={now} />
          <ul class="clocks">
            {(supportCase.sla?.clocks ?? []).map((clock: SlaClock) => (
              <li key={clock.key} data-clock={clock.key}>
                <strong>{t(`metric.${clock.metric}`)}</strong>: {t(`clock.${clock.state}`)}
                {clock.dueAt &&
                  clock.state === 'running' &&
                  ` · ${t('dueAt', { time: formatInstant(clock.dueAt, language) })}`}
              </li>
            ))}
            {(supportCase.escalations ?? [])
              .filter((escalation) => escalation.responseDueAt)
              .map((escalation) => (
                <li key={escalation.id}>
                  <strong>{t('metric.microsoft')}</strong>:{' '}
                  {t('dueAt', { time: formatInstant(escalation.responseDueAt as string, language) })}
                </li>
              ))}
          </ul>
        </section>

        <section aria-labelledby="entitlement-title">
          <h2 id="entitlement-title">{t('entitlementTitle')}</h2>
          <dl class="facts">
            <dt>{t('customer')}</dt>
            <dd>{supportCase.customer?.name ?? '–'}</dd>
            <dt>{t('contact')}</dt>
            <dd>
              {supportCase.contact?.name ?? '–'} {supportCase.contact?.email ? `<${supportCase.contact.email}>` : ''}
            </dd>
            <dt>{t('plan')}</dt>
            <dd>{entitlement?.planId ?? t('noPlan')}</dd>
            <dt>{t('covered')}</dt>
            <dd>{yesNo(entitlement?.covered)}</dd>
            <dt>{t('billable')}</dt>
            <dd>
              {yesNo(entitlement?.billable)}
              {entitlement?.reason ? ` (${entitlement.reason})` : ''}
            </dd>
          </dl>
        </section>
      </div>

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('timeline')}</h2>
        <ol class="timeline">
          {supportCase.timeline.map((entry: TimelineEntry) => (
            <li
              key={entry.seq}
              class={entry.visibility === 'internal' ? 'entry entry-internal' : 'entry'}
              data-visibility={entry.visibility}
              data-type={entry.type}
            >
              <p class="entry-head">
                <time dateTime={entry.at}>{formatInstant(entry.at, language)}</time> ·{' '}
                {entry.actor.name ?? entry.actor.id ?? entry.actor.kind}
                {entry.visibility === 'internal' && <span class="tag-internal">{t('internal')}</span>}
              </p>
              <p>{entry.summary}</p>
              {typeof entry.data?.text === 'string' && <blockquote class="entry-text">{entry.data.text}</blockquote>}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="composer-title">
        <h2 id="composer-title">{t('composer')}</h2>
        <form onSubmit={sendMessage} class="composer">
          <fieldset>
            <legend>{t('composerKind')}</legend>
            <label>
              <input
                type="radio"
                name="kind"
                value="reply"
                checked={kind === 'reply'}
                onChange={() => setKind('reply')}
              />
              {t('reply')}
            </label>
            <label>
              <input type="radio" name="kind" value="note" checked={kind === 'note'} onChange={() => setKind('note')} />
              {t('note')}
            </label>
          </fieldset>
          <label for="composer-text">{t('message')}</label>
          <textarea
            id="composer-text"
            rows={5}
            required
            value={draft}
            onInput={(event) => setDraft((event.currentTarget as HTMLTextAreaElement).value)}
          />
          <button type="submit" disabled={busy || draft.trim() === ''}>
            {t('send')}
          </button>
        </form>
      </section>

      <div class="case-columns">
        <section aria-labelledby="moves-title">
          <h2 id="moves-title">{t('transitions')}</h2>
          <label for="move-reason">{t('reason')}</label>
          <input
            id="move-reason"
            value={reason}
            onInput={(event) => setReason((event.currentTarget as HTMLInputElement).value)}
          />
          <div class="moves">
            {moves.map((to) => (
              <button key={to} type="button" disabled={busy} onClick={() => move(to)} data-move={to}>
                {t('moveTo', { status: t(`status.${to}`) })}
              </button>
            ))}
          </div>
        </section>

        <section aria-labelledby="assignment-title">
          <h2 id="assignment-title">{t('assignment')}</h2>
          <form onSubmit={assign}>
            <label for="assignee">{t('assignTo')}</label>
            <select
              id="assignee"
              value={assignee}
              onChange={(event) => setAssignee((event.currentTarget as HTMLSelectElement).value)}
            >
              <option value="">{t('nobody')}</option>
              {agents.map((agent) => (
                <option key={agent.id} value={agent.id}>
                  {agent.name}
                </option>
              ))}
            </select>
            <button type="submit" disabled={busy}>
              {t('assign')}
            </button>
          </form>
        </section>
      </div>

      <div class="case-columns">
        <section aria-labelledby="corrections-title">
          <h2 id="corrections-title">{t('corrections')}</h2>
          <form onSubmit={correct} class="corrections">
            {correctableFields.map((field) => (
              <div key={field} class="field">
                <label for={`correct-${field}`}>{t(field)}</label>
                <select
                  id={`correct-${field}`}
                  name={field}
                  value={corrections[field] ?? supportCase[field] ?? ''}
                  onChange={(event) =>
                    setCorrections({ ...corrections, [field]: (event.currentTarget as HTMLSelectElement).value })
                  }
                >
                  {supportCase[field] === undefined && <option value="">–</option>}
                  {correctable[field].map((value) => (
                    <option key={value} value={value}>
                      {value}
                    </option>
                  ))}
                </select>
              </div>
            ))}
            <div class="field">
              <label for="correction-reason">{t('correctionReason')}</label>
              <input
                id="correction-reason"
                required
                value={correctionReason}
                onInput={(event) => setCorrectionReason((event.currentTarget as HTMLInputElement).value)}
              />
            </div>
            <button type="submit" disabled={busy}>
              {t('saveCorrections')}
            </button>
          </form>
        </section>

        <section aria-labelledby="escalate-title">
          <h2 id="escalate-title">{t('escalate')}</h2>
          <p>{t('escalateText')}</p>
          <form onSubmit={escalate}>
            <label for="escalation-reason">{t('escalationReason')}</label>{' '}
            <input
              id="escalation-reason"
              required
              value={escalationReason}
              onInput={(event) => setEscalationReason((event.currentTarget as HTMLInputElement).value)}
            />{' '}
            <button type="submit" disabled={busy}>
              {t('escalateButton')}
            </button>
          </form>
          <h3>{t('escalateToMicrosoft')}</h3>
          <p>{t('escalateToMicrosoftText')}</p>
          <form onSubmit={escalateToMicrosoft} class="corrections">
            <div class="field">
              <label for="microsoft-vehicle">{t('vehicle')}</label>
              <select
                id="microsoft-vehicle"
                value={vehicle}
                onChange={(event) => setVehicle((event.currentTarget as HTMLSelectElement).value as EscalationVehicle)}
              >
                <option value="">{t('vehicleByDesk')}</option>
                {escalationVehicles.map((held) => (
                  <option key={held} value={held}>
                    {t(`vehicle.${held}`)}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="microsoft-reason">{t('microsoftReason')}</label>
              <input
                id="microsoft-reason"
                required
                value={microsoftReason}
                onInput={(event) => setMicrosoftReason((event.currentTarget as HTMLInputElement).value)}
              />
            </div>
            <button type="submit" disabled={busy}>
              {t('escalateToMicrosoftButton')}
            </button>
          </form>
        </section>
      </div>
    </article>
  );
}
