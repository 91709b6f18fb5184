import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { useCancelInteraction, useDecideConsent, useOidcInteraction, useRefuseInteraction } from '../../api/oidc';
import { useMe } from '../../api/profile';
import type { OidcScope } from '../../api/types';
import { PublicLayout } from '../../app/PublicLayout';
import { Avatar } from '../../components/Avatar';
import { ReauthForm } from '../../components/dialogs';
import { LoadFailed } from '../../components/LoadFailed';
import { ErrorAlert, Loading, useDocumentTitle } from '../../components/ui';
import { appNameFrom, continueTo } from '../../lib/next';
import { scopeLabel } from './scopes';

/**
 * The dashboard's side of single sign-on: the pages the server sends a browser to while an app
 * asks who it is (consent, no access, expired). Each ends in a full page load back to the server
 * (`redirectTo`), which sends the browser on to the app.
 */

/** Only an http(s) address becomes a link; anything else is shown as text. */
const webAddress = (url: string | null): string | null => (url && /^https?:\/\//i.test(url) ? url : null);

/** A centred card like the sign-in page's, for a signed-in user (who they are, instead of a language choice). */
function HandoffLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <PublicLayout
      footer={
        <p className="signed-in-as muted small">
          <Avatar url={me.avatarSmallUrl} name={me.displayName} size={24} />
          <span>{t('oidc.signedInAs', { name: me.displayName, username: me.username })}</span>
        </p>
      }
    >
      {children}
    </PublicLayout>
  );
}

/** Sends the browser back to the server once: a remount (or React's double effects in development) must not go twice. */
export function ContinueToApp({ path }: { path: string }) {
  const { t } = useTranslation();
  const gone = useRef(false);
  useEffect(() => {
    if (gone.current) return;
    gone.current = true;
    continueTo(path);
  }, [path]);
  return (
    <div className="center-page">
      <Loading label={t('oidc.continuing')} />
    </div>
  );
}

/** The interaction is gone (expired, used, or another user's): nothing to do here but go back to the app. */
function Expired() {
  const { t } = useTranslation();
  useDocumentTitle(t('oidc.expired.title'));
  return (
    <div data-testid="oidc-expired">
      <h1>{t('oidc.expired.title')}</h1>
      <p>{t('oidc.expired.text')}</p>
    </div>
  );
}

/** The server's own error redirect (`/oidc-error?reason=expired`), signed in or not. */
export function SignInExpiredPage() {
  return <Expired />;
}

function NoAccess({ app, busy, error, onBack }: { app: string | null; busy: boolean; error: unknown; onBack: () => void }) {
  const { t } = useTranslation();
  const title = app ? t('oidc.noAccess.title', { app }) : t('oidc.noAccess.titleUnnamed');
  useDocumentTitle(title);
  return (
    <div data-testid="oidc-no-access">
      <h1>{title}</h1>
      <p>{t('oidc.noAccess.text')}</p>
      <p className="muted">{t('oidc.noAccess.ask')}</p>
      <ErrorAlert error={error} />
      <button type="button" className="btn btn-primary btn-block" disabled={busy} onClick={onBack}>
        {busy ? t('oidc.continuing') : t('oidc.noAccess.back')}
      </button>
      <div className="form-links">
        <Link to="/profile">{t('oidc.toProfile')}</Link>
      </div>
    </div>
  );
}

/** `/app-access/:uid?app=NAME`: the user may not use the app; "Back to the app" tells it so (access_denied). */
export function AppAccessPage() {
  const { uid = '' } = useParams();
  const location = useLocation();
  const refuse = useRefuseInteraction(uid);
  const [leaving, setLeaving] = useState(false);
  const back = () =>
    refuse.mutate(undefined, {
      onSuccess: ({ redirectTo }) => {
        setLeaving(true);
        continueTo(redirectTo);
      },
    });
  return (
    <HandoffLayout>
      {isApiError(refuse.error, 'interaction_not_found') ? (
        <Expired />
      ) : (
        <NoAccess app={appNameFrom(location.search)} busy={refuse.isPending || leaving} error={refuse.error} onBack={back} />
      )}
    </HandoffLayout>
  );
}

/**
 * `/app-confirm/:uid?app=NAME`: the app asked for a fresh sign-in (prompt=login, max_age) and the
 * dashboard session is older; confirming (password, code or passkey) goes back to the server's
 * interaction, which lets the user on; Cancel tells the app access_denied.
 */
export function ConfirmIdentityPage() {
  const { t } = useTranslation();
  const { uid = '' } = useParams();
  const location = useLocation();
  const cancel = useCancelInteraction(uid);
  const [leaving, setLeaving] = useState(false);
  const app = appNameFrom(location.search);
  const title = app ? t('oidc.confirm.title', { app }) : t('oidc.confirm.titleUnnamed');
  useDocumentTitle(title);
  const done = (ok: boolean) => {
    if (ok) {
      setLeaving(true);
      continueTo(`/oidc/interaction/${encodeURIComponent(uid)}`);
      return;
    }
    cancel.mutate(undefined, {
      onSuccess: ({ redirectTo }) => {
        setLeaving(true);
        continueTo(redirectTo);
      },
    });
  };
  let body: ReactNode;
  if (isApiError(cancel.error, 'interaction_not_found')) body = <Expired />;
  else if (leaving) body = <Loading label={t('oidc.continuing')} />;
  else
    body = (
      <div data-testid="oidc-confirm">
        <h1>{title}</h1>
        <p>{t('oidc.confirm.text')}</p>
        <ErrorAlert error={cancel.error} />
        <ReauthForm onDone={done} explain={false} />
      </div>
    );
  return <HandoffLayout>{body}</HandoffLayout>;
}

/** `/consent/:uid`: which app, what it will see, Allow or Cancel. */
export function ConsentPage() {
  const { uid = '' } = useParams();
  const interaction = useOidcInteraction(uid);
  const decide = useDecideConsent(uid);
  const [leaving, setLeaving] = useState(false);
  const answer = (allow: boolean) =>
    decide.mutate(
      { allow },
      {
        onSuccess: ({ redirectTo }) => {
          setLeaving(true);
          continueTo(redirectTo);
        },
      },
    );
  const failure = interaction.error ?? decide.error;

  let body: ReactNode;
  if (interaction.isPending) body = <Loading />;
  else if (isApiError(failure, 'interaction_not_found')) body = <Expired />;
  else if (isApiError(decide.error, 'app_access_denied'))
    // Allowed, but meanwhile the app's access rule (or an MFA rule) shut the user out: go back with a refusal.
    body = <NoAccess app={interaction.data?.app.name ?? null} busy={decide.isPending || leaving} error={null} onBack={() => answer(false)} />;
  else if (!interaction.data) body = <LoadFailed error={interaction.error} retry={() => void interaction.refetch()} />;
  else body = <ConsentCard interaction={interaction.data} busy={decide.isPending || leaving} error={decide.error} onAnswer={answer} />;
  return <HandoffLayout>{body}</HandoffLayout>;
}

function ConsentCard({
  interaction,
  busy,
  error,
  onAnswer,
}: {
  interaction: { app: { name: string; url: string | null }; scopes: OidcScope[] };
  busy: boolean;
  error: unknown;
  onAnswer: (allow: boolean) => void;
}) {
  const { t } = useTranslation();
  const { app, scopes } = interaction;
  const link = webAddress(app.url);
  const title = t('oidc.consent.title', { app: app.name });
  useDocumentTitle(title);
  return (
    <div className="consent" data-testid="oidc-consent">
      <h1>{title}</h1>
      {app.url ? (
        <p className="consent-app-url">
          {link ? (
            <a href={link} target="_blank" rel="noopener noreferrer">
              {app.url}
            </a>
          ) : (
            app.url
          )}
        </p>
      ) : null}
      <p>{t('oidc.consent.intro', { app: app.name })}</p>
      <ul className="scope-list" aria-label={t('oidc.consent.scopesLabel')}>
        {scopes.map(({ scope, description }) => (
          <li key={scope}>
            <svg className="scope-check" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
              <path d="M5 12.5l4.5 4.5L19 7.5" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
            <span>{scopeLabel(t, scope, description)}</span>
          </li>
        ))}
      </ul>
      <p className="hint">{t('oidc.consent.trust', { app: app.name })}</p>
      <ErrorAlert error={error} />
      <div className="consent-actions">
        <button type="button" className="btn" disabled={busy} onClick={() => onAnswer(false)}>
          {t('oidc.consent.cancel')}
        </button>
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => onAnswer(true)}>
          {t('oidc.consent.allow')}
        </button>
      </div>
    </div>
  );
}
