import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { requestPasswordReset } from '../../api/auth';
import { ApiError } from '../../api/client';
import { ErrorAlert, Notice, TextField, useDocumentTitle } from '../../components/ui';
import { required, useFieldErrors } from '../../lib/field-errors';
import { useCountdown } from '../../lib/useCountdown';

/** Asks for a reset link. The answer is the same whether the account exists or not. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('forgot.title'));
  const [login, setLogin] = useState('');
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [retryUntil, setRetryUntil] = useState<number | null>(null);
  const wait = useCountdown(retryUntil);
  const form = useFieldErrors(error, ['login']);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!form.check({ login: required(login) })) return;
    const value = login.trim();
    setBusy(true);
    setError(null);
    try {
      await requestPasswordReset(value.includes('@') ? { email: value } : { username: value });
      setSent(true);
    } catch (failure) {
      setError(failure);
      if (failure instanceof ApiError && failure.status === 429) setRetryUntil(Date.now() + (failure.retryAfter ?? 60) * 1000);
    } finally {
      setBusy(false);
    }
  };

  if (sent) {
    return (
      <div>
        <h1>{t('forgot.title')}</h1>
        <Notice kind="success">{t('forgot.sent')}</Notice>
        <div className="form-links">
          <Link to="/signin">{t('forgot.back')}</Link>
        </div>
      </div>
    );
  }
  return (
    <form ref={form.ref} onSubmit={submit} noValidate>
      <h1>{t('forgot.title')}</h1>
      <p className="muted">{t('forgot.explain')}</p>
      <TextField
        label={t('forgot.login')}
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        value={login}
        onChange={(event) => setLogin(event.target.value)}
        error={form.error('login')}
        required
        autoFocus
      />
      <ErrorAlert error={form.rest} />
      <button type="submit" className="btn btn-primary btn-block" disabled={busy || wait > 0}>
        {wait > 0 ? t('signIn.waitSeconds', { seconds: wait }) : t('forgot.submit')}
      </button>
      <div className="form-links">
        <Link to="/signin">{t('forgot.back')}</Link>
      </div>
    </form>
  );
}
