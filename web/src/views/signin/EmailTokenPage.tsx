import type { TFunction } from 'i18next';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useLinkInspection } from '../../api/links';
import { confirmEmailLink, profileKey } from '../../api/profile';
import { signOutLocally } from '../../api/query-client';
import type { ResponseOf } from '../../api/types';
import { ErrorAlert, Notice, useDocumentTitle } from '../../components/ui';
import { LinkCheck } from './LinkCheck';

type AddressLink = ResponseOf<'/profile/email/inspect', 'post'>;

/** The words of each link: the primary address, or the recovery address (`&address=recovery`). */
const TEXTS = {
  primary: {
    confirm: ['emailToken.confirmTitle', 'emailToken.confirmExplain', 'emailToken.confirm', 'emailToken.confirmed'],
    undo: ['emailToken.undoTitle', 'emailToken.undoExplain', 'emailToken.undo', 'emailToken.undone'],
  },
  recovery: {
    confirm: ['emailToken.recoveryConfirmTitle', 'emailToken.recoveryConfirmExplain', 'emailToken.recoveryConfirm', 'emailToken.recoveryConfirmed'],
    undo: ['emailToken.recoveryUndoTitle', 'emailToken.recoveryUndoExplain', 'emailToken.recoveryUndo', 'emailToken.recoveryUndone'],
  },
} as const;

/** What the link does, with the address and the username (the inspection's words). */
function subjectOf(t: TFunction, link: AddressLink): string | null {
  const values = { address: link.address, current: link.current, username: link.username };
  if (link.action === 'confirm') return t(link.kind === 'primary' ? 'emailToken.confirmNamed' : 'emailToken.recoveryConfirmNamed', values);
  if (link.kind === 'primary') return t('emailToken.undoNamed', values);
  if (link.address === null) return link.current ? t('emailToken.recoveryUndoNamedNone', values) : null;
  return t(link.current ? 'emailToken.recoveryUndoNamed' : 'emailToken.recoveryUndoNamedRemoved', values);
}

/**
 * The links mailed on an email change (primary or recovery address): confirm the new address,
 * or undo the change from the old one. The link is read first (which address of whose), then a
 * button (not an automatic request on load) so link scanners in mail systems cannot act on the
 * person's behalf. The server tells the two kinds apart by the token; `address` in the URL only
 * chooses the words until the link has been read.
 */
export function EmailTokenPage({ mode }: { mode: 'confirm' | 'undo' }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const inspection = useLinkInspection('/profile/email/inspect', token);
  const kind = inspection.data?.kind ?? (params.get('address') === 'recovery' ? 'recovery' : 'primary');
  const [titleKey, explainKey, buttonKey, doneKey] = TEXTS[kind][mode];
  const subject = inspection.data ? subjectOf(t, inspection.data) : null;
  const client = useQueryClient();
  const [state, setState] = useState<'idle' | 'busy' | 'done'>('idle');
  const [error, setError] = useState<unknown>(null);
  useDocumentTitle(t(titleKey));

  const run = async () => {
    setState('busy');
    setError(null);
    try {
      await confirmEmailLink(mode, token);
      if (mode === 'undo') signOutLocally(client);
      else await client.invalidateQueries({ queryKey: profileKey });
      setState('done');
    } catch (failure) {
      setError(failure);
      setState('idle');
    }
  };

  return (
    <div>
      <h1>{t(titleKey)}</h1>
      {token === '' ? <Notice kind="error">{t('emailToken.noToken')}</Notice> : null}
      {state === 'done' ? (
        <Notice kind="success">{t(doneKey)}</Notice>
      ) : token !== '' && !inspection.data ? (
        <LinkCheck inspection={inspection} refused={null} />
      ) : token !== '' ? (
        <>
          {subject ? <p data-testid="link-subject">{subject}</p> : null}
          <p className="muted">{t(explainKey)}</p>
          <ErrorAlert error={error} />
          <button type="button" className="btn btn-primary btn-block" disabled={state === 'busy'} onClick={() => void run()}>
            {t(buttonKey)}
          </button>
        </>
      ) : null}
      <div className="form-links">
        <Link to="/">{t('emailToken.toDashboard')}</Link>
      </div>
    </div>
  );
}
