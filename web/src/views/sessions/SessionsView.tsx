import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { usePagedList } from '../../api/queries';
import type { Session } from '../../api/types';
import { useConfirm } from '../../components/dialogs';
import { Badge, Card, EmptyState, ErrorAlert, LoadMore, Loading, PageHeader } from '../../components/ui';
import { Time } from '../../lib/dates';
import { i18n } from '../../i18n';

/** A translation for a server value (method, end reason), falling back to the raw value. */
function label(prefix: string, value: string | null): string {
  if (!value) return '';
  const key = `${prefix}.${value.replace(/[^a-z0-9_]/gi, '_')}`;
  return i18n.exists(key) ? i18n.t(key) : value;
}

function device(session: Session, unknown: string): string {
  const parts = [session.browser, session.os].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : unknown;
}

export function SessionsView() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const confirm = useConfirm();
  const active = usePagedList<Session>(['sessions', 'active'], '/sessions', { state: 'active' });
  const ended = usePagedList<Session>(['sessions', 'ended'], '/sessions', { state: 'ended' });

  const refresh = () => client.invalidateQueries({ queryKey: ['sessions'] });
  const revoke = useMutation({ mutationFn: (id: string) => api.delete(`/sessions/${encodeURIComponent(id)}`), onSettled: refresh });
  const revokeOthers = useMutation({ mutationFn: () => api.delete('/sessions'), onSettled: refresh });
  const others = active.items.filter((session) => !session.current);

  return (
    <>
      <PageHeader title={t('sessions.title')} description={t('sessions.description')} />
      <Card title={t('sessions.active')}>
        {active.isPending ? <Loading /> : null}
        <ErrorAlert error={active.error ?? revoke.error ?? revokeOthers.error} />
        {!active.isPending && active.items.length === 0 ? <EmptyState>{t('sessions.noneActive')}</EmptyState> : null}
        <ul className="item-list" data-testid="active-sessions">
          {active.items.map((session) => (
            <li key={session.id} className="item" data-testid="session-item" data-current={session.current ? 'true' : undefined}>
              <div className="item-main">
                <p className="item-title">
                  {device(session, t('sessions.unknownDevice'))} {session.current ? <Badge kind="success">{t('sessions.thisDevice')}</Badge> : null}
                </p>
                <dl className="meta">
                  <div>
                    <dt>{t('sessions.ip')}</dt>
                    <dd>{session.ip}</dd>
                  </div>
                  <div>
                    <dt>{t('sessions.lastSeen')}</dt>
                    <dd>
                      <Time value={session.lastSeenAt} relative />
                    </dd>
                  </div>
                  <div>
                    <dt>{t('sessions.signedIn')}</dt>
                    <dd>
                      <Time value={session.createdAt} />
                    </dd>
                  </div>
                  <div>
                    <dt>{t('sessions.method')}</dt>
                    <dd>{label('sessions.methods', session.method)}</dd>
                  </div>
                </dl>
              </div>
              {!session.current ? (
                <div className="item-actions">
                  <button
                    type="button"
                    className="btn btn-small btn-danger-outline"
                    disabled={revoke.isPending}
                    onClick={async () => {
                      const ok = await confirm({
                        title: t('sessions.revokeTitle'),
                        message: t('sessions.revokeText', { device: device(session, t('sessions.unknownDevice')) }),
                        confirmLabel: t('sessions.revoke'),
                        danger: true,
                      });
                      if (ok) revoke.mutate(session.id);
                    }}
                  >
                    {t('sessions.revoke')}
                  </button>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
        <LoadMore hasMore={active.hasNextPage} loading={active.isFetchingNextPage} onClick={() => void active.fetchNextPage()} />
        {others.length > 0 ? (
          <div className="form-actions form-actions-start">
            <button
              type="button"
              className="btn btn-danger-outline"
              disabled={revokeOthers.isPending}
              onClick={async () => {
                const ok = await confirm({
                  title: t('sessions.revokeOthersTitle'),
                  message: t('sessions.revokeOthersText'),
                  confirmLabel: t('sessions.revokeOthers'),
                  danger: true,
                });
                if (ok) revokeOthers.mutate();
              }}
            >
              {t('sessions.revokeOthers')}
            </button>
          </div>
        ) : null}
      </Card>
      <Card title={t('sessions.history')} description={t('sessions.historyHelp')}>
        {ended.isPending ? <Loading /> : null}
        <ErrorAlert error={ended.error} />
        {!ended.isPending && ended.items.length === 0 ? <EmptyState>{t('sessions.noneEnded')}</EmptyState> : null}
        <ul className="item-list">
          {ended.items.map((session) => (
            <li key={session.id} className="item">
              <div className="item-main">
                <p className="item-title">{device(session, t('sessions.unknownDevice'))}</p>
                <dl className="meta">
                  <div>
                    <dt>{t('sessions.ip')}</dt>
                    <dd>{session.ip}</dd>
                  </div>
                  <div>
                    <dt>{t('sessions.signedIn')}</dt>
                    <dd>
                      <Time value={session.createdAt} />
                    </dd>
                  </div>
                  {session.endedAt ? (
                    <div>
                      <dt>{t('sessions.ended')}</dt>
                      <dd>
                        <Time value={session.endedAt} />
                      </dd>
                    </div>
                  ) : null}
                  <div>
                    <dt>{t('sessions.reason')}</dt>
                    <dd>{label('sessions.reasons', session.endReason) || '—'}</dd>
                  </div>
                </dl>
              </div>
            </li>
          ))}
        </ul>
        <LoadMore hasMore={ended.hasNextPage} loading={ended.isFetchingNextPage} onClick={() => void ended.fetchNextPage()} />
      </Card>
    </>
  );
}
