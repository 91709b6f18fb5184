import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSecurityEvents } from '../../api/activity';
import { EVENT_KINDS, type EventKind } from '../../api/types';
import { ResourceList } from '../../components/lists';
import { Card, PageHeader, SelectField } from '../../components/ui';
import { EventItem } from './EventItem';
import { LockdownCard } from '../lockdown/LockdownCard';

export function ActivityView() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<EventKind | ''>('');
  const events = useSecurityEvents(kind);
  return (
    <>
      <PageHeader title={t('events.title')} description={t('events.description')} />
      <Card>
        <div className="filters">
          <SelectField label={t('events.show')} value={kind} onChange={(event) => setKind(event.target.value as EventKind | '')} name="event-kind">
            <option value="">{t('events.kinds.all')}</option>
            {EVENT_KINDS.map((value) => (
              <option key={value} value={value}>
                {t(`events.kinds.${value}`)}
              </option>
            ))}
          </SelectField>
        </div>
        <ResourceList list={events} empty={t('events.none')} testId="timeline" ordered className="timeline">
          {(event) => <EventItem key={event.id} event={event} />}
        </ResourceList>
      </Card>
      <LockdownCard />
    </>
  );
}
