import { render } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, api, signedInName } from './api';
import type { CaseView } from './apiTypes';
import { Link, Notice } from './components';
import {
  LocalizationContext,
  initialLanguage,
  translate,
  useLocalization,
  type Language,
  type Localization,
} from './i18n';
import { AgentsAdmin, KeysAdmin } from './pages/Admin';
import { CaseList } from './pages/CaseList';
import { Dashboard } from './pages/Dashboard';
import { CasePage } from './pages/CasePage';
import { Home } from './pages/Home';
import { OfferingAdmin } from './pages/Offering';
import { TriageRulesAdmin } from './pages/TriageRules';
import { SignIn } from './pages/SignIn';
import { caseHref, casesHref, consoleBase, navigate, useRoute, type Route } from './router';
import './styles.css';

const languageKey = 'console.language';
const caseNumberPattern = /^cs-\d{6,12}$/i;

type Session = { state: 'checking' } | { state: 'signedOut'; problem?: string } | { state: 'signedIn'; name: string };

function Page({ route, onProblem }: { route: Route; onProblem: (error: unknown) => string }) {
  const { t } = useLocalization();
  switch (route.page) {
    case 'home':
      return <Home onProblem={onProblem} />;
    case 'cases':
      return <CaseList query={route.query} onProblem={onProblem} />;
    case 'case':
      return <CasePage id={route.id} onProblem={onProblem} />;
    case 'dashboard':
      return <Dashboard onProblem={onProblem} />;
    case 'agents':
      return <AgentsAdmin onProblem={onProblem} />;
    case 'keys':
      return <KeysAdmin onProblem={onProblem} />;
    case 'offering':
      return <OfferingAdmin onProblem={onProblem} />;
    case 'triageRules':
      return <TriageRulesAdmin onProblem={onProblem} />;
    case 'notFound':
      return <h1>{t('notFound')}</h1>;
  }
}

/** The header's search: a case number opens that case, anything else lists the cases with those words. */
function Search({ onNotice }: { onNotice: (text: string | undefined) => void }) {
  const { t } = useLocalization();
  const [text, setText] = useState('');
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const words = text.trim();
    if (!words) return;
    onNotice(undefined);
    if (!caseNumberPattern.test(words)) return navigate(casesHref(new URLSearchParams({ q: words })));
    try {
      const answer = await api<CaseView>(`/api/case-numbers/${encodeURIComponent(words.toUpperCase())}`);
      navigate(caseHref(answer.body.id));
    } catch (failure) {
      const detail = failure instanceof Error ? failure.message : String(failure);
      onNotice(
        failure instanceof ApiError && failure.status === 404
          ? t('noCaseWithNumber', { number: words })
          : t('failed', { detail }),
      );
    }
  };
  return (
    <form role="search" class="search" onSubmit={(event) => void submit(event)}>
      <label for="search-text">{t('searchLabel')}</label>
      <input
        id="search-text"
        type="search"
        value={text}
        onInput={(event) => setText((event.currentTarget as HTMLInputElement).value)}
      />
      <button type="submit">{t('searchButton')}</button>
    </form>
  );
}

function App() {
  const [language, setLanguage] = useState<Language>(() =>
    initialLanguage(localStorage.getItem(languageKey), navigator.languages),
  );
  const localization = useMemo<Localization>(
    () => ({ language, t: (key, values) => translate(language, key, values) }),
    [language],
  );
  const [session, setSession] = useState<Session>({ state: 'checking' });
  const [notice, setNotice] = useState<string>();
  const route = useRoute();
  const main = useRef<HTMLElement>(null);
  const firstRoute = useRef(true);

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = translate(language, 'appName');
  }, [language]);
  useEffect(() => {
    signedInName().then(
      (name) => setSession(name === undefined ? { state: 'signedOut' } : { state: 'signedIn', name }),
      () => setSession({ state: 'signedOut' }),
    );
  }, []);
  // After a page change, keyboard and screen reader users continue at the new page's content, not at the link.
  useEffect(() => {
    if (firstRoute.current) firstRoute.current = false;
    else main.current?.focus();
    setNotice(undefined);
  }, [route]);

  /** What to tell the agent about a failed call; a lost or unknown sign-in shows the sign-in page instead. */
  const onProblem = (error: unknown): string => {
    const detail = error instanceof Error ? error.message : String(error);
    if (error instanceof ApiError && error.status === 401) setSession({ state: 'signedOut' });
    // A 403 naming a permission is a role without it (an agent on an admin page); any other 403 is a signed-in user
    // whom the agents directory does not hold (or holds as inactive).
    if (error instanceof ApiError && error.status === 403 && error.problem.permission === undefined)
      setSession({ state: 'signedOut', problem: detail });
    if (error instanceof ApiError && error.status === 403) return localization.t('notAllowed', { detail });
    return detail;
  };
  const chooseLanguage = (chosen: Language): void => {
    localStorage.setItem(languageKey, chosen);
    setLanguage(chosen);
  };

  const t = localization.t;
  return (
    <LocalizationContext.Provider value={localization}>
      <a class="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header class="top">
        <Link href={`${consoleBase}/`} class="brand">
          {t('appName')}
        </Link>
        {session.state === 'signedIn' && (
          <nav aria-label={t('views')}>
            <Link href={`${consoleBase}/`}>{t('home')}</Link> ·{' '}
            <Link href={`${consoleBase}/dashboard`}>{t('dashboard')}</Link> ·{' '}
            <Link href={`${consoleBase}/admin/agents`}>{t('agentsTitle')}</Link> ·{' '}
            <Link href={`${consoleBase}/admin/keys`}>{t('keysTitle')}</Link> ·{' '}
            <Link href={`${consoleBase}/admin/offering`}>{t('offeringTitle')}</Link> ·{' '}
            <Link href={`${consoleBase}/admin/triage-rules`}>{t('triageTitle')}</Link>
          </nav>
        )}
        {session.state === 'signedIn' && <Search onNotice={setNotice} />}
        <label class="language">
          {t('language')}
          <select
            value={language}
            onChange={(event) => chooseLanguage((event.currentTarget as HTMLSelectElement).value as Language)}
          >
            <option value="en" lang="en">
              English
            </option>
            <option value="de" lang="de">
              Deutsch
            </option>
          </select>
        </label>
        {session.state === 'signedIn' && (
          <span class="who">
            {t('signedInAs', { name: session.name })} ·{' '}
            <a href={`/.auth/logout?post_logout_redirect_uri=${encodeURIComponent(`${consoleBase}/`)}`}>
              {t('signOut')}
            </a>
          </span>
        )}
      </header>
      {session.state === 'signedOut' && <SignIn problem={session.problem} />}
      {session.state === 'signedIn' && (
        <main id="main" ref={main} tabIndex={-1}>
          <Notice kind="error" text={notice} />
          <Page route={route} onProblem={onProblem} />
        </main>
      )}
    </LocalizationContext.Provider>
  );
}

render(<App />, document.getElementById('app') as HTMLElement);
