import { lazy, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, matchPath, useLocation } from 'react-router-dom';
import { useProfileQuery } from '../api/profile';
import { OfflineBanner } from '../components/OfflineBanner';
import { ErrorAlert, Loading } from '../components/ui';
import { setLanguage } from '../i18n';
import { applyTheme } from '../lib/theme';
import { nextFrom } from '../lib/next';
import { ProfileView } from '../views/profile/ProfileView';
import { SignInPage } from '../views/signin/SignInPage';
import { LazyViews, lazyView } from './lazy-views';
import { NotFound } from './NotFound';
import { PublicLayout } from './PublicLayout';
import { Shell } from './Shell';

// In the main chunk: the sign-in page, the shell and Profile (where signing in lands). Every
// other view loads when first opened; the administration is only for a few people.
const AdminArea = lazy(() => import('../views/admin/AdminArea'));
const AccountsView = lazyView(async () => (await import('../views/accounts/AccountsView')).AccountsView);
const ActivityView = lazyView(async () => (await import('../views/activity/ActivityView')).ActivityView);
const AppPasswordsView = lazyView(async () => (await import('../views/app-passwords/AppPasswordsView')).AppPasswordsView);
const ConnectedAppsView = lazyView(async () => (await import('../views/connected-apps/ConnectedAppsView')).ConnectedAppsView);
const SecurityView = lazyView(async () => (await import('../views/security/SecurityView')).SecurityView);
const SetupRequiredView = lazyView(async () => (await import('../views/security/SecurityView')).SetupRequiredView);
const SessionsView = lazyView(async () => (await import('../views/sessions/SessionsView')).SessionsView);
const TokensView = lazyView(async () => (await import('../views/tokens/TokensView')).TokensView);
const LockdownPage = lazyView(async () => (await import('../views/lockdown/LockdownPage')).LockdownPage);
const EmailTokenPage = lazyView(async () => (await import('../views/signin/EmailTokenPage')).EmailTokenPage);
const ForgotPasswordPage = lazyView(async () => (await import('../views/signin/ForgotPasswordPage')).ForgotPasswordPage);
const InvitePage = lazyView(async () => (await import('../views/signin/InvitePage')).InvitePage);
const ResetPasswordPage = lazyView(async () => (await import('../views/signin/ResetPasswordPage')).ResetPasswordPage);
const AppAccessPage = lazyView(async () => (await import('../views/oidc/SignInHandoff')).AppAccessPage);
const ConfirmIdentityPage = lazyView(async () => (await import('../views/oidc/SignInHandoff')).ConfirmIdentityPage);
const ContinueToApp = lazyView(async () => (await import('../views/oidc/SignInHandoff')).ContinueToApp);
const ConsentPage = lazyView(async () => (await import('../views/oidc/SignInHandoff')).ConsentPage);
const SignInExpiredPage = lazyView(async () => (await import('../views/oidc/SignInHandoff')).SignInExpiredPage);

export function App() {
  return (
    <>
      <OfflineBanner />
      <LazyViews>
        <Routes>
          <Route path="/reset" element={<PublicLayout><ResetPasswordPage /></PublicLayout>} />
          <Route path="/invite" element={<PublicLayout><InvitePage /></PublicLayout>} />
          <Route path="/confirm-email" element={<PublicLayout><EmailTokenPage mode="confirm" /></PublicLayout>} />
          <Route path="/undo-email" element={<PublicLayout><EmailTokenPage mode="undo" /></PublicLayout>} />
          <Route path="/oidc-error" element={<PublicLayout><SignInExpiredPage /></PublicLayout>} />
          <Route path="/lockdown" element={<PublicLayout><LockdownPage /></PublicLayout>} />
          <Route path="*" element={<Gate />} />
        </Routes>
      </LazyViews>
    </>
  );
}

/** Signed out: the sign-in pages. Signed in: the dashboard, in the profile's language. */
function Gate() {
  const { t } = useTranslation();
  const location = useLocation();
  const { data: profile, isPending, error, refetch } = useProfileQuery();

  useEffect(() => {
    if (profile) void setLanguage(profile.language);
  }, [profile?.language, profile]);
  useEffect(() => {
    if (profile) applyTheme(profile.theme);
  }, [profile?.theme, profile]);

  if (isPending) {
    return (
      <div className="center-page">
        <Loading />
      </div>
    );
  }
  if (error && !profile) {
    return (
      <PublicLayout>
        <ErrorAlert error={error} />
        <button type="button" className="btn" onClick={() => void refetch()}>
          {t('common.retry')}
        </button>
      </PublicLayout>
    );
  }
  if (!profile) {
    return (
      <Routes>
        <Route path="/signin" element={<PublicLayout><SignInPage /></PublicLayout>} />
        <Route path="/forgot" element={<PublicLayout><ForgotPasswordPage /></PublicLayout>} />
        <Route path="*" element={<Navigate to="/signin" replace state={{ from: location.pathname === '/' ? undefined : location.pathname + location.search }} />} />
      </Routes>
    );
  }
  // Single sign-on: signed in (now or already) on the way to an app, back to the server's
  // interaction, which decides what comes next; and the app's consent and no-access pages.
  // Before the 2FA set-up rule: the server sends a user it stops there itself.
  const next = location.pathname === '/signin' ? nextFrom(location.search) : null;
  if (next) return <ContinueToApp path={next} />;
  if (matchPath('/consent/:uid', location.pathname)) {
    return (
      <Routes>
        <Route path="/consent/:uid" element={<ConsentPage />} />
      </Routes>
    );
  }
  if (matchPath('/app-confirm/:uid', location.pathname)) {
    return (
      <Routes>
        <Route path="/app-confirm/:uid" element={<ConfirmIdentityPage />} />
      </Routes>
    );
  }
  if (matchPath('/app-access/:uid', location.pathname)) {
    return (
      <Routes>
        <Route path="/app-access/:uid" element={<AppAccessPage />} />
      </Routes>
    );
  }
  if (profile.twoFactorSetupRequired) {
    return (
      <Shell restricted>
        <LazyViews>
          <Routes>
            <Route path="/security" element={<SetupRequiredView />} />
            <Route path="*" element={<Navigate to="/security" replace />} />
          </Routes>
        </LazyViews>
      </Shell>
    );
  }
  const from = (location.state as { from?: string } | null)?.from;
  return (
    <Shell>
      {/* keyed by the path: a view that failed to load does not block the next one */}
      <LazyViews key={location.pathname}>
        <Routes>
          <Route path="/" element={<Navigate to="/profile" replace />} />
          <Route path="/signin" element={<Navigate to={from ?? '/profile'} replace />} />
          <Route path="/forgot" element={<Navigate to="/security" replace />} />
          <Route path="/profile" element={<ProfileView />} />
          <Route path="/security" element={<SecurityView />} />
          <Route path="/sessions" element={<SessionsView />} />
          <Route path="/tokens" element={<TokensView />} />
          <Route path="/app-passwords" element={<AppPasswordsView />} />
          <Route path="/connected-apps" element={<ConnectedAppsView />} />
          <Route path="/accounts" element={<AccountsView />} />
          <Route path="/activity" element={<ActivityView />} />
          <Route
            path="/admin/*"
            element={
              profile.isAdmin || profile.role === 'usermanager' ? (
                <AdminArea />
              ) : (
                <NotFound />
              )
            }
          />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </LazyViews>
    </Shell>
  );
}
