import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { requestFile } from '../../api/client';
import { useReauth } from '../../components/reauth';
import { Card, ErrorAlert } from '../../components/ui';
import { downloadBlob } from '../../lib/download';

/** Fetches the data export (asking for a fresh sign-in proof when the server wants one) and saves it. */
export function useDownloadData() {
  const withReauth = useReauth();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const { blob, filename } = await withReauth(() => requestFile('/profile/export'));
      downloadBlob(filename ?? 'userhub-data.zip', blob);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return { download, busy, error };
}

/** The button, for the card and the account-deletion dialog. */
export function DownloadDataButton({ primary = false }: { primary?: boolean }) {
  const { t } = useTranslation();
  const { download, busy, error } = useDownloadData();
  return (
    <>
      <ErrorAlert error={error} />
      <div className="form-actions form-actions-start">
        {/* aria-disabled: the confirm-it's-you dialog gives the focus back to it while it is busy */}
        <button type="button" className={primary ? 'btn btn-primary' : 'btn'} aria-disabled={busy || undefined} onClick={() => busy || void download()}>
          {busy ? t('dataExport.busy') : t('dataExport.button')}
        </button>
      </div>
    </>
  );
}

/** "Download your data": a zip of everything the account holds about the user (never a secret). */
export function DownloadDataCard() {
  const { t } = useTranslation();
  return (
    <Card title={t('dataExport.title')} description={t('dataExport.explain')}>
      <DownloadDataButton />
    </Card>
  );
}
