import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { keys, signOutLocally } from '../../api/queries';
import { PasswordStrength } from '../../components/PasswordStrength';
import { CheckboxField, ErrorAlert, Notice, TextField, useDocumentTitle } from '../../components/ui';
import { leaveNotice } from './SignInPage';

/** `/reset?token=…` from the mail: a new password, plus a 2FA or recovery code when 2FA is on. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('reset.title'));
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const client = useQueryClient();
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [code, setCode] = useState('');
  // Off by default; once lockdown exists, a reset that follows one starts with it on.
  const [revokeCredentials, setRevokeCredentials] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  if (token === '') {
    return (
      <div>
        <h1>{t('reset.title')}</h1>
        <Notice kind="error">{t('reset.noToken')}</Notice>
        <div className="form-links">
          <Link to="/forgot">{t('reset.requestNew')}</Link>
        </div>
      </div>
    );
  }

  const mismatch = repeat !== '' && repeat !== password;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (mismatch) return;
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, string | boolean> = { token, newPassword: password, revokeCredentials };
      if (code.trim() !== '') body.code = code.replace(/\s+/g, '');
      await api.post('/auth/password-reset/confirm', body);
      // A reset ends every session, this browser's included.
      signOutLocally(client);
      await client.invalidateQueries({ queryKey: keys.profile });
      leaveNotice('reset');
      navigate('/signin', { replace: true });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <h1>{t('reset.title')}</h1>
      <p className="muted">{t('reset.explain')}</p>
      <TextField
        label={t('reset.newPassword')}
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        required
        autoFocus
        minLength={8}
      />
      <PasswordStrength password={password} />
      <TextField
        label={t('reset.repeat')}
        type="password"
        autoComplete="new-password"
        value={repeat}
        onChange={(event) => setRepeat(event.target.value)}
        error={mismatch ? t('security.passwordMismatch') : null}
        required
      />
      <TextField
        label={t('reset.code')}
        hint={t('reset.codeHint')}
        autoComplete="one-time-code"
        autoCapitalize="none"
        value={code}
        onChange={(event) => setCode(event.target.value)}
      />
      <CheckboxField
        label={t('reset.revokeCredentials')}
        hint={t('reset.revokeCredentialsHint')}
        checked={revokeCredentials}
        onChange={(event) => setRevokeCredentials(event.target.checked)}
        name="revokeCredentials"
      />
      <ErrorAlert error={error} />
      <button type="submit" className="btn btn-primary btn-block" disabled={busy || password === '' || repeat !== password}>
        {t('reset.submit')}
      </button>
      <div className="form-links">
        <Link to="/signin">{t('forgot.back')}</Link>
      </div>
    </form>
  );
}
