import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAllMemberships } from '../../api/accounts';
import { useChangePassword, useMe } from '../../api/profile';
import { NewPasswordFields, PasswordField, newPasswordChecks } from '../../components/credentials';
import { Card, ErrorAlert, Notice, PageHeader } from '../../components/ui';
import { required, useFieldErrors } from '../../lib/field-errors';
import { AppTwoFactorNotice } from '../oidc/AppTwoFactorNotice';
import { DeleteAccountCard } from './DeleteAccountCard';
import { DownloadDataCard } from './DownloadDataCard';
import { PasskeysCard } from './PasskeysCard';
import { TwoFactorCard } from './TwoFactorCard';

export function SecurityView() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('security.title')} description={t('security.description')} />
      <AppTwoFactorNotice />
      <MfaRequiredNotice />
      <TwoFactorCard />
      <PasskeysCard />
      <PasswordCard />
      <DownloadDataCard />
      <DeleteAccountCard />
    </>
  );
}

/** The only page while the instance requires 2FA and the user has none yet. */
export function SetupRequiredView() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('setupRequired.title')} />
      <AppTwoFactorNotice />
      <Notice kind="warning">{t('setupRequired.text')}</Notice>
      <TwoFactorCard />
      <PasskeysCard />
    </>
  );
}

/** Shown while an account the user belongs to demands 2FA and the user has none (a passkey counts). */
function MfaRequiredNotice() {
  const { t } = useTranslation();
  const me = useMe();
  const hasMfa = me.twoFactor.totp || me.twoFactor.passkeys > 0;
  const memberships = useAllMemberships(!hasMfa);
  if (hasMfa) return null;
  // the server's verdict: it changes as soon as a factor is added, before the profile is refetched
  const demanding = (memberships.data ?? []).filter((membership) => !membership.mfaSatisfied);
  if (demanding.length === 0) return null;
  return (
    <Notice kind="warning" role="alert">
      {t('security.mfaRequired', { accounts: demanding.map((membership) => membership.account.name).join(', ') })}
    </Notice>
  );
}

function PasswordCard() {
  const { t } = useTranslation();
  const me = useMe();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const change = useChangePassword();
  const form = useFieldErrors(change.error, ['currentPassword', 'newPassword', 'repeat']);

  if (me.source === 'ldap') {
    return (
      <Card title={t('security.passwordTitle')}>
        <p className="hint lock-note">{t('security.passwordDirectory')}</p>
      </Card>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { password, repeat: repeated } = newPasswordChecks(next, repeat);
    if (!form.check({ currentPassword: required(current), newPassword: password, repeat: repeated })) return;
    change.mutate(
      { currentPassword: current, newPassword: next },
      {
        onSuccess: () => {
          setCurrent('');
          setNext('');
          setRepeat('');
        },
      },
    );
  };

  return (
    <Card title={t('security.passwordTitle')} description={t('security.passwordHelp')}>
      <form ref={form.ref} onSubmit={submit} noValidate>
        <input type="text" name="username" autoComplete="username" value={me.username} readOnly hidden />
        <PasswordField
          label={t('security.currentPassword')}
          value={current}
          onChange={(event) => {
            setCurrent(event.target.value);
            change.reset();
          }}
          error={form.error('currentPassword')}
          required
        />
        <NewPasswordFields
          password={next}
          repeat={repeat}
          onPassword={(value) => {
            setNext(value);
            change.reset();
          }}
          onRepeat={setRepeat}
          labels={{ password: t('security.newPassword'), repeat: t('security.repeatPassword') }}
          userInputs={[me.username, me.email, me.displayName]}
          errors={{ password: form.error('newPassword'), repeat: form.error('repeat') }}
        />
        <ErrorAlert error={form.rest} />
        {change.isSuccess ? <Notice kind="success">{t('security.passwordChanged')}</Notice> : null}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={change.isPending}>
            {t('security.changePassword')}
          </button>
        </div>
      </form>
    </Card>
  );
}
