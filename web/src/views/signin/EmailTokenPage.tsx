import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { keys, signOutLocally } from '../../api/queries';
import { ErrorAlert, Notice, useDocumentTitle } from '../../components/ui';

/**
 * The links mailed on an email change: confirm the new address, or undo the change from the old
 * one. A button (not an automatic request on load) so link scanners in mail systems cannot
 * act on the person's behalf.
 */
export function EmailTokenPage({ mode }: { mode: 'confirm' | 'undo' }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const client = useQueryClient();
  const [state, setState] = useState<'idle' | 'busy' | 'done'>('idle');
  const [error, setError] = useState<unknown>(null);
  useDocumentTitle(mode === 'confirm' ? t('emailToken.confirmTitle') : t('emailToken.undoTitle'));

  const run = async () => {
    setState('busy');
    setError(null);
    try {
      await api.post(`/profile/email/${mode}`, { token });
      if (mode === 'undo') signOutLocally(client);
      else await client.invalidateQueries({ queryKey: keys.profile });
      setState('done');
    } catch (failure) {
      setError(failure);
      setState('idle');
    }
  };

  return (
    <div>
      <h1>{mode === 'confirm' ? t('emailToken.confirmTitle') : t('emailToken.undoTitle')}</h1>
      {token === '' ? <Notice kind="error">{t('emailToken.noToken')}</Notice> : null}
      {state === 'done' ? (
        <Notice kind="success">{mode === 'confirm' ? t('emailToken.confirmed') : t('emailToken.undone')}</Notice>
      ) : token !== '' ? (
        <>
          <p className="muted">{mode === 'confirm' ? t('emailToken.confirmExplain') : t('emailToken.undoExplain')}</p>
          <ErrorAlert error={error} />
          <button type="button" className="btn btn-primary btn-block" disabled={state === 'busy'} onClick={() => void run()}>
            {mode === 'confirm' ? t('emailToken.confirm') : t('emailToken.undo')}
          </button>
        </>
      ) : null}
      <div className="form-links">
        <Link to="/">{t('emailToken.toDashboard')}</Link>
      </div>
    </div>
  );
}
