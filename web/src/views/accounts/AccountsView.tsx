import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMemberships } from '../../api/queries';
import type { Membership } from '../../api/types';
import { Badge, Card, EmptyState, ErrorAlert, Loading, PageHeader } from '../../components/ui';

const groupName = (membership: Membership) =>
  typeof membership.group === 'string' ? membership.group : (membership.group?.name ?? '—');

/** The organisations the user belongs to, their group, and whether each one's MFA rule is met. */
export function AccountsView() {
  const { t } = useTranslation();
  const memberships = useMemberships();
  const items = memberships.data ?? [];
  return (
    <>
      <PageHeader title={t('accounts.title')} description={t('accounts.description')} />
      <Card>
        {memberships.isPending ? <Loading /> : null}
        <ErrorAlert error={memberships.error} />
        {!memberships.isPending && !memberships.error && items.length === 0 ? <EmptyState>{t('accounts.none')}</EmptyState> : null}
        <ul className="item-list" data-testid="memberships">
          {items.map((membership) => (
            <li key={membership.account.id} className="item">
              <div className="item-main">
                <p className="item-title">
                  {membership.account.name} <Badge kind="neutral">{t(`accountTypes.${membership.account.type}`)}</Badge>
                </p>
                <dl className="meta">
                  <div>
                    <dt>{t('accounts.group')}</dt>
                    <dd>{groupName(membership)}</dd>
                  </div>
                  <div>
                    <dt>{t('accounts.mfa')}</dt>
                    <dd>
                      {!membership.requiresMfa ? (
                        t('accounts.mfaNotRequired')
                      ) : membership.mfaSatisfied ? (
                        <Badge kind="success">{t('accounts.mfaSatisfied')}</Badge>
                      ) : (
                        <>
                          <Badge kind="danger">{t('accounts.mfaMissing')}</Badge> <Link to="/security">{t('accounts.setUpNow')}</Link>
                        </>
                      )}
                    </dd>
                  </div>
                </dl>
              </div>
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}
