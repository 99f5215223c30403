import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { QueueSummary } from '../apiTypes';
import { Link, Notice } from '../components';
import { useLocalization } from '../i18n';
import { casesHref } from '../router';

/** The list of a view: its API query, soonest deadline first unless the view says otherwise. */
export function viewHref(query: string): string {
  const params = new URLSearchParams(query);
  if (!params.has('sort')) params.set('sort', 'due');
  return casesHref(params);
}

/** Home: the work queues of GET /api/queues/summary with their counts, each opening its list. */
export function Home({ onProblem }: { onProblem: (error: unknown) => string }) {
  const { t } = useLocalization();
  const [summary, setSummary] = useState<QueueSummary>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<QueueSummary>('/api/queues/summary').then(
      (answer) => setSummary(answer.body),
      (failure: unknown) => setError(onProblem(failure)),
    );
  }, []);
  return (
    <>
      <h1>{t('views')}</h1>
      <Notice kind="error" text={error} />
      {!summary && !error && <p>{t('loading')}</p>}
      {summary && (
        <ul class="views" aria-label={t('views')}>
          {summary.views.map((view) => (
            <li key={view.name} data-view={view.name}>
              <Link href={viewHref(view.query)} class={`view view-${view.name}`}>
                <span class="view-name">{t(`view.${view.name}`)}</span>
                <span class="view-count" data-count>
                  {view.count}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
