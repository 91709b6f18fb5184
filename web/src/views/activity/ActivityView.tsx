import { useTranslation } from 'react-i18next';
import { useSecurityEvents } from '../../api/activity';
import { ResourceList } from '../../components/lists';
import { Card, PageHeader } from '../../components/ui';
import { EventItem } from './EventItem';
import { LockdownCard } from '../lockdown/LockdownCard';

export function ActivityView() {
  const { t } = useTranslation();
  const events = useSecurityEvents();
  return (
    <>
      <PageHeader title={t('events.title')} description={t('events.description')} />
      <Card>
        <ResourceList list={events} empty={t('events.none')} testId="timeline" ordered className="timeline">
          {(event) => <EventItem key={event.id} event={event} />}
        </ResourceList>
      </Card>
      <LockdownCard />
    </>
  );
}
