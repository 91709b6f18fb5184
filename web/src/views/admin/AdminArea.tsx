import { useTranslation } from 'react-i18next';
import { NavLink, Navigate, Route, Routes } from 'react-router-dom';
import { useMe } from '../../api/profile';
import { PageHeader } from '../../components/ui';
import { AdminAccountPage } from './AdminAccountPage';
import { AdminAccounts } from './AdminAccounts';
import { AdminApps } from './AdminApps';
import { AdminAudit } from './AdminAudit';
import { AdminDirectory } from './AdminDirectory';
import { AdminSettings } from './AdminSettings';
import { AdminUserPage } from './AdminUserPage';
import { AdminUsers } from './AdminUsers';

/** The administration (loaded on first use). User managers see only the users: any other admin path sends them there. */
export default function AdminArea() {
  const { t } = useTranslation();
  const me = useMe();
  const full = me.isAdmin;
  const tabs = [
    { to: 'users', label: t('admin.tabs.users') },
    ...(full
      ? [
          { to: 'settings', label: t('admin.tabs.settings') },
          { to: 'accounts', label: t('admin.tabs.accounts') },
          { to: 'apps', label: t('admin.tabs.apps') },
          { to: 'directory', label: t('admin.tabs.directory') },
          { to: 'audit', label: t('admin.tabs.audit') },
        ]
      : []),
  ];
  return (
    <>
      <PageHeader title={t('admin.title')} description={t('admin.description')} />
      <nav className="tabs" aria-label={t('admin.title')}>
        {tabs.map((tab) => (
          <NavLink key={tab.to} to={`/admin/${tab.to}`} className="tab">
            {tab.label}
          </NavLink>
        ))}
      </nav>
      <Routes>
        <Route index element={<Navigate to="users" replace />} />
        <Route path="users" element={<AdminUsers />} />
        <Route path="users/:id" element={<AdminUserPage />} />
        {full ? (
          <>
            <Route path="settings" element={<AdminSettings />} />
            <Route path="accounts" element={<AdminAccounts />} />
            <Route path="accounts/:id" element={<AdminAccountPage />} />
            <Route path="apps" element={<AdminApps />} />
            <Route path="directory" element={<AdminDirectory />} />
            <Route path="audit" element={<AdminAudit />} />
          </>
        ) : null}
        {/* absolute: a relative path in a splat route resolves below the unknown path itself */}
        <Route path="*" element={<Navigate to="/admin/users" replace />} />
      </Routes>
    </>
  );
}
