import type { ComponentChildren } from 'preact';
import type { CaseSla, CaseStatus } from './apiTypes';
import { useLocalization } from './i18n';
import { followLink } from './router';
import { slaBadge } from './sla';
import { formatDuration, formatInstant } from './time';

/** A link to a console page, followed without reloading the console. */
export function Link(props: { href: string; children: ComponentChildren; class?: string }) {
  return (
    <a href={props.href} class={props.class} onClick={(event) => followLink(event, props.href)}>
      {props.children}
    </a>
  );
}

export function StatusLabel({ status }: { status: CaseStatus }) {
  const { t } = useLocalization();
  return <span class={`status status-${status}`}>{t(`status.${status}`)}</span>;
}

/**
 * The SLA badge of a case with a live countdown. The tone is also said in words (never by colour alone), and the
 * exact due time is in the title and in a visually hidden text for screen readers.
 */
export function SlaBadgeView({ sla, now, atRisk }: { sla: CaseSla | undefined; now: number; atRisk?: boolean }) {
  const { t, language } = useLocalization();
  const badge = slaBadge(sla, now, atRisk);
  if (badge.tone === 'none') return <span class="badge badge-none">{t('badge.none')}</span>;
  if (badge.tone === 'paused' || !badge.dueAt) return <span class="badge badge-paused">{t('badge.paused')}</span>;
  const left = Date.parse(badge.dueAt) - now;
  const time = formatDuration(left, language);
  const text = badge.tone === 'breached' ? t('badge.breached', { time }) : t('badge.left', { time });
  const due = t('dueAt', { time: formatInstant(badge.dueAt, language) });
  return (
    <span class={`badge badge-${badge.tone}`} title={due} data-tone={badge.tone}>
      {text}
      {badge.tone === 'warning' ? ` (${t('badge.atRisk')})` : ''}
      <span class="visually-hidden">, {due}</span>
    </span>
  );
}

/** A message for the agent, read out by screen readers as it appears. */
export function Notice({ kind, text }: { kind: 'info' | 'error'; text: string | undefined }) {
  return (
    <div role={kind === 'error' ? 'alert' : 'status'} class={text ? `notice notice-${kind}` : 'notice-empty'}>
      {text}
    </div>
  );
}
