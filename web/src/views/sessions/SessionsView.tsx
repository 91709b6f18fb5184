import { useTranslation } from 'react-i18next';
import { useEndOtherSessions, useEndSession, useSessions } from '../../api/sessions';
import type { Session } from '../../api/types';
import { ConfirmButton, ItemRow, ResourceList } from '../../components/lists';
import { Badge, Card, PageHeader } from '../../components/ui';
import { Time } from '../../lib/dates';
import { sessionDevice, sessionName } from '../../lib/session-names';
import { i18n } from '../../i18n';
import { LockdownCard } from '../lockdown/LockdownCard';

/** A translation for a server value (method, end reason), falling back to the raw value. */
function label(prefix: string, value: string | null): string {
  if (!value) return '';
  const key = `${prefix}.${value.replace(/[^a-z0-9_]/gi, '_')}`;
  return i18n.exists(key) ? i18n.t(key) : value;
}

/** Outline icons for the kind of device (paths only, like the navigation's). */
const DEVICE_ICONS: Record<Session['device'], string> = {
  desktop: 'M3 5h18v11H3zM8 20h8M12 16v4',
  phone: 'M8 2h8a1 1 0 0 1 1 1v18a1 1 0 0 1-1 1H8a1 1 0 0 1-1-1V3a1 1 0 0 1 1-1zM11 18h2',
  tablet: 'M5 2h14a1 1 0 0 1 1 1v18a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V3a1 1 0 0 1 1-1zM11 18h2',
  other: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM3 12h18M12 3c2.5 2.7 3.8 5.7 3.8 9s-1.3 6.3-3.8 9c-2.5-2.7-3.8-5.7-3.8-9S9.5 5.7 12 3z',
};

function DeviceIcon({ kind }: { kind: Session['device'] }) {
  const { t } = useTranslation();
  return (
    <svg className="device-icon" viewBox="0 0 24 24" width="20" height="20" role="img" aria-label={t(`sessions.devices.${kind}`)} data-device={kind}>
      <path d={DEVICE_ICONS[kind]} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
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
                  <DeviceIcon kind={session.device} /> {sessionDevice(session, unknown)} {session.current ? <Badge kind="success">{t('sessions.thisDevice')}</Badge> : null}
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
                    ariaLabel={t('sessions.revokeNamed', { device: sessionName(session, unknown) })}
                    title={t('sessions.revokeTitle')}
                    message={t('sessions.revokeText', { device: sessionDevice(session, unknown) })}
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
              title={
                <>
                  <DeviceIcon kind={session.device} /> {sessionDevice(session, unknown)}
                </>
              }
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
