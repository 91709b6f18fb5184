import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router-dom';
import { useMe } from '../../api/profile';
import { Notice } from '../../components/ui';
import { appNameFrom, nextFrom } from '../../lib/next';
import { useFreshCodes } from '../security/fresh-codes';

/**
 * On the Security view when an app's sign-in sent the user here (`?next=/oidc/interaction/…`):
 * the app (or the instance) demands two-factor authentication. Once a second factor is on (an
 * authenticator app whose recovery codes were saved, or a passkey), a link goes back to the app.
 */
export function AppTwoFactorNotice() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const freshCodes = useFreshCodes(me.id);
  const next = nextFrom(location.search);
  if (!next) return null;
  const app = appNameFrom(location.search);
  const ready = (me.twoFactor.totp || me.twoFactor.passkeys > 0) && !freshCodes;
  if (!ready) {
    return (
      <Notice kind="warning" role="alert">
        {app ? t('oidc.twoFactor.required', { app }) : t('oidc.twoFactor.requiredUnnamed')}
      </Notice>
    );
  }
  return (
    <div className="alert alert-success app-continue" role="status" data-testid="oidc-continue">
      <p>{app ? t('oidc.twoFactor.ready', { app }) : t('oidc.twoFactor.readyUnnamed')}</p>
      {/* A plain link: the interaction is the server's page, not one of the dashboard's. */}
      <a className="btn btn-primary" href={next}>
        {t('oidc.twoFactor.continue')}
      </a>
    </div>
  );
}
