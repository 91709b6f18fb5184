import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { acceptInvitation } from '../../api/auth';
import { useLinkInspection } from '../../api/links';
import { profileKey } from '../../api/profile';
import { signOutLocally } from '../../api/query-client';
import { NewPasswordFields, newPasswordChecks } from '../../components/credentials';
import { ErrorAlert, Notice, useDocumentTitle } from '../../components/ui';
import { useFieldErrors } from '../../lib/field-errors';
import { LinkCheck } from './LinkCheck';

/**
 * `/invite?token=…` from the invitation mail: the link is read first (the username it signs in
 * as; a dead link says so at once), then the user chooses their password and lands signed in on
 * the dashboard. Nothing happens before the button: a mail scanner opening the link changes nothing.
 */
export function InvitePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('invite.title'));
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const client = useQueryClient();
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const form = useFieldErrors(error, ['newPassword', 'repeat']);
  const inspection = useLinkInspection('/auth/invitation/inspect', token);

  if (token === '') {
    return (
      <div>
        <h1>{t('invite.title')}</h1>
        <Notice kind="error">{t('invite.noToken')}</Notice>
        <div className="form-links">
          <Link to="/signin">{t('invite.toSignIn')}</Link>
        </div>
      </div>
    );
  }

  if (!inspection.data) {
    return (
      <div data-testid="invite">
        <h1>{t('invite.title')}</h1>
        <LinkCheck
          inspection={inspection}
          refused={
            <div className="form-links">
              <Link to="/signin">{t('invite.toSignIn')}</Link>
            </div>
          }
        />
      </div>
    );
  }
  const { username } = inspection.data;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checks = newPasswordChecks(password, repeat);
    if (!form.check({ newPassword: checks.password, repeat: checks.repeat })) return;
    setBusy(true);
    setError(null);
    try {
      await acceptInvitation({ token, newPassword: password });
      // whoever was signed in in this browser before, the new account is now
      signOutLocally(client);
      await client.invalidateQueries({ queryKey: profileKey });
      navigate('/profile', { replace: true });
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <form ref={form.ref} onSubmit={submit} noValidate data-testid="invite">
      <h1>{t('invite.title')}</h1>
      <p className="muted">{t('invite.explain')}</p>
      <p data-testid="link-subject">{t('invite.forUser', { username })}</p>
      <NewPasswordFields password={password} repeat={repeat} onPassword={setPassword} onRepeat={setRepeat} labels={{ password: t('invite.password'), repeat: t('invite.repeat') }}
        errors={{ password: form.error('newPassword'), repeat: form.error('repeat') }}
        autoFocus
      />
      <ErrorAlert error={form.rest} />
      <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
        {t('invite.submit')}
      </button>
      <div className="form-links">
        <Link to="/signin">{t('invite.haveAccount')}</Link>
      </div>
    </form>
  );
}
