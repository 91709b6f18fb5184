import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useAudit } from '../../api/admin-user-page';
import { AUDIT_TYPES, type AuditEntry, type AuditType } from '../../api/types';
import { ResourceList } from '../../components/lists';
import { Card, SelectField } from '../../components/ui';
import { Time } from '../../lib/dates';

const show = (value: unknown): string => (value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value));

/** What changed, one line per field: "field: old → new", or the fact recorded ("count: 2"). */
function changeLines(changes: AuditEntry['changes']): string[] {
  return Object.entries(changes).map(([field, value]) => {
    if (value && typeof value === 'object' && 'from' in value && 'to' in value) {
      const { from, to } = value as { from: unknown; to: unknown };
      return `${field}: ${show(from)} → ${show(to)}`;
    }
    return `${field}: ${show(value)}`;
  });
}

/**
 * The admin audit: who changed what, when and from where, newest first. The type filter is a
 * select; actor and target filters come from the links in each entry (and the user page).
 */
export function AdminAudit() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const actor = params.get('actor') ?? '';
  const target = params.get('target') ?? '';
  const type = (params.get('type') ?? '') as AuditType | '';
  const entries = useAudit({ actor, target, type });
  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  return (
    <Card title={t('admin.audit.title')} description={t('admin.audit.description')}>
      <div className="filters">
        <SelectField label={t('admin.audit.type')} value={type} onChange={(event) => setParam('type', event.target.value)} name="audit-type">
          <option value="">{t('admin.users.table.any')}</option>
          {AUDIT_TYPES.map((value) => (
            <option key={value} value={value}>
              {t(`admin.audit.types.${value}`)}
            </option>
          ))}
        </SelectField>
      </div>
      {actor || target ? (
        <p className="small">
          {actor ? t('admin.audit.filteredActor') : t('admin.audit.filteredTarget')}{' '}
          <button type="button" className="btn btn-small" onClick={() => setParams(type ? { type } : {})}>
            {t('admin.audit.clearFilters')}
          </button>
        </p>
      ) : null}
      <ResourceList list={entries} empty={t('admin.audit.none')} testId="audit" ordered className="timeline">
        {(entry) => (
          <li key={entry.id} className="timeline-item">
            <p className="item-title">
              {t(`admin.audit.types.${entry.type}`)}: {entry.target.kind === 'user' && entry.target.id ? <Link to={`/admin/users/${encodeURIComponent(entry.target.id)}`}>{entry.target.label}</Link> : entry.target.label}
            </p>
            <p className="muted small">
              <Time value={entry.at} />
              {' · '}
              {entry.actor.id ? (
                <button type="button" className="link-button" onClick={() => setParam('actor', entry.actor.id ?? '')} aria-label={t('admin.audit.byActorNamed', { username: entry.actor.username })}>
                  {entry.actor.username}
                </button>
              ) : (
                t('events.bySystem')
              )}
              {entry.ip ? ` · ${entry.ip}` : ''}
            </p>
            {changeLines(entry.changes).map((line) => (
              <p key={line} className="small change-line">
                {line}
              </p>
            ))}
          </li>
        )}
      </ResourceList>
    </Card>
  );
}
