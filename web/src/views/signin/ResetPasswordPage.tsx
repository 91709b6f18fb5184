import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { confirmPasswordReset } from '../../api/auth';
import { useLinkInspection } from '../../api/links';
import { profileKey } from '../../api/profile';
import { signOutLocally } from '../../api/query-client';
import type { PasswordResetConfirm } from '../../api/types';
import { CodeField, NewPasswordFields, newPasswordChecks, normalizeCode } from '../../components/credentials';
import { CheckboxField, ErrorAlert, Notice, useDocumentTitle } from '../../components/ui';
import { useFieldErrors } from '../../lib/field-errors';
import { LinkCheck } from './LinkCheck';
import { leaveNotice } from './SignInPage';
import { codeFailure } from '../../lib/code-failures';

/**
 * `/reset?token=…` from the mail: the link is checked first (whose password, whether 2FA is on),
 * so a dead link says so before anything is typed; then a new password, plus a 2FA or recovery
 * code only when the account has 2FA.
 */
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
  const form = useFieldErrors(error, ['newPassword', 'repeat', 'code']);
  const inspection = useLinkInspection('/auth/password-reset/inspect', token);
  const requestNew = (
    <div className="form-links">
      <Link to="/forgot">{t('reset.requestNew')}</Link>
    </div>
  );

  if (token === '') {
    return (
      <div>
        <h1>{t('reset.title')}</h1>
        <Notice kind="error">{t('reset.noToken')}</Notice>
        {requestNew}
      </div>
    );
  }
  if (!inspection.data) {
    return (
      <div data-testid="reset">
        <h1>{t('reset.title')}</h1>
        <LinkCheck inspection={inspection} refused={requestNew} />
      </div>
    );
  }
  const { username, maskedEmail, twoFactor } = inspection.data;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checks = newPasswordChecks(password, repeat);
    if (!form.check({ newPassword: checks.password, repeat: checks.repeat })) return;
    setBusy(true);
    setError(null);
    try {
      const body: PasswordResetConfirm = { token, newPassword: password, revokeCredentials };
      // A TOTP or a recovery code (both without inner spaces).
      if (twoFactor && code.trim() !== '') body.code = normalizeCode(code);
      await confirmPasswordReset(body);
      // A reset ends every session, this browser's included.
      signOutLocally(client);
      await client.invalidateQueries({ queryKey: profileKey });
      leaveNotice('reset');
      navigate('/signin', { replace: true });
    } catch (failure) {
      setError(codeFailure(failure, code));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={form.ref} onSubmit={submit} noValidate data-testid="reset">
      <h1>{t('reset.title')}</h1>
      <p data-testid="link-subject">{t('reset.forUser', { username, address: maskedEmail })}</p>
      <p className="muted">{t('reset.explain')}</p>
      <NewPasswordFields password={password} repeat={repeat} onPassword={setPassword} onRepeat={setRepeat} labels={{ password: t('reset.newPassword'), repeat: t('reset.repeat') }}
        errors={{ password: form.error('newPassword'), repeat: form.error('repeat') }}
        autoFocus
      />
      {twoFactor ? (
        <CodeField label={t('reset.code')} hint={t('reset.codeRequiredHint')} inputMode="text" value={code} onChange={(event) => setCode(event.target.value)} error={form.error('code')} />
      ) : null}
      <CheckboxField
        label={t('reset.revokeCredentials')}
        hint={t('reset.revokeCredentialsHint')}
        checked={revokeCredentials}
        onChange={(event) => setRevokeCredentials(event.target.checked)}
        name="revokeCredentials"
      />
      <ErrorAlert error={form.rest} />
      <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
        {t('reset.submit')}
      </button>
      <div className="form-links">
        <Link to="/signin">{t('forgot.back')}</Link>
      </div>
    </form>
  );
}
