import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { CaseList as CaseListAnswer, ListedCase } from '../apiTypes';
import { Link, Notice, SlaBadgeView, StatusLabel } from '../components';
import { useLocalization, type MessageKey } from '../i18n';
import { caseHref, casesHref, navigate } from '../router';
import { useNow } from '../time';

/** The filters the list offers as fields; any other query parameter of the URL (a view's `waitingOn`, `flag`) is kept. */
const fields: { name: string; options?: readonly string[]; label: (value: string) => MessageKey | undefined }[] = [
  {
    name: 'status',
    options: ['open', 'new', 'triaged', 'enriched', 'in_progress', 'pending_customer', 'resolved', 'closed'],
    label: (value) => (value === 'open' ? undefined : (`status.${value}` as MessageKey)),
  },
  { name: 'severity', options: ['A', 'B', 'C'], label: () => undefined },
  { name: 'product', options: ['azure', 'microsoft365', 'dynamics365', 'other'], label: () => undefined },
  { name: 'assignee', options: ['me', 'none'], label: (value) => `assignee.${value}` as MessageKey },
  { name: 'sla', options: ['atRisk', 'breached', 'paused'], label: (value) => `sla.${value}` as MessageKey },
  { name: 'q', label: () => undefined },
];
const sortKeys = ['due', 'created', 'updated', 'severity'] as const;

/** A list of cases: the URL's query is the GET /api/cases query, so the list a URL shows can be shared. */
export function CaseList({ query, onProblem }: { query: URLSearchParams; onProblem: (error: unknown) => string }) {
  const { t } = useLocalization();
  const now = useNow();
  const [items, setItems] = useState<ListedCase[]>();
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string>();
  const queryText = query.toString();

  const load = (continuationToken?: string): void => {
    const params = new URLSearchParams(queryText);
    if (continuationToken) params.set('continuationToken', continuationToken);
    api<CaseListAnswer>(`/api/cases?${params}`).then(
      (answer) => {
        setItems((before) => (continuationToken ? [...(before ?? []), ...answer.body.items] : answer.body.items));
        setNext(answer.body.continuationToken);
        setError(undefined);
      },
      (failure: unknown) => setError(onProblem(failure)),
    );
  };
  /** The filter fields as the agent is editing them; they start from the URL's query. */
  const [draft, setDraft] = useState<Record<string, string>>({});
  const formNames = [...fields.map((field) => field.name), 'sort'];
  useEffect(() => {
    setItems(undefined);
    setDraft(Object.fromEntries(formNames.map((name) => [name, query.get(name) ?? ''])));
    load();
  }, [queryText]);
  const fieldProps = (name: string) => ({
    id: `filter-${name}`,
    name,
    value: draft[name] ?? '',
    onInput: (event: Event) => setDraft({ ...draft, [name]: (event.currentTarget as HTMLInputElement).value }),
  });

  const applyFilters = (event: Event): void => {
    event.preventDefault();
    const params = new URLSearchParams(queryText);
    params.delete('continuationToken');
    for (const name of formNames) {
      const value = (draft[name] ?? '').trim();
      if (value) params.set(name, value);
      else params.delete(name);
    }
    navigate(casesHref(params));
  };

  const atRiskView = query.get('sla') === 'atRisk';
  return (
    <>
      <h1>{t('casesTitle')}</h1>
      <form class="filters" onSubmit={applyFilters} aria-label={t('filters')}>
        {fields.map((field) => (
          <div class="field" key={field.name}>
            <label for={`filter-${field.name}`}>{t(`filter.${field.name}` as MessageKey)}</label>
            {field.options ? (
              <select {...fieldProps(field.name)}>
                <option value="">{t('any')}</option>
                {field.options.map((option) => {
                  const label = field.label(option);
                  return (
                    <option key={option} value={option}>
                      {label ? t(label) : option}
                    </option>
                  );
                })}
              </select>
            ) : (
              <input type="search" {...fieldProps(field.name)} />
            )}
          </div>
        ))}
        <div class="field">
          <label for="filter-sort">{t('filter.sort')}</label>
          <select {...fieldProps('sort')}>
            <option value="">{t('any')}</option>
            {sortKeys.map((key) => (
              <option key={key} value={key}>
                {t(`sort.${key}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t('apply')}</button>
      </form>
      <Notice kind="error" text={error} />
      {!items && !error && <p>{t('loading')}</p>}
      {items && items.length === 0 && <p>{t('noCases')}</p>}
      {items && items.length > 0 && (
        <table class="cases">
          <caption class="visually-hidden">{t('casesTitle')}</caption>
          <thead>
            <tr>
              {(['caseNumber', 'title', 'customer', 'product', 'severity', 'status', 'assignee', 'sla'] as const).map(
                (column) => (
                  <th key={column} scope="col">
                    {t(column)}
                  </th>
                ),
              )}
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id} data-case-id={item.id}>
                <td>
                  <Link href={caseHref(item.id)}>{item.caseNumber}</Link>
                </td>
                <td>{item.title}</td>
                <td>{item.customer?.name ?? ''}</td>
                <td>{item.product ?? ''}</td>
                <td>{item.severity ?? ''}</td>
                <td>
                  <StatusLabel status={item.status} />
                </td>
                <td>{item.assignee ?? ''}</td>
                <td>
                  <SlaBadgeView sla={item.sla} now={now} atRisk={atRiskView} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <button type="button" onClick={() => load(next)}>
          {t('loadMore')}
        </button>
      )}
    </>
  );
}
