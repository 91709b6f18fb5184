import { Component, type ComponentType, type ReactNode, Suspense, lazy } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading, Notice } from '../components/ui';

/**
 * A view whose code loads when it is first shown (its own chunk), so the first page a user sees
 * downloads only what it needs: the main chunk stays under its budget (docs/dashboard.md).
 */
export function lazyView<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  return lazy(async () => ({ default: await load() }));
}

function LoadFailed() {
  const { t } = useTranslation();
  return (
    <Notice kind="error">
      <p>{t('common.pageLoadFailed')}</p>
      <button type="button" className="btn" onClick={() => window.location.reload()}>
        {t('common.retry')}
      </button>
    </Notice>
  );
}

/**
 * Shows a lazy view, "loading" while its chunk comes, and when it cannot come (offline, a new
 * deployment removed the old chunk) a message with a retry instead of a blank page.
 */
export class LazyViews extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    if (this.state.failed) return <LoadFailed />;
    return <Suspense fallback={<Loading />}>{this.props.children}</Suspense>;
  }
}
