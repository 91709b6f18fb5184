import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { completePasswordChange, login, loginSecondFactor, passkeyLogin, passkeyLoginOptions, secondFactorPasskeyOptions } from '../../api/auth';
import { ApiError } from '../../api/client';
import { profileKey } from '../../api/profile';
import { takeSignedOutNotice } from '../../api/query-client';
import type { LoginMethod, LoginResponse, SecondFactorResponse } from '../../api/types';
import { CodeField, NewPasswordFields, RecoveryCodeField, newPasswordChecks, normalizeCode } from '../../components/credentials';
import { ErrorAlert, Notice, TextField, useDocumentTitle } from '../../components/ui';
import { CancelledError } from '../../lib/cancelled';
import { required, useFieldErrors } from '../../lib/field-errors';
import { nextFrom } from '../../lib/next';
import { recoveryCodeFailure } from '../../lib/code-failures';
import { useCountdown } from '../../lib/useCountdown';
import {
  type PasskeyAssertion,
  cancelPasskeyAutofill,
  getPasskey,
  getPasskeyByAutofill,
  passkeyAutofillSupported,
  passkeyRefusal,
  passkeysSupported,
  rememberUserHandle,
} from '../../lib/webauthn';

type Step = { kind: 'password' } | { kind: 'second'; ticket: string; methods: LoginMethod[] } | { kind: 'new-password'; ticket: string };

/** The second factor asked first: a passkey when the user has one (and the browser can use it), else the app's code. */
function firstFactor(methods: LoginMethod[]): LoginMethod {
  if (methods.includes('passkey') && passkeysSupported()) return 'passkey';
  if (methods.includes('totp')) return 'totp';
  return methods[0] ?? 'totp';
}

/** An expired or used-up ticket cannot be retried: the sign-in starts over from the password. */
const ticketSpent = (failure: unknown) => failure instanceof ApiError && failure.status === 401 && /ticket/.test(failure.code);

/**
 * Username + password, then (when 2FA is on) a passkey, a code or a recovery code. Or a
 * passkey alone: the button, or the browser's autofill on the username field (a conditional
 * request started with the page, ended when the password form is sent or the page is left).
 * Sent here by an app's sign-in (`?next=/oidc/interaction/…`), whichever way the sign-in ends
 * the app shell (App.tsx) takes the browser back there.
 */
export function SignInPage() {
  const { t } = useTranslation();
  const forApp = nextFrom(useLocation().search) !== null;
  const client = useQueryClient();
  const [step, setStep] = useState<Step>({ kind: 'password' });
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  // the new password after a temporary one (the last step), typed twice
  const [newPassword, setNewPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [factor, setFactor] = useState<LoginMethod>('totp');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [retryUntil, setRetryUntil] = useState<number | null>(null);
  // a notice a page left on purpose (account deleted, password reset) wins over "your session
  // ended", which a request racing the deletion may have set too; both are taken once
  const [notice] = useState(() => {
    const left = readNotice();
    const ended = takeSignedOutNotice();
    return left ?? (ended ? 'ended' : null);
  });
  const wait = useCountdown(retryUntil);
  // one step shows at a time: its form takes the ref
  const form = useFieldErrors(error, ['username', 'password', 'code', 'newPassword', 'repeat']);
  const [canUsePasskeys] = useState(passkeysSupported);
  // The pending autofill request, and a counter that starts a new one. After the server refused
  // a passkey picked from the suggestions, the next request waits until the username field is
  // used again: a password manager that answers at once would otherwise be asked in a loop.
  const autofill = useRef<{ stop: () => void } | null>(null);
  const [autofillRound, setAutofillRound] = useState(0);
  const autofillIdle = useRef(false);
  const restartAutofill = () => setAutofillRound((round) => round + 1);
  const wakeAutofill = () => {
    if (!autofillIdle.current) return;
    autofillIdle.current = false;
    restartAutofill();
  };
  useDocumentTitle(step.kind === 'second' ? t('signIn.secondTitle') : step.kind === 'new-password' ? t('passwordChange.title') : t('signIn.title'));

  const fail = (failure: unknown) => {
    setError(failure);
    if (failure instanceof ApiError && failure.status === 429) setRetryUntil(Date.now() + (failure.retryAfter ?? 60) * 1000);
  };

  const signedIn = async (result?: LoginResponse, passkey?: PasskeyAssertion) => {
    if (result?.status === 'ok') rememberUserHandle(result.user.id, passkey?.response.userHandle);
    await client.invalidateQueries({ queryKey: profileKey });
  };

  /** After the second step: signed in, or (a temporary password) on to the new password. */
  const afterSecondFactor = async (result: SecondFactorResponse) => {
    if (result.status === 'password_change_required') {
      setStep({ kind: 'new-password', ticket: result.ticket });
      setCode('');
    } else await signedIn();
  };

  /** Sends the answer of a passkey picked from the autofill suggestions; a refusal is shown. */
  const finishAutofill = async (challengeId: string, response: PasskeyAssertion) => {
    setBusy(true);
    setError(null);
    try {
      await signedIn(await passkeyLogin({ challengeId, response }), response);
    } catch (failure) {
      fail(passkeyRefusal(failure, response));
      autofillIdle.current = true;
    } finally {
      setBusy(false);
    }
  };

  // Browser autofill: while the password step shows, a conditional request lets the username
  // field suggest this site's passkeys. Opportunistic: any failure before a pick stays silent.
  useEffect(() => {
    if (step.kind !== 'password') return;
    let stopped = false;
    const handle = {
      stop: () => {
        stopped = true;
        cancelPasskeyAutofill();
      },
    };
    autofill.current = handle;
    void (async () => {
      if (!(await passkeyAutofillSupported()) || stopped) return;
      let challenge;
      let response: PasskeyAssertion;
      try {
        challenge = await passkeyLoginOptions();
        if (stopped) return;
        response = await getPasskeyByAutofill(challenge.options);
      } catch {
        return;
      }
      await finishAutofill(challenge.challengeId, response);
    })();
    return () => {
      handle.stop();
      if (autofill.current === handle) autofill.current = null;
    };
    // finishAutofill is recreated each render; the request depends only on the step and the round.
  }, [step.kind, autofillRound]);

  const submitPassword = async (event: FormEvent) => {
    event.preventDefault();
    if (!form.check({ username: required(username), password: required(password) })) return;
    autofill.current?.stop();
    setBusy(true);
    setError(null);
    try {
      const result = await login({ username: username.trim(), password });
      if (result.status === 'second_factor_required') {
        setStep({ kind: 'second', ticket: result.ticket, methods: result.methods });
        setFactor(firstFactor(result.methods));
        setPassword('');
      } else if (result.status === 'password_change_required') {
        setStep({ kind: 'new-password', ticket: result.ticket });
        setPassword('');
      } else await signedIn(result);
    } catch (failure) {
      fail(failure);
      restartAutofill();
    } finally {
      setBusy(false);
    }
  };

  const signInWithPasskey = async () => {
    autofill.current?.stop();
    setBusy(true);
    setError(null);
    let response: PasskeyAssertion | undefined;
    try {
      const { challengeId, options } = await passkeyLoginOptions();
      response = await getPasskey(options);
      await signedIn(await passkeyLogin({ challengeId, response }), response);
    } catch (failure) {
      if (!(failure instanceof CancelledError)) fail(passkeyRefusal(failure, response));
      restartAutofill();
    } finally {
      setBusy(false);
    }
  };

  const startOver = (failure: unknown = null) => {
    setStep({ kind: 'password' });
    setCode('');
    setNewPassword('');
    setRepeat('');
    setError(failure);
  };

  const submitCode = async (event: FormEvent) => {
    event.preventDefault();
    if (step.kind !== 'second' || !form.check({ code: required(code) })) return;
    setBusy(true);
    setError(null);
    try {
      await afterSecondFactor(await loginSecondFactor({ ticket: step.ticket, code: factor === 'recovery_code' ? code.trim() : normalizeCode(code) }));
    } catch (failure) {
      if (ticketSpent(failure)) startOver();
      fail(factor === 'recovery_code' ? recoveryCodeFailure(failure) : failure);
    } finally {
      setBusy(false);
    }
  };

  const submitSecondPasskey = async () => {
    if (step.kind !== 'second') return;
    setBusy(true);
    setError(null);
    let response: PasskeyAssertion | undefined;
    try {
      response = await getPasskey(await secondFactorPasskeyOptions(step.ticket));
      await afterSecondFactor(await loginSecondFactor({ ticket: step.ticket, passkey: response }));
    } catch (failure) {
      if (failure instanceof CancelledError) return;
      if (ticketSpent(failure)) startOver();
      fail(passkeyRefusal(failure, response));
    } finally {
      setBusy(false);
    }
  };

  const submitNewPassword = async (event: FormEvent) => {
    event.preventDefault();
    if (step.kind !== 'new-password') return;
    const checks = newPasswordChecks(newPassword, repeat);
    if (!form.check({ newPassword: checks.password, repeat: checks.repeat })) return;
    setBusy(true);
    setError(null);
    try {
      await signedIn(await completePasswordChange({ ticket: step.ticket, newPassword }));
    } catch (failure) {
      if (ticketSpent(failure)) startOver();
      fail(failure);
    } finally {
      setBusy(false);
    }
  };

  const blocked = wait > 0;

  if (step.kind === 'new-password') {
    return (
      <form ref={form.ref} onSubmit={submitNewPassword} noValidate data-testid="password-change">
        <h1>{t('passwordChange.title')}</h1>
        <p className="muted">{t('passwordChange.explain')}</p>
        <NewPasswordFields
          password={newPassword}
          repeat={repeat}
          onPassword={setNewPassword}
          onRepeat={setRepeat}
          labels={{ password: t('passwordChange.newPassword'), repeat: t('passwordChange.repeat') }}
          userInputs={[username.trim()]}
          errors={{ password: form.error('newPassword'), repeat: form.error('repeat') }}
          autoFocus
        />
        <ErrorAlert error={form.rest} />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {t('passwordChange.submit')}
        </button>
        <div className="form-links">
          <button type="button" className="btn-link" onClick={() => startOver()}>
            {t('signIn.startOver')}
          </button>
        </div>
      </form>
    );
  }

  if (step.kind === 'second') {
    const switchTo = (next: LoginMethod) => {
      setFactor(next);
      setCode('');
      setError(null);
    };
    const others = (['passkey', 'totp', 'recovery_code'] as const).filter((method) => method !== factor && step.methods.includes(method));
    const links = (
      <div className="form-links">
        {others.map((method) => (
          <button key={method} type="button" className="btn-link" onClick={() => switchTo(method)}>
            {t(SWITCH_LABEL[method])}
          </button>
        ))}
        <button type="button" className="btn-link" onClick={() => startOver()}>
          {t('signIn.startOver')}
        </button>
      </div>
    );

    if (factor === 'passkey') {
      return (
        <div>
          <h1>{t('signIn.secondTitle')}</h1>
          <p className="muted">{t('signIn.passkeyExplain')}</p>
          {canUsePasskeys ? null : <Notice kind="warning">{t('passkeys.errors.unsupported')}</Notice>}
          <ErrorAlert error={error} />
          <button type="button" className="btn btn-primary btn-block" disabled={busy || blocked || !canUsePasskeys} onClick={() => void submitSecondPasskey()} autoFocus>
            {blocked ? t('signIn.waitSeconds', { seconds: wait }) : busy ? t('signIn.passkeyWaiting') : t('signIn.usePasskey')}
          </button>
          {links}
        </div>
      );
    }

    const recovery = factor === 'recovery_code';
    return (
      <form ref={form.ref} onSubmit={submitCode} noValidate>
        <h1>{t('signIn.secondTitle')}</h1>
        <p className="muted">{recovery ? t('signIn.recoveryExplain') : t('signIn.codeExplain')}</p>
        {recovery ? (
          <RecoveryCodeField key="recovery" value={code} onChange={(event) => setCode(event.target.value)} error={form.error('code')} required autoFocus />
        ) : (
          <CodeField
            key="totp"
            label={t('signIn.code')}
            pattern="[0-9 ]*"
            maxLength={8}
            value={code}
            onChange={(event) => setCode(event.target.value)}
            error={form.error('code')}
            required
            autoFocus
          />
        )}
        <ErrorAlert error={form.rest} />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy || blocked}>
          {blocked ? t('signIn.waitSeconds', { seconds: wait }) : t('signIn.verify')}
        </button>
        {links}
      </form>
    );
  }

  return (
    <form ref={form.ref} onSubmit={submitPassword} noValidate>
      <h1>{t('signIn.title')}</h1>
      {forApp ? <p className="muted">{t('signIn.forApp')}</p> : null}
      {notice === 'ended' ? <Notice kind="warning">{t('signIn.sessionEnded')}</Notice> : null}
      {notice === 'deleted' ? <Notice kind="success">{t('signIn.accountDeleted')}</Notice> : null}
      {notice === 'reset' ? <Notice kind="success">{t('signIn.passwordReset')}</Notice> : null}
      <TextField
        label={t('signIn.username')}
        // "webauthn": the browser may offer this site's passkeys in the field's suggestions
        autoComplete="username webauthn"
        autoCapitalize="none"
        spellCheck={false}
        value={username}
        onChange={(event) => setUsername(event.target.value)}
        onFocus={wakeAutofill}
        onClick={wakeAutofill}
        error={form.error('username')}
        required
        autoFocus
      />
      <TextField
        label={t('signIn.password')}
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        error={form.error('password')}
        required
      />
      <ErrorAlert error={form.rest} />
      <button type="submit" className="btn btn-primary btn-block" disabled={busy || blocked}>
        {blocked ? t('signIn.waitSeconds', { seconds: wait }) : busy ? t('signIn.signingIn') : t('signIn.submit')}
      </button>
      {canUsePasskeys ? (
        <>
          <p className="divider" aria-hidden="true">
            <span>{t('signIn.or')}</span>
          </p>
          <button type="button" className="btn btn-block passkey-button" disabled={busy || blocked} onClick={() => void signInWithPasskey()}>
            <PasskeyIcon />
            {t('signIn.withPasskey')}
          </button>
        </>
      ) : null}
      <div className="form-links">
        <Link to="/forgot">{t('signIn.forgot')}</Link>
      </div>
    </form>
  );
}

const SWITCH_LABEL = { passkey: 'signIn.usePasskeyInstead', totp: 'signIn.useTotp', recovery_code: 'signIn.useRecovery' } as const satisfies Record<LoginMethod, string>;

/** A key with a person: the usual passkey mark, decorative (the button's text says it). */
function PasskeyIcon() {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <circle cx="9" cy="7" r="4" fill="none" stroke="currentColor" strokeWidth="2" />
      <path d="M2 21v-1a6 6 0 0 1 6-6h2" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      <circle cx="17" cy="13" r="3" fill="none" stroke="currentColor" strokeWidth="2" />
      <path d="M17 16v5m0-2h2" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
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
