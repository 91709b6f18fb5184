import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMemberships } from '../../api/accounts';
import type { Membership } from '../../api/types';
import { ItemRow, ResourceList } from '../../components/lists';
import { Badge, Card, PageHeader } from '../../components/ui';

/** The organisations the user belongs to, their group, and whether each one's MFA rule is met. */
export function AccountsView() {
  const { t } = useTranslation();
  const memberships = useMemberships();
  return (
    <>
      <PageHeader title={t('accounts.title')} description={t('accounts.description')} />
      <Card>
        <ResourceList list={memberships} empty={t('accounts.none')} testId="memberships">
          {(membership) => (
            <ItemRow
              key={membership.account.id}
              title={
                <>
                  {membership.account.name} <Badge kind="neutral">{t(`accountTypes.${membership.account.type}`)}</Badge>
                </>
              }
              meta={[
                [t('accounts.group'), membership.group.name],
                [t('accounts.mfa'), <MfaState membership={membership} />],
              ]}
            />
          )}
        </ResourceList>
      </Card>
    </>
  );
}

function MfaState({ membership }: { membership: Membership }) {
  const { t } = useTranslation();
  if (!membership.requiresMfa) return <>{t('accounts.mfaNotRequired')}</>;
  if (membership.mfaSatisfied) return <Badge kind="success">{t('accounts.mfaSatisfied')}</Badge>;
  return (
    <>
      <Badge kind="danger">{t('accounts.mfaMissing')}</Badge> <Link to="/security">{t('accounts.setUpNow')}</Link>
    </>
  );
}
