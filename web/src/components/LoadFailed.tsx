import { useTranslation } from 'react-i18next';
import { isRefusal } from '../api/client';
import { CancelledError } from '../lib/cancelled';
import { ErrorAlert } from './ui';

/**
 * A load that failed: the translated problem and, unless the server answered with a refusal
 * (a 4xx: asking again gives the same answer), a "Try again" button that asks again. Renders
 * nothing without an error. A view shows this instead of what it would have shown with the
 * data, never a form filled with defaults over a load that did not arrive.
 */
export function LoadFailed({ error, retry }: { error: unknown; retry: () => void }) {
  const { t } = useTranslation();
  if (!error || error instanceof CancelledError) return null;
  return (
    <>
      <ErrorAlert error={error} />
      {isRefusal(error) ? null : (
        <button type="button" className="btn btn-small" onClick={retry}>
          {t('common.retry')}
        </button>
      )}
    </>
  );
}
