import { type FocusEvent, type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ListState } from '../api/lists';
import { focusLost } from '../lib/focus';
import { useConfirm } from './dialogs';
import { LoadFailed } from './LoadFailed';
import { EmptyState, ErrorAlert, Loading } from './ui';

/**
 * Every list of the dashboard: a spinner while the first page loads, the translated problem
 * when it fails, the empty text, the rows, and "Show more" while the server has more
 * (`nextCursor`). `error` adds the problems of the rows' actions (revoke, delete…).
 * When the row that had the focus goes (revoked, deleted), the focus moves to the row now in
 * its place (its first action), else to the card's heading: never to the page's body.
 */
export function ResourceList<T>({
  list,
  empty,
  error,
  children,
  testId,
  ordered,
  className = 'item-list',
}: {
  list: ListState<T>;
  empty: ReactNode;
  error?: unknown;
  children: (item: T) => ReactNode;
  testId?: string;
  ordered?: boolean;
  className?: string;
}) {
  const Tag = ordered ? 'ol' : 'ul';
  const listRef = useRef<HTMLUListElement & HTMLOListElement>(null);
  const focusedRow = useRef<{ row: Element; index: number } | null>(null);
  const onFocus = (event: FocusEvent) => {
    const rows = Array.from(listRef.current?.children ?? []);
    const index = rows.findIndex((row) => row.contains(event.target));
    if (index >= 0) focusedRow.current = { row: rows[index]!, index };
  };
  useEffect(() => {
    const last = focusedRow.current;
    const element = listRef.current;
    if (!last || !element || last.row.isConnected || !focusLost()) return;
    focusedRow.current = null;
    const rows = element.children;
    const next = rows[Math.min(last.index, rows.length - 1)]?.querySelector<HTMLElement>('button:not([disabled]), a[href], input');
    if (next) return next.focus();
    const heading = element.closest('section')?.querySelector<HTMLElement>('h2, h3');
    if (!heading) return;
    heading.tabIndex = -1;
    heading.focus();
  }, [list.items]);
  return (
    <>
      {list.isPending ? <Loading /> : null}
      {list.error ? <LoadFailed error={list.error} retry={list.retry} /> : <ErrorAlert error={error} />}
      {!list.isPending && !list.error && list.items.length === 0 ? <EmptyState>{empty}</EmptyState> : null}
      <Tag className={className} data-testid={testId} ref={listRef} onFocus={onFocus}>
        {list.items.map(children)}
      </Tag>
      <ShowMore list={list} />
    </>
  );
}

/** The next page of a cursor list, on demand (the number shown so far keeps the place for screen readers). */
export function ShowMore({ list }: { list: Pick<ListState<unknown>, 'hasMore' | 'loadingMore' | 'loadMore' | 'items'> }) {
  const { t } = useTranslation();
  if (!list.hasMore) return null;
  return (
    <div className="load-more">
      <span className="muted small" aria-live="polite">
        {t('common.shownSoFar', { n: list.items.length })}
      </span>
      <button type="button" className="btn" onClick={list.loadMore} disabled={list.loadingMore}>
        {list.loadingMore ? t('common.loading') : t('common.loadMore')}
      </button>
    </div>
  );
}

/** `[label, value]` pairs; falsy entries are left out (a value the row does not have). */
export type MetaEntries = ReadonlyArray<readonly [label: string, value: ReactNode] | false | null | undefined>;

/** One row: a title, its facts as a description list, and its actions on the right (below on phones). */
export function ItemRow({ title, meta, actions, children, testId, current }: { title: ReactNode; meta?: MetaEntries; actions?: ReactNode; children?: ReactNode; testId?: string; current?: boolean }) {
  const entries = (meta ?? []).filter((entry): entry is readonly [string, ReactNode] => Boolean(entry));
  return (
    <li className="item" data-testid={testId} data-current={current ? 'true' : undefined}>
      <div className="item-main">
        <p className="item-title">{title}</p>
        {entries.length > 0 ? (
          <dl className="meta">
            {entries.map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        ) : null}
        {children}
      </div>
      {actions ? <div className="item-actions">{actions}</div> : null}
    </li>
  );
}

/**
 * An action that asks first (revoke, delete, end session, rotate). Small and outlined in a row;
 * `kind="block"` for the larger buttons under a list or in a danger zone.
 */
export function ConfirmButton({
  label,
  title,
  message,
  confirmLabel = label,
  onConfirm,
  danger = true,
  disabled,
  ariaLabel,
  kind = 'row',
}: {
  label: string;
  title: string;
  message: ReactNode;
  confirmLabel?: string;
  onConfirm: () => void;
  danger?: boolean;
  disabled?: boolean;
  ariaLabel?: string;
  kind?: 'row' | 'block' | 'solid';
}) {
  const confirm = useConfirm();
  // aria-disabled, not disabled, while its request runs: a disabled button would drop the focus
  // the confirmation gave back to it (to the page's body).
  const className = kind === 'solid' ? 'btn btn-danger' : [kind === 'row' ? 'btn btn-small' : 'btn', danger ? 'btn-danger-outline' : ''].join(' ').trim();
  return (
    <button
      type="button"
      className={className}
      aria-disabled={disabled || undefined}
      aria-label={ariaLabel}
      onClick={async () => {
        if (disabled) return;
        if (await confirm({ title, message, confirmLabel, danger })) onConfirm();
      }}
    >
      {label}
    </button>
  );
}
