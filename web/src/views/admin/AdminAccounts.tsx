import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useAccounts } from '../../api/admin-accounts';
import { Modal } from '../../components/dialogs';
import { ItemRow, ResourceList } from '../../components/lists';
import { Badge, Card } from '../../components/ui';
import { AccountForm } from './AccountForm';

export const accountPagePath = (id: string) => `/admin/accounts/${encodeURIComponent(id)}`;

/** Organisations (accounts in the API): the list and "New organisation"; each has its own page. */
export function AdminAccounts() {
  const { t } = useTranslation();
  const accounts = useAccounts();
  const [creating, setCreating] = useState(false);

  return (
    <>
      <Card title={t('admin.accounts.title')}>
        <div className="toolbar toolbar-end">
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            {t('admin.accounts.create')}
          </button>
        </div>
        <ResourceList list={accounts} empty={t('admin.accounts.none')} testId="admin-accounts">
          {(account) => (
            <ItemRow
              key={account.id}
              title={
                <>
                  {account.name} <Badge>{t(`accountTypes.${account.type}`)}</Badge> {account.requiresMfa ? <Badge kind="warning">{t('admin.accounts.requiresMfa')}</Badge> : null}
                </>
              }
              actions={
                <Link className="btn btn-small" to={accountPagePath(account.id)} aria-label={t('admin.accounts.manageNamed', { name: account.name })}>
                  {t('admin.accounts.manage')}
                </Link>
              }
            />
          )}
        </ResourceList>
      </Card>
      <Modal open={creating} onClose={() => setCreating(false)} title={t('admin.accounts.create')}>
        <AccountForm onClose={() => setCreating(false)} />
      </Modal>
    </>
  );
}
