import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useLinkInspection } from '../../api/links';
import { lockDownByLink } from '../../api/lockdown';
import { signOutLocally } from '../../api/query-client';
import type { LockdownResult } from '../../api/types';
import { ErrorAlert, Notice, useDocumentTitle } from '../../components/ui';
import { LinkCheck } from '../signin/LinkCheck';
import { forgetLockdownResult, keptLockdownResult } from './result';

/**
 * `/lockdown?token=…`, the "This wasn't me" link of every security notice: a button (a link
 * scanner opening the mail must not lock anyone out), then what was done and what comes next.
 * The signed-in lockdown (Sessions, Activity) lands here with its result kept in sessionStorage.
 */
export function LockdownPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const client = useQueryClient();
  const [result, setResult] = useState<LockdownResult | null>(keptLockdownResult);
  // the signed-in lockdown lands here with its result and no token: nothing to read
  const inspection = useLinkInspection('/auth/lockdown/inspect', result ? '' : token);
  useEffect(forgetLockdownResult, []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useDocumentTitle(result ? t('lockdown.doneTitle') : t('lockdown.title'));

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await lockDownByLink(token));
      // every session ended, this browser's too
      signOutLocally(client);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  if (result) return <LockdownDone result={result} />;
  return (
    <div data-testid="lockdown">
      <h1>{t('lockdown.title')}</h1>
      {token === '' ? (
        <Notice kind="error">{t('lockdown.noToken')}</Notice>
      ) : !inspection.data ? (
        <LinkCheck inspection={inspection} refused={null} />
      ) : (
        <>
          <p data-testid="link-subject">{t('lockdown.forUser', { username: inspection.data.username })}</p>
          <p>{t('lockdown.intro')}</p>
          <ul className="lockdown-list">
            <li>{t('lockdown.willEndSessions')}</li>
            <li>{t('lockdown.willRevoke')}</li>
            <li>{t('lockdown.willAskReset')}</li>
            <li>{t('lockdown.stays')}</li>
          </ul>
          <ErrorAlert error={error} />
          <button type="button" className="btn btn-danger btn-block" disabled={busy} onClick={() => void run()}>
            {busy ? t('lockdown.busy') : t('lockdown.button')}
          </button>
        </>
      )}
      <div className="form-links">
        <Link to="/">{t('lockdown.notNow')}</Link>
      </div>
    </div>
  );
}

function LockdownDone({ result }: { result: LockdownResult }) {
  const { t } = useTranslation();
  return (
    <div data-testid="lockdown-done">
      <h1>{t('lockdown.doneTitle')}</h1>
      <Notice kind="success">{t('lockdown.doneText')}</Notice>
      <h2>{t('lockdown.whatWasDone')}</h2>
      <ul className="lockdown-list">
        <li>{t('lockdown.sessionsEnded', { count: result.sessionsEnded })}</li>
        <li>{t('lockdown.tokensRevoked', { count: result.tokensRevoked })}</li>
        <li>{t('lockdown.appPasswordsRevoked', { count: result.appPasswordsRevoked })}</li>
        <li>{t('lockdown.appsRevoked', { count: result.appsRevoked })}</li>
      </ul>
      <h2>{t('lockdown.next')}</h2>
      {result.managedByDirectory ? (
        <p>{t('lockdown.directory')}</p>
      ) : result.resetMailedTo ? (
        <p>{t('lockdown.resetMailed', { address: result.resetMailedTo })}</p>
      ) : (
        <p>
          {t('lockdown.resetNotMailed')} <Link to="/forgot">{t('lockdown.forgot')}</Link>
        </p>
      )}
      <p className="muted">{t('lockdown.stays')}</p>
      <p className="muted">{t('lockdown.afterwards')}</p>
      <div className="form-links">
        <Link to="/signin">{t('lockdown.toSignIn')}</Link>
      </div>
    </div>
  );
}
