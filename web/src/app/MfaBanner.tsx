import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { useAllMemberships, useRefreshMemberships } from '../api/accounts';
import { useMe } from '../api/profile';

/** Names shown before "and N more". */
const NAMED = 3;

/**
 * Above every view: the organisations whose MFA rule refuses the user (the server's
 * `mfaSatisfied`), with the way to Security. Asked only while the profile shows no second
 * factor; gone once the server says the rule is met. Security has its own notice in its place.
 */
export function MfaBanner() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { pathname } = useLocation();
  const hasSecondFactor = me.twoFactor.totp || me.twoFactor.passkeys > 0;
  const memberships = useAllMemberships(!hasSecondFactor);
  const refreshMemberships = useRefreshMemberships();
  // a factor added or removed (a passkey, a 2FA reset by an admin) changes every verdict
  const seen = useRef(hasSecondFactor);
  useEffect(() => {
    if (seen.current === hasSecondFactor) return;
    seen.current = hasSecondFactor;
    void refreshMemberships();
  }, [hasSecondFactor, refreshMemberships]);

  if (hasSecondFactor || pathname === '/security') return null;
  const refusing = (memberships.data ?? []).filter((membership) => !membership.mfaSatisfied);
  if (refusing.length === 0) return null;
  const names = refusing.slice(0, NAMED).map((membership) => membership.account.name);
  if (refusing.length > NAMED) names.push(t('rules.moreOrganisations', { n: refusing.length - NAMED }));
  const organisations = new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(names);
  return (
    <div className="alert alert-warning rule-banner" role="status" data-testid="mfa-banner">
      <p>
        <strong>{t('rules.mfaBannerTitle')}</strong> {t('rules.mfaBanner', { organisations })}
      </p>
      <Link to="/security" className="btn btn-small">
        {t('rules.mfaBannerLink')}
      </Link>
    </div>
  );
}
