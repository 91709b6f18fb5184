import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isRefusal } from '../../api/client';
import { ErrorAlert, Loading } from '../../components/ui';

/**
 * A mailed link's page before it can be used: "Checking the link…", then either nothing (the
 * page goes on) or why not. A link the server refused (used, expired, unknown) says so with
 * `refused` (where to get a new one); no answer (offline, timeout, 5xx) offers to try again.
 */
export function LinkCheck({ inspection, refused }: { inspection: { isPending: boolean; error: unknown; refetch: () => unknown }; refused: ReactNode }) {
  const { t } = useTranslation();
  if (inspection.isPending) return <Loading label={t('link.checking')} />;
  if (!inspection.error) return null;
  return (
    <div data-testid="link-problem">
      <ErrorAlert error={inspection.error} />
      {isRefusal(inspection.error) ? (
        refused
      ) : (
        <button type="button" className="btn" onClick={() => void inspection.refetch()}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
