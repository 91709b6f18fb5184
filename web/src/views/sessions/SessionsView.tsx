import { useTranslation } from 'react-i18next';
import { useEndOtherSessions, useEndSession, useSessions } from '../../api/sessions';
import type { Session } from '../../api/types';
import { ConfirmButton, ItemRow, ResourceList } from '../../components/lists';
import { Badge, Card, PageHeader } from '../../components/ui';
import { Time } from '../../lib/dates';
import { i18n } from '../../i18n';
import { LockdownCard } from '../lockdown/LockdownCard';

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
  const active = useSessions('active');
  const ended = useSessions('ended');
  const endOne = useEndSession();
  const endOthers = useEndOtherSessions();
  const others = active.items.filter((session) => !session.current);
  const unknown = t('sessions.unknownDevice');

  return (
    <>
      <PageHeader title={t('sessions.title')} description={t('sessions.description')} />
      <Card title={t('sessions.active')}>
        <ResourceList list={active} error={endOne.error ?? endOthers.error} empty={t('sessions.noneActive')} testId="active-sessions">
          {(session) => (
            <ItemRow
              key={session.id}
              testId="session-item"
              current={session.current}
              title={
                <>
                  {device(session, unknown)} {session.current ? <Badge kind="success">{t('sessions.thisDevice')}</Badge> : null}
                </>
              }
              meta={[
                [t('sessions.ip'), session.ip],
                [t('sessions.lastSeen'), <Time value={session.lastSeenAt} relative />],
                [t('sessions.signedIn'), <Time value={session.createdAt} />],
                [t('sessions.method'), label('sessions.methods', session.method)],
                ...(session.apps.length > 0 ? [[t('sessions.apps'), session.apps.map((app) => app.name).join(', ')] as [string, string]] : []),
              ]}
              actions={
                session.current ? null : (
                  <ConfirmButton
                    label={t('sessions.revoke')}
                    title={t('sessions.revokeTitle')}
                    message={t('sessions.revokeText', { device: device(session, unknown) })}
                    disabled={endOne.isPending}
                    onConfirm={() => endOne.mutate(session.id)}
                  />
                )
              }
            />
          )}
        </ResourceList>
        {others.length > 0 ? (
          <div className="form-actions form-actions-start">
            <ConfirmButton
              kind="block"
              label={t('sessions.revokeOthers')}
              title={t('sessions.revokeOthersTitle')}
              message={t('sessions.revokeOthersText')}
              disabled={endOthers.isPending}
              onConfirm={() => endOthers.mutate()}
            />
          </div>
        ) : null}
      </Card>
      <Card title={t('sessions.history')} description={t('sessions.historyHelp')}>
        <ResourceList list={ended} empty={t('sessions.noneEnded')} testId="ended-sessions">
          {(session) => (
            <ItemRow
              key={session.id}
              title={device(session, unknown)}
              meta={[
                [t('sessions.ip'), session.ip],
                [t('sessions.signedIn'), <Time value={session.createdAt} />],
                session.endedAt ? [t('sessions.ended'), <Time value={session.endedAt} />] : null,
                [t('sessions.reason'), label('sessions.reasons', session.endReason) || '—'],
              ]}
            />
          )}
        </ResourceList>
      </Card>
      <LockdownCard />
    </>
  );
}
