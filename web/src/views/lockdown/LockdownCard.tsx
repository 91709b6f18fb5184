import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { lockDownSignedIn } from '../../api/lockdown';
import { signOutLocally } from '../../api/query-client';
import { ConfirmButton } from '../../components/lists';
import { Card, ErrorAlert } from '../../components/ui';

/**
 * "Don't recognise something here?" on the Sessions and Activity views: locks the account down
 * (every session ends, this one too) and shows the lockdown page with what was done.
 */
export function LockdownCard() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const lockdown = await lockDownSignedIn();
      navigate('/lockdown', { replace: true, state: { lockdown } });
      signOutLocally(client);
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
