import { useLocalization } from '../i18n';

/** Whether the page came from the local host, whose development sign-in stands in for Microsoft Entra ID. */
const servedLocally = (): boolean => ['localhost', '127.0.0.1', '[::1]'].includes(location.hostname);

/** Nobody is signed in: App Service Authentication's Microsoft sign-in, and the local host's stand-in when local. */
export function SignIn({ problem }: { problem?: string }) {
  const { t } = useLocalization();
  const back = encodeURIComponent(location.pathname + location.search);
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('signInTitle')}</h1>
      {problem ? <p role="alert">{t('notAnAgent', { detail: problem })}</p> : <p>{t('signInText')}</p>}
      <ul class="sign-in">
        <li>
          <a class="button" href={`/.auth/login/aad?post_login_redirect_uri=${back}`}>
            {t('signInEntra')}
          </a>
        </li>
        {servedLocally() && (
          <li>
            <a class="button" href={`/.auth/login/dev?post_login_redirect_uri=${back}`}>
              {t('signInDev')}
            </a>
          </li>
        )}
      </ul>
    </main>
  );
}
