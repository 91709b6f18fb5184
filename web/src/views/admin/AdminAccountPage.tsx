import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useAccountDetail } from '../../api/admin-accounts';
import { ApiError } from '../../api/client';
import type { AdminAccountDetail } from '../../api/types';
import { LoadFailed } from '../../components/LoadFailed';
import { ConfirmButton } from '../../components/lists';
import { Badge, Card, EmptyState, ErrorAlert, Loading, useDocumentTitle } from '../../components/ui';
import { AccountForm } from './AccountForm';
import { GroupsCard } from './account-groups';
import { MembersCard } from './account-members';

/**
 * One organisation in the admin area (GitHub's organisation settings, Keycloak's group page):
 * its details, its groups, its members and who to add, and deleting it. Admins only (the route
 * is not there for user managers).
 */
export function AdminAccountPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [onlyWithoutTwoFactor, setOnlyWithoutTwoFactor] = useState(false);
  const detail = useAccountDetail(id, { withoutTwoFactor: onlyWithoutTwoFactor });
  const account = detail.account;
  const missing = account.error instanceof ApiError && account.error.status === 404;
  useDocumentTitle(account.data ? t('admin.accounts.pageTitle', { name: account.data.name }) : t('admin.accounts.title'));
  return (
    <>
      <p>
        <Link to="/admin/accounts">
          <span className="directional" aria-hidden="true">←</span> {t('admin.accounts.back')}
        </Link>
      </p>
      {account.isPending ? <Loading /> : null}
      {missing ? (
        <Card>
          <EmptyState>{t('admin.accounts.notFound')}</EmptyState>
          <Link className="btn" to="/admin/accounts">
            {t('admin.accounts.back')}
          </Link>
        </Card>
      ) : (
        <LoadFailed error={account.error} retry={() => void account.refetch()} />
      )}
      {account.data ? (
        <AccountDetails key={account.data.id} account={account.data} detail={detail} onlyWithoutTwoFactor={onlyWithoutTwoFactor} setOnlyWithoutTwoFactor={setOnlyWithoutTwoFactor} />
      ) : null}
    </>
  );
}

function AccountDetails({
  account,
  detail,
  onlyWithoutTwoFactor,
  setOnlyWithoutTwoFactor,
}: {
  account: AdminAccountDetail;
  detail: ReturnType<typeof useAccountDetail>;
  onlyWithoutTwoFactor: boolean;
  setOnlyWithoutTwoFactor: (only: boolean) => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const newGroupId = useId();
  const { deleteAccount } = detail;
  return (
    <>
      <div className="detail-header">
        <h2 className="detail-title">{account.name}</h2>
        <Badge>{t(`accountTypes.${account.type}`)}</Badge>
        {account.requiresMfa ? <Badge kind="warning">{t('admin.accounts.requiresMfa')}</Badge> : null}
      </div>
      <Card title={t('admin.accounts.details')}>
        <AccountForm account={account} />
      </Card>
      <GroupsCard detail={detail} newGroupId={newGroupId} />
      <MembersCard account={account} detail={detail} onlyWithoutTwoFactor={onlyWithoutTwoFactor} setOnlyWithoutTwoFactor={setOnlyWithoutTwoFactor} newGroupId={newGroupId} />
      <Card title={t('admin.accounts.deleteAccount')} description={t('admin.accounts.deleteHint')} danger>
        <ErrorAlert error={deleteAccount.error} />
        <div className="button-row">
          <ConfirmButton
            kind="solid"
            label={t('admin.accounts.deleteAccount')}
            title={t('admin.accounts.deleteTitle')}
            message={t('admin.accounts.deleteText', { name: account.name })}
            confirmLabel={t('common.delete')}
            disabled={deleteAccount.isPending}
            onConfirm={() => deleteAccount.mutate(undefined, { onSuccess: () => navigate('/admin/accounts', { replace: true }) })}
          />
        </div>
      </Card>
    </>
  );
}
