import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { login, loginSecondFactor } from '../../api/auth';
import { ApiError } from '../../api/client';
import { profileKey } from '../../api/profile';
import { takeSignedOutNotice } from '../../api/query-client';
import type { LoginMethod } from '../../api/types';
import { CodeField, RecoveryCodeField, normalizeCode } from '../../components/credentials';
import { ErrorAlert, Notice, TextField, useDocumentTitle } from '../../components/ui';
import { useCountdown } from '../../lib/useCountdown';

type Step = { kind: 'password' } | { kind: 'second'; ticket: string; methods: LoginMethod[] };

/** Username + password, then (when 2FA is on) a code or a recovery code. */
export function SignInPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [step, setStep] = useState<Step>({ kind: 'password' });
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [useRecovery, setUseRecovery] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [retryUntil, setRetryUntil] = useState<number | null>(null);
  const [notice] = useState(() => (takeSignedOutNotice() ? 'ended' : readNotice()));
  const wait = useCountdown(retryUntil);
  useDocumentTitle(step.kind === 'second' ? t('signIn.secondTitle') : t('signIn.title'));

  const fail = (failure: unknown) => {
    setError(failure);
    if (failure instanceof ApiError && failure.status === 429) setRetryUntil(Date.now() + (failure.retryAfter ?? 60) * 1000);
  };

  const signedIn = async () => {
    await client.invalidateQueries({ queryKey: profileKey });
  };

  const submitPassword = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await login({ username: username.trim(), password });
      if (result.status === 'second_factor_required') {
        setStep({ kind: 'second', ticket: result.ticket, methods: result.methods });
        setPassword('');
      } else await signedIn();
    } catch (failure) {
      fail(failure);
    } finally {
      setBusy(false);
    }
  };

  const submitCode = async (event: FormEvent) => {
    event.preventDefault();
    if (step.kind !== 'second') return;
    setBusy(true);
    setError(null);
    try {
      await loginSecondFactor({ ticket: step.ticket, code: useRecovery ? code.trim() : normalizeCode(code) });
      await signedIn();
    } catch (failure) {
      // An expired or used-up ticket cannot be retried: start over from the password.
      if (failure instanceof ApiError && failure.status === 401 && /ticket/.test(failure.code)) {
        setStep({ kind: 'password' });
        setCode('');
      }
      fail(failure);
    } finally {
      setBusy(false);
    }
  };

  const blocked = wait > 0;

  if (step.kind === 'second') {
    return (
      <form onSubmit={submitCode} noValidate>
        <h1>{t('signIn.secondTitle')}</h1>
        <p className="muted">{useRecovery ? t('signIn.recoveryExplain') : t('signIn.codeExplain')}</p>
        {useRecovery ? (
          <RecoveryCodeField
            key="recovery"
            value={code}
            onChange={(event) => setCode(event.target.value)}
            required
            autoFocus
          />
        ) : (
          <CodeField
            key="totp"
            label={t('signIn.code')}
            pattern="[0-9 ]*"
            maxLength={8}
            value={code}
            onChange={(event) => setCode(event.target.value)}
            required
            autoFocus
          />
        )}
        <ErrorAlert error={error} />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy || blocked || code.trim() === ''}>
          {blocked ? t('signIn.waitSeconds', { seconds: wait }) : t('signIn.verify')}
        </button>
        <div className="form-links">
          {step.methods.includes('recovery_code') ? (
            <button
              type="button"
              className="btn-link"
              onClick={() => {
                setUseRecovery(!useRecovery);
                setCode('');
                setError(null);
              }}
            >
              {useRecovery ? t('signIn.useTotp') : t('signIn.useRecovery')}
            </button>
          ) : null}
          <button
            type="button"
            className="btn-link"
            onClick={() => {
              setStep({ kind: 'password' });
              setCode('');
              setError(null);
            }}
          >
            {t('signIn.startOver')}
          </button>
        </div>
      </form>
    );
  }

  return (
    <form onSubmit={submitPassword} noValidate>
      <h1>{t('signIn.title')}</h1>
      {notice === 'ended' ? <Notice kind="warning">{t('signIn.sessionEnded')}</Notice> : null}
      {notice === 'deleted' ? <Notice kind="success">{t('signIn.accountDeleted')}</Notice> : null}
      {notice === 'reset' ? <Notice kind="success">{t('signIn.passwordReset')}</Notice> : null}
      <TextField
        label={t('signIn.username')}
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        value={username}
        onChange={(event) => setUsername(event.target.value)}
        required
        autoFocus
      />
      <TextField
        label={t('signIn.password')}
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        required
      />
      <ErrorAlert error={error} />
      <button type="submit" className="btn btn-primary btn-block" disabled={busy || blocked || username.trim() === '' || password === ''}>
        {blocked ? t('signIn.waitSeconds', { seconds: wait }) : busy ? t('signIn.signingIn') : t('signIn.submit')}
      </button>
      <div className="form-links">
        <Link to="/forgot">{t('signIn.forgot')}</Link>
      </div>
    </form>
  );
}

const NOTICE_KEY = 'userhub.notice';

/** One-shot notices left by other pages (account deleted, password reset). */
export function leaveNotice(notice: 'deleted' | 'reset'): void {
  try {
    sessionStorage.setItem(NOTICE_KEY, notice);
  } catch {
    // the notice is a courtesy
  }
}

function readNotice(): string | null {
  try {
    const value = sessionStorage.getItem(NOTICE_KEY);
    sessionStorage.removeItem(NOTICE_KEY);
    return value;
  } catch {
    return null;
  }
}
