import { useEffect, useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import type { ServiceHours, SupportOffering, Weekday } from '../apiTypes';
import { Notice } from '../components';
import { useLocalization, type MessageKey } from '../i18n';

type Message = { kind: 'info' | 'error'; text: string };

const weekdays: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Minutes after midnight of a local 'HH:mm' time. */
const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** The text of an input or select event. */
const valueOf = (event: Event): string => (event.currentTarget as HTMLInputElement).value;

/**
 * The desk's field problems (a 400's `errors`) under one product's service hours, keyed by the path below
 * `serviceHours` (`timeZone`, `weekly.0.start`, `holidays.2`, …); the rest under `''`.
 */
export function serviceHoursProblems(
  errors: { field: string; message: string }[] | undefined,
  product: string,
): Record<string, string> {
  const prefix = `services.${product}.serviceHours`;
  const problems: Record<string, string> = {};
  for (const { field, message } of errors ?? []) {
    const key = field === prefix ? '' : field.startsWith(`${prefix}.`) ? field.slice(prefix.length + 1) : '';
    problems[key] = problems[key] ? `${problems[key]}; ${message}` : message;
  }
  return problems;
}

/** A field's problem, read out with the field (aria-describedby names its id). */
function FieldProblem({ id, text }: { id: string; text: string | undefined }) {
  return text ? (
    <span id={id} class="field-problem">
      {text}
    </span>
  ) : null;
}

/**
 * The opening intervals of one weekday drawn on a 24-hour bar, for the eye only: the inputs beside it say the same
 * for everyone. An interval whose end is not after its start runs to midnight (it closes on the next day).
 */
function DayBar({ intervals }: { intervals: { start: string; end: string }[] }) {
  return (
    <div class="day-bar" aria-hidden="true">
      {intervals.map(({ start, end }, index) => {
        const from = minutesOf(start);
        const to = minutesOf(end) > from ? minutesOf(end) : 24 * 60;
        if (Number.isNaN(from) || Number.isNaN(to)) return null;
        return (
          <span
            key={index}
            class="day-bar-open"
            style={{ left: `${(from / 1440) * 100}%`, width: `${((to - from) / 1440) * 100}%` }}
          />
        );
      })}
    </div>
  );
}

/**
 * Admin: the support offering's service hours per product, as a week (GET /api/offering, PUT with If-Match). The
 * whole offering is sent back with only the service hours changed. A 412 reloads the offering and says so; a 400's
 * field problems are shown next to their fields.
 */
export function OfferingAdmin({ onProblem }: { onProblem: (error: unknown) => string }) {
  const { t } = useLocalization();
  const [offering, setOffering] = useState<SupportOffering>();
  const [etag, setEtag] = useState<string>();
  const [product, setProduct] = useState<string>();
  const [holiday, setHoliday] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<Message>();

  const load = (): Promise<void> =>
    api<SupportOffering>('/api/offering').then(
      (answer) => {
        setOffering(answer.body);
        setEtag(answer.etag);
        setProduct((chosen) => chosen ?? Object.keys(answer.body.services)[0]);
      },
      (failure: unknown) => setMessage({ kind: 'error', text: onProblem(failure) }),
    );
  useEffect(() => void load(), []);

  const hours: ServiceHours | undefined = product ? offering?.services[product]?.serviceHours : undefined;
  const change = (changed: Partial<ServiceHours>): void => {
    if (!offering || !product || !hours) return;
    const service = offering.services[product];
    if (!service) return;
    setOffering({
      ...offering,
      services: { ...offering.services, [product]: { ...service, serviceHours: { ...hours, ...changed } } },
    });
  };
  const weekly = hours?.weekly ?? [];
  const changeInterval = (index: number, field: 'start' | 'end', value: string): void =>
    change({ weekly: weekly.map((interval, at) => (at === index ? { ...interval, [field]: value } : interval)) });
  const addInterval = (day: Weekday): void => change({ weekly: [...weekly, { day, start: '08:00', end: '18:00' }] });
  const removeInterval = (index: number): void => change({ weekly: weekly.filter((_, at) => at !== index) });
  const addHoliday = (event: Event): void => {
    event.preventDefault();
    const date = holiday.trim();
    if (!date || !hours) return;
    change({ holidays: [...hours.holidays, date] });
    setHoliday('');
  };
  const removeHoliday = (index: number): void =>
    change({ holidays: (hours?.holidays ?? []).filter((_, at) => at !== index) });

  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (!offering || !product) return;
    setProblems({});
    try {
      const answer = await api<SupportOffering>('/api/offering', { method: 'PUT', ifMatch: etag, body: offering });
      setOffering(answer.body);
      setEtag(answer.etag);
      setMessage({ kind: 'info', text: t('offeringSaved') });
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 412) {
        setMessage({ kind: 'error', text: t('offeringChanged') });
        await load();
        return;
      }
      if (failure instanceof ApiError && failure.status === 400) {
        setProblems(serviceHoursProblems(failure.problem.errors, product));
        setMessage({ kind: 'error', text: t('offeringInvalid') });
        return;
      }
      setMessage({ kind: 'error', text: t('failed', { detail: onProblem(failure) }) });
    }
  };

  /** aria attributes of a field with a problem, so a screen reader says it with the field. */
  const described = (key: string) =>
    problems[key] ? { 'aria-invalid': true, 'aria-describedby': `problem-${key.replace(/\./g, '-')}` } : {};
  const problemId = (key: string): string => `problem-${key.replace(/\./g, '-')}`;

  return (
    <>
      <h1>{t('offeringTitle')}</h1>
      <Notice kind={message?.kind ?? 'info'} text={message?.text} />
      {offering && product && hours && (
        <>
          <div class="field">
            <label for="offering-product">{t('product')}</label>
            <select id="offering-product" value={product} onChange={(event) => setProduct(valueOf(event))}>
              {Object.keys(offering.services).map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </div>
          <form class="offering" onSubmit={(event) => void save(event)}>
            <h2>{t('serviceHours')}</h2>
            <FieldProblem id={problemId('')} text={problems['']} />
            <div class="corrections">
              <div class="field">
                <label for="offering-time-zone">{t('timeZone')}</label>
                <input
                  id="offering-time-zone"
                  value={hours.timeZone}
                  onInput={(event) => change({ timeZone: valueOf(event) })}
                  {...described('timeZone')}
                />
                <FieldProblem id={problemId('timeZone')} text={problems['timeZone']} />
              </div>
              <label class="inline">
                <input
                  type="checkbox"
                  checked={hours.alwaysOpen}
                  onChange={(event) => change({ alwaysOpen: (event.currentTarget as HTMLInputElement).checked })}
                />
                {t('alwaysOpen')}
              </label>
            </div>
            <table class="week">
              <caption>{t('weekView')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('weekday')}</th>
                  <th scope="col">{t('openingHours')}</th>
                  <th scope="col">
                    <span class="visually-hidden">{t('dayAtAGlance')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {weekdays.map((day) => {
                  const dayName = t(`day.${day}` as MessageKey);
                  const intervals = weekly
                    .map((interval, index) => ({ ...interval, index }))
                    .filter((interval) => interval.day === day);
                  return (
                    <tr key={day} data-day={day}>
                      <th scope="row">{dayName}</th>
                      <td>
                        {intervals.length === 0 && <span class="closed">{t('closed')}</span>}
                        {intervals.map(({ index, start, end }, position) => (
                          <div class="interval" key={index} data-interval={index}>
                            {(['start', 'end'] as const).map((field) => (
                              <span class="field" key={field}>
                                <label for={`interval-${index}-${field}`}>
                                  {t(field === 'start' ? 'opensAt' : 'closesAt', {
                                    day: dayName,
                                    n: String(position + 1),
                                  })}
                                </label>
                                <input
                                  id={`interval-${index}-${field}`}
                                  type="time"
                                  value={field === 'start' ? start : end}
                                  onInput={(event) => changeInterval(index, field, valueOf(event))}
                                  {...described(`weekly.${index}.${field}`)}
                                />
                                <FieldProblem
                                  id={problemId(`weekly.${index}.${field}`)}
                                  text={problems[`weekly.${index}.${field}`]}
                                />
                              </span>
                            ))}
                            <button
                              type="button"
                              onClick={() => removeInterval(index)}
                              aria-label={t('removeInterval', { day: dayName, n: String(position + 1) })}
                            >
                              {t('remove')}
                            </button>
                          </div>
                        ))}
                        <button
                          type="button"
                          onClick={() => addInterval(day)}
                          aria-label={t('addIntervalTo', { day: dayName })}
                        >
                          {t('addInterval')}
                        </button>
                      </td>
                      <td>
                        <DayBar intervals={intervals} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <FieldProblem id={problemId('weekly')} text={problems['weekly']} />
            <h2>{t('holidays')}</h2>
            <p>{t('holidaysText')}</p>
            <ul class="holidays">
              {hours.holidays.map((date, index) => (
                <li key={`${date}-${index}`} data-holiday={date}>
                  <span>{date}</span>{' '}
                  <button type="button" onClick={() => removeHoliday(index)} aria-label={t('removeHoliday', { date })}>
                    {t('remove')}
                  </button>{' '}
                  <FieldProblem id={problemId(`holidays.${index}`)} text={problems[`holidays.${index}`]} />
                </li>
              ))}
            </ul>
            <div class="corrections">
              <div class="field">
                <label for="offering-holiday">{t('newHoliday')}</label>
                <input
                  id="offering-holiday"
                  value={holiday}
                  placeholder="2026-12-24"
                  onInput={(event) => setHoliday(valueOf(event))}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter') addHoliday(event);
                  }}
                />
              </div>
              <button type="button" onClick={addHoliday}>
                {t('addHoliday')}
              </button>
            </div>
            <p>
              <button type="submit">{t('saveServiceHours')}</button>
            </p>
          </form>
        </>
      )}
    </>
  );
}
