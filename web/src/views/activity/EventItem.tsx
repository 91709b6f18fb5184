import { useTranslation } from 'react-i18next';
import type { SecurityEvent } from '../../api/types';
import { Time } from '../../lib/dates';
import { i18n } from '../../i18n';

const KIND: Record<string, 'danger' | 'warning' | 'success' | 'neutral'> = {
  sign_in_failed: 'danger',
  second_factor_failed: 'danger',
  twofactor_disabled: 'warning',
  twofactor_reset_by_admin: 'warning',
  session_revoked: 'warning',
  sign_in_succeeded: 'success',
  twofactor_enabled: 'success',
  passkey_added: 'success',
  passkey_deleted: 'warning',
  app_consented: 'success',
  app_revoked: 'warning',
  account_locked_down: 'danger',
  invitation_accepted: 'success',
  temporary_password_changed: 'success',
};

function eventTitle(event: SecurityEvent): string {
  const key = `events.types.${event.type}`;
  return i18n.exists(key) ? i18n.t(key) : event.type.replace(/_/g, ' ');
}

/** The few details worth a line: what changed, which token, how many codes are left. */
function eventDetails(event: SecurityEvent): string[] {
  const lines: string[] = [];
  const d = event.details;
  const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : null);
  if (Array.isArray(d.fields)) {
    const fields = d.fields.filter((f): f is string => typeof f === 'string').map((f) => (i18n.exists(`events.fields.${f}`) ? i18n.t(`events.fields.${f}`) : f));
    if (fields.length) lines.push(i18n.t('events.changedFields', { fields: fields.join(', ') }));
  }
  if (text(d.to)) lines.push(i18n.t('events.newValue', { value: text(d.to) }));
  if (text(d.name)) lines.push(i18n.t('events.name', { name: text(d.name) }));
  if (text(d.appName)) lines.push(i18n.t('events.app', { app: text(d.appName) }));
  if (d.scope === 'readonly' || d.scope === 'readwrite') lines.push(i18n.t('events.scope', { scope: i18n.t(`tokens.scopes.${d.scope}`) }));
  if (text(d.codesLeft)) lines.push(i18n.t('events.codesLeft', { n: text(d.codesLeft) }));
  if (text(d.method)) {
    const method = String(d.method).replace(/[^a-z0-9_]/gi, '_');
    lines.push(i18n.t('events.method', { method: i18n.exists(`sessions.methods.${method}`) ? i18n.t(`sessions.methods.${method}`) : d.method }));
  }
  if (text(d.reason)) {
    const reason = String(d.reason);
    lines.push(i18n.exists(`events.reasons.${reason}`) ? i18n.t(`events.reasons.${reason}`) : reason);
  }
  return lines;
}

/** Who acted, when it was not the user: an administrator (by name), the system or the directory. */
function actorLine(event: SecurityEvent): string | null {
  const { actor } = event;
  if (actor.kind === 'admin') return i18n.t('events.byAdmin', { username: actor.username ?? '' });
  if (actor.kind === 'system') return i18n.t('events.bySystem');
  if (actor.kind === 'directory') return i18n.t('events.byDirectory');
  return null;
}

/** One entry of a timeline (the user's own, or a user's page in the admin area). */
export function EventItem({ event }: { event: SecurityEvent }) {
  useTranslation();
  const by = actorLine(event);
  return (
    <li className={`timeline-item timeline-${KIND[event.type] ?? 'neutral'}`}>
      <p className="item-title">{eventTitle(event)}</p>
      <p className="muted small">
        <Time value={event.createdAt} />
        {event.ip ? ` · ${event.ip}` : ''}
        {event.browser || event.os ? ` · ${[event.browser, event.os].filter(Boolean).join(' · ')}` : ''}
      </p>
      {by ? <p className="small actor-line">{by}</p> : null}
      {eventDetails(event).map((line) => (
        <p key={line} className="small">
          {line}
        </p>
      ))}
    </li>
  );
}
