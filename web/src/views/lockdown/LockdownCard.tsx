import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { lockDownSignedIn } from '../../api/lockdown';
import { ConfirmButton } from '../../components/lists';
import { Card, ErrorAlert } from '../../components/ui';
import { keepLockdownResult } from './result';

/**
 * "Don't recognise something here?" on the Sessions and Activity views: locks the account down
 * (every session ends, this one too) and shows the lockdown page with what was done.
 */
export function LockdownCard() {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      keepLockdownResult(await lockDownSignedIn());
      // a full page load: this session is over, and a request of this page that meets its end
      // (401) must not unmount us before we get there
      window.location.assign('/lockdown');
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };
  return (
    <Card title={t('lockdown.card.title')} description={t('lockdown.card.text')}>
      <ErrorAlert error={error} />
      <ConfirmButton
        kind="block"
        label={t('lockdown.card.button')}
        title={t('lockdown.card.confirmTitle')}
        message={t('lockdown.card.confirmText')}
        confirmLabel={t('lockdown.button')}
        disabled={busy}
        onConfirm={() => void run()}
      />
    </Card>
  );
}
