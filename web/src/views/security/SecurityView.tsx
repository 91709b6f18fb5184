import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useMe, useMemberships } from '../../api/queries';
import { PasswordStrength } from '../../components/PasswordStrength';
import { Card, ErrorAlert, Notice, PageHeader, TextField } from '../../components/ui';
import { DeleteAccountCard } from './DeleteAccountCard';
import { TwoFactorCard } from './TwoFactorCard';

export function SecurityView() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('security.title')} description={t('security.description')} />
      <MfaRequiredNotice />
      <TwoFactorCard />
      <PasswordCard />
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
      <Notice kind="warning">{t('setupRequired.text')}</Notice>
      <TwoFactorCard />
    </>
  );
}

/** Shown while an account the user belongs to demands 2FA and the user has none. */
function MfaRequiredNotice() {
  const { t } = useTranslation();
  const me = useMe();
  const memberships = useMemberships(!me.twoFactor.totp);
  if (me.twoFactor.totp) return null;
  const demanding = (memberships.data ?? []).filter((membership) => membership.requiresMfa);
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
  const change = useMutation({
    mutationFn: () => api.put('/profile/password', { currentPassword: current, newPassword: next }),
    onSuccess: () => {
      setCurrent('');
      setNext('');
      setRepeat('');
    },
  });
  const mismatch = repeat !== '' && repeat !== next;

  if (me.source === 'ldap') {
    return (
      <Card title={t('security.passwordTitle')}>
        <p className="hint lock-note">{t('security.passwordDirectory')}</p>
      </Card>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!mismatch && current !== '' && next !== '') change.mutate();
  };

  return (
    <Card title={t('security.passwordTitle')} description={t('security.passwordHelp')}>
      <form onSubmit={submit} noValidate>
        <input type="text" name="username" autoComplete="username" value={me.username} readOnly hidden />
        <TextField
          label={t('security.currentPassword')}
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(event) => {
            setCurrent(event.target.value);
            change.reset();
          }}
          required
        />
        <TextField
          label={t('security.newPassword')}
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={(event) => {
            setNext(event.target.value);
            change.reset();
          }}
          hint={t('security.passwordRules')}
          required
        />
        <PasswordStrength password={next} userInputs={[me.username, me.email, me.displayName]} />
        <TextField
          label={t('security.repeatPassword')}
          type="password"
          autoComplete="new-password"
          value={repeat}
          onChange={(event) => setRepeat(event.target.value)}
          error={mismatch ? t('security.passwordMismatch') : null}
          required
        />
        <ErrorAlert error={change.error} />
        {change.isSuccess ? <Notice kind="success">{t('security.passwordChanged')}</Notice> : null}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={change.isPending || current === '' || next === '' || repeat !== next}>
            {t('security.changePassword')}
          </button>
        </div>
      </form>
    </Card>
  );
}
