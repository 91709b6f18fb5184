import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Card, TextField } from '../../components/ui';
import { CreateUserDialog } from './CreateUserDialog';
import { UsersTable } from './UsersTable';
import { useDebounced } from './useDebounced';

/** Administration → Users: search, the table (filters, sort, a page per user) and "New user". */
export function AdminUsers() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim());
  const [creating, setCreating] = useState(false);

  return (
    <>
      <Card title={t('admin.users.title')}>
        <div className="toolbar">
          <TextField label={t('admin.users.search')} type="search" value={search} onChange={(event) => setSearch(event.target.value)} className="grow" name="user-search" />
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            {t('admin.users.create')}
          </button>
        </div>
        <UsersTable q={q} />
      </Card>
      <CreateUserDialog open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
