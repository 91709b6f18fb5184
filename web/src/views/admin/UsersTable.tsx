import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useUserTable } from '../../api/admin-user-page';
import { useMe } from '../../api/profile';
import { ROLES, type AdminUserDetail, type UserSort, type UserTableQuery } from '../../api/types';
import { LoadFailed } from '../../components/LoadFailed';
import { ShowMore } from '../../components/lists';
import { Badge, EmptyState, Loading, SelectField } from '../../components/ui';
import { Time } from '../../lib/dates';

type Order = 'asc' | 'desc';
type Filters = Pick<UserTableQuery, 'role' | 'twoFactor' | 'source'> & { disabled?: 'true' | 'false' };

/** Each column that sorts, with the order a first click asks for (newest sign-in first). */
const COLUMNS: { sort: UserSort; label: string; first: Order }[] = [
  { sort: 'username', label: 'profile.username', first: 'asc' },
  { sort: 'email', label: 'profile.email', first: 'asc' },
];

/** The 2FA column: which second factors the user has. */
function TwoFactorCell({ user }: { user: AdminUserDetail }) {
  const { t } = useTranslation();
  const parts = [user.twoFactor.totp ? t('admin.users.table.totp') : null, user.twoFactor.passkeys > 0 ? t('admin.users.table.passkeys', { count: user.twoFactor.passkeys }) : null].filter(Boolean);
  return parts.length > 0 ? <Badge kind="success">{parts.join(' + ')}</Badge> : <span className="muted">{t('admin.users.table.none')}</span>;
}

/**
 * The users table (GitHub's org people list, Keycloak's users): search comes from the toolbar,
 * filters and sort live here; every column header that sorts says so (`aria-sort`).
 */
export function UsersTable({ q }: { q: string }) {
  const { t } = useTranslation();
  // a user manager sees plain users only (the server's rule): no role to pick
  const { isAdmin } = useMe();
  const [filters, setFilters] = useState<Filters>({});
  const [sort, setSort] = useState<{ by: UserSort; order: Order }>({ by: 'created', order: 'asc' });
  const list = useUserTable({ q: q || undefined, ...filters, sort: sort.by, order: sort.order });
  const set = (key: keyof Filters) => (event: { target: { value: string } }) => setFilters({ ...filters, [key]: event.target.value || undefined });
  const sortBy = (by: UserSort, first: Order) => setSort(sort.by === by ? { by, order: sort.order === 'asc' ? 'desc' : 'asc' } : { by, order: first });

  const header = (by: UserSort, label: string, first: Order) => (
    <th scope="col" aria-sort={sort.by === by ? (sort.order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort-button" onClick={() => sortBy(by, first)}>
        {label}
        <span aria-hidden="true">{sort.by === by ? (sort.order === 'asc' ? ' ▲' : ' ▼') : ''}</span>
      </button>
    </th>
  );

  return (
    <>
      <div className="filters" role="group" aria-label={t('admin.users.table.filters')}>
        {isAdmin ? (
          <SelectField label={t('admin.users.role')} value={filters.role ?? ''} onChange={set('role')} name="filter-role">
            <option value="">{t('admin.users.table.any')}</option>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`admin.roles.${role}`)}
              </option>
            ))}
          </SelectField>
        ) : null}
        <SelectField label={t('admin.users.table.twoFactor')} value={filters.twoFactor ?? ''} onChange={set('twoFactor')} name="filter-twofactor">
          <option value="">{t('admin.users.table.any')}</option>
          <option value="totp">{t('admin.users.table.totp')}</option>
          <option value="passkey">{t('admin.users.table.passkey')}</option>
          <option value="none">{t('admin.users.table.none')}</option>
        </SelectField>
        <SelectField label={t('admin.users.table.status')} value={filters.disabled ?? ''} onChange={set('disabled')} name="filter-disabled">
          <option value="">{t('admin.users.table.any')}</option>
          <option value="false">{t('admin.users.table.active')}</option>
          <option value="true">{t('admin.users.disabled')}</option>
        </SelectField>
        <SelectField label={t('admin.users.table.source')} value={filters.source ?? ''} onChange={set('source')} name="filter-source">
          <option value="">{t('admin.users.table.any')}</option>
          <option value="local">{t('admin.users.table.local')}</option>
          <option value="ldap">{t('admin.users.ldap')}</option>
        </SelectField>
      </div>
      {list.isPending ? <Loading /> : null}
      <LoadFailed error={list.error} retry={list.retry} />
      {!list.isPending && !list.error && list.items.length === 0 ? <EmptyState>{q || Object.values(filters).some(Boolean) ? t('admin.users.noMatch') : t('admin.users.none')}</EmptyState> : null}
      {list.items.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table" data-testid="admin-users">
            <caption className="visually-hidden">{t('admin.users.title')}</caption>
            <thead>
              <tr>
                {COLUMNS.map((column) => header(column.sort, t(column.label), column.first))}
                <th scope="col">{t('admin.users.role')}</th>
                <th scope="col">{t('admin.users.table.twoFactor')}</th>
                {header('lastSignIn', t('admin.users.table.lastSignIn'), 'desc')}
                {header('created', t('admin.users.created'), 'asc')}
              </tr>
            </thead>
            <tbody>
              {list.items.map((user) => (
                <tr key={user.id} data-testid="admin-user-row">
                  <td>
                    <Link to={`/admin/users/${encodeURIComponent(user.id)}`} aria-label={t('admin.users.table.open', { username: user.username })}>
                      {user.username}
                    </Link>
                    {user.disabled ? (
                      <>
                        {' '}
                        <Badge kind="danger">{t('admin.users.disabled')}</Badge>
                      </>
                    ) : null}
                    {user.source === 'ldap' ? (
                      <>
                        {' '}
                        <Badge kind="neutral">{t('admin.users.ldap')}</Badge>
                      </>
                    ) : null}
                    <br />
                    <span className="muted small">{user.displayName}</span>
                  </td>
                  <td>{user.email}</td>
                  <td>{user.role === 'user' ? t('admin.roles.user') : <Badge kind="info">{t(`admin.roles.${user.role}`)}</Badge>}</td>
                  <td>
                    <TwoFactorCell user={user} />
                  </td>
                  <td>{user.lastSignInAt ? <Time value={user.lastSignInAt} relative /> : <span className="muted">{t('admin.users.table.never')}</span>}</td>
                  <td>
                    <Time value={user.createdAt} relative />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <ShowMore list={list} />
    </>
  );
}
