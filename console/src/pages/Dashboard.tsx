import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import { Notice } from '../components';
import { useLocalization, type MessageKey } from '../i18n';
import type { BarChartData } from '../charts';

/** The parts of GET /api/reports/sla the dashboard shows. */
interface ClockTally {
  met: number;
  breached: number;
  metShare: number | null;
}
export interface SlaReport {
  from: string;
  to: string;
  weeks: {
    weekStart: string;
    clocks: ClockTally;
    bySeverity: Partial<Record<'A' | 'B' | 'C', ClockTally>>;
    byProduct: Partial<Record<Product, ClockTally>>;
  }[];
  backlogByAge: { bucket: string; count: number }[];
  breachesByCustomer: { customer: string; breaches: number }[];
  microsoftEscalations: {
    requested: number;
    answered: number;
    stillWaiting: number;
    medianHoursToAnswer: number | null;
    longestWaitHours: number | null;
  };
}

const products = ['azure', 'microsoft365', 'dynamics365', 'other'] as const;
type Product = (typeof products)[number];

const day = 86_400_000;
const isoDay = (time: number): string => new Date(time).toISOString().slice(0, 10);

/** The last four weeks up to today (UTC days, as the report counts them). */
export function defaultPeriod(now: number): { from: string; to: string } {
  return { from: isoDay(now - 27 * day), to: isoDay(now) };
}

const percent = (share: number | null): string => (share === null ? '–' : `${Math.round(share * 100)} %`);

/** A chart (Chart.js, loaded with this page only) with the same numbers in a table beside it for screen readers. */
function BarChart({ title, data }: { title: string; data: BarChartData }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let release: (() => void) | undefined;
    let gone = false;
    void import('../charts').then(({ drawBarChart }) => {
      if (!gone && canvas.current) release = drawBarChart(canvas.current, data);
    });
    return () => {
      gone = true;
      release?.();
    };
  }, [JSON.stringify(data)]);
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div class="chart-area">
        <canvas ref={canvas} role="img" aria-label={title} />
      </div>
      <table class="chart-data">
        <caption class="visually-hidden">{title}</caption>
        <tbody>
          {data.labels.map((label, index) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>
                {data.values[index]} {data.unit}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** The lead's dashboard: GET /api/reports/sla for a period, as charts with their numbers. */
export function Dashboard({ onProblem }: { onProblem: (error: unknown) => string }) {
  const { t } = useLocalization();
  const [period, setPeriod] = useState(() => defaultPeriod(Date.now()));
  const [draft, setDraft] = useState(period);
  const [report, setReport] = useState<SlaReport>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    setReport(undefined);
    api<SlaReport>(`/api/reports/sla?${new URLSearchParams(period)}`).then(
      (answer) => {
        setReport(answer.body);
        setError(undefined);
      },
      (failure: unknown) => setError(onProblem(failure)),
    );
  }, [period.from, period.to]);

  const microsoft = report?.microsoftEscalations;
  const hours = (value: number | null | undefined): string => (value == null ? '–' : `${value.toFixed(1)} h`);
  return (
    <>
      <h1>{t('dashboardTitle')}</h1>
      <form
        class="corrections"
        onSubmit={(event) => {
          event.preventDefault();
          setPeriod(draft);
        }}
      >
        <div class="field">
          <label for="report-from">{t('from')}</label>
          <input
            id="report-from"
            type="date"
            value={draft.from}
            onInput={(event) => setDraft({ ...draft, from: (event.currentTarget as HTMLInputElement).value })}
          />
        </div>
        <div class="field">
          <label for="report-to">{t('to')}</label>
          <input
            id="report-to"
            type="date"
            value={draft.to}
            onInput={(event) => setDraft({ ...draft, to: (event.currentTarget as HTMLInputElement).value })}
          />
        </div>
        <button type="submit">{t('show')}</button>
      </form>
      <Notice kind="error" text={error} />
      {!report && !error && <p>{t('loading')}</p>}
      {report && (
        <div class="charts">
          <BarChart
            title={t('complianceChart')}
            data={{
              labels: report.weeks.map((week) => week.weekStart),
              values: report.weeks.map((week) => Math.round((week.clocks.metShare ?? 0) * 100)),
              unit: '%',
              max: 100,
            }}
          />
          <BarChart
            title={t('backlogChart')}
            data={{
              labels: report.backlogByAge.map((row) => t(`backlog.${row.bucket}` as MessageKey)),
              values: report.backlogByAge.map((row) => row.count),
              unit: t('casesUnit'),
            }}
          />
          <BarChart
            title={t('breachesChart')}
            data={{
              labels: report.breachesByCustomer.map((row) => row.customer),
              values: report.breachesByCustomer.map((row) => row.breaches),
              unit: t('breachesUnit'),
              horizontal: true,
            }}
          />
          <section aria-labelledby="microsoft-title" class="chart">
            <h2 id="microsoft-title">{t('microsoftWait')}</h2>
            <dl class="facts" data-microsoft>
              <dt>{t('requested')}</dt>
              <dd>{microsoft?.requested}</dd>
              <dt>{t('answered')}</dt>
              <dd>{microsoft?.answered}</dd>
              <dt>{t('stillWaiting')}</dt>
              <dd>{microsoft?.stillWaiting}</dd>
              <dt>{t('medianWait')}</dt>
              <dd>{hours(microsoft?.medianHoursToAnswer)}</dd>
              <dt>{t('longestWait')}</dt>
              <dd>{hours(microsoft?.longestWaitHours)}</dd>
            </dl>
          </section>
          <section aria-labelledby="severity-title" class="chart wide">
            <h2 id="severity-title">{t('complianceBySeverity')}</h2>
            <table class="cases">
              <thead>
                <tr>
                  <th scope="col">{t('week')}</th>
                  {(['A', 'B', 'C'] as const).map((severity) => (
                    <th scope="col" key={severity}>
                      {t('severity')} {severity}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {report.weeks.map((week) => (
                  <tr key={week.weekStart}>
                    <th scope="row">{week.weekStart}</th>
                    {(['A', 'B', 'C'] as const).map((severity) => (
                      <td key={severity}>{percent(week.bySeverity[severity]?.metShare ?? null)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section aria-labelledby="product-title" class="chart wide">
            <h2 id="product-title">{t('complianceByProduct')}</h2>
            <table class="cases" data-by-product>
              <thead>
                <tr>
                  <th scope="col">{t('week')}</th>
                  {products.map((product) => (
                    <th scope="col" key={product}>
                      {product}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {report.weeks.map((week) => (
                  <tr key={week.weekStart}>
                    <th scope="row">{week.weekStart}</th>
                    {products.map((product) => (
                      <td key={product}>{percent(week.byProduct[product]?.metShare ?? null)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </div>
      )}
    </>
  );
}
