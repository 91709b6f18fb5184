import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeleteUser, useResetTwoFactor, useUpdateUser, useUsers } from '../../api/admin-users';
import { useMe } from '../../api/profile';
import { type AdminUser, ROLES, type Role, type UserPatch } from '../../api/types';
import { Modal } from '../../components/dialogs';
import { ConfirmButton, ItemRow, ResourceList } from '../../components/lists';
import { Badge, Card, CheckboxField, ErrorAlert, SelectField, TextField } from '../../components/ui';
import { Time } from '../../lib/dates';
import { CreateUserDialog } from './CreateUserDialog';
import { useDebounced } from './useDebounced';


export function AdminUsers() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim());
  const users = useUsers(q);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<AdminUser | null>(null);

  return (
    <>
      <Card title={t('admin.users.title')}>
        <div className="toolbar">
          <TextField label={t('admin.users.search')} type="search" value={search} onChange={(event) => setSearch(event.target.value)} className="grow" name="user-search" />
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            {t('admin.users.create')}
          </button>
        </div>
        <ResourceList list={users} empty={q ? t('admin.users.noMatch') : t('admin.users.none')} testId="admin-users">
          {(user) => (
            <ItemRow
              key={user.id}
              title={
                <>
                  {user.displayName} <span className="muted">@{user.username}</span> {user.role !== 'user' ? <Badge kind="info">{t(`admin.roles.${user.role}`)}</Badge> : null}{' '}
                  {user.disabled ? <Badge kind="danger">{t('admin.users.disabled')}</Badge> : null}{' '}
                  {user.source === 'ldap' ? <Badge kind="neutral">{t('admin.users.ldap')}</Badge> : null}
                </>
              }
              meta={[
                [t('profile.email'), user.email],
                [t('admin.users.created'), <Time value={user.createdAt} />],
              ]}
              actions={
                <button type="button" className="btn btn-small" onClick={() => setEditing(user)} aria-label={t('admin.users.editNamed', { username: user.username })}>
                  {t('common.edit')}
                </button>
              }
            />
          )}
        </ResourceList>
      </Card>
      <CreateUserDialog open={creating} onClose={() => setCreating(false)} />
      <Modal open={editing !== null} onClose={() => setEditing(null)} title={editing ? t('admin.users.editTitle', { username: editing.username }) : ''}>
        {editing ? <EditUser user={editing} onClose={() => setEditing(null)} /> : null}
      </Modal>
    </>
  );
}

function EditUser({ user, onClose }: { user: AdminUser; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [email, setEmail] = useState(user.email);
  const [recoveryEmail, setRecoveryEmail] = useState(user.recoveryEmail ?? '');
  const [role, setRole] = useState<Role>(user.role);
  const [disabled, setDisabled] = useState(user.disabled);
  const [done, setDone] = useState<string | null>(null);
  const fromDirectory = user.source === 'ldap';

  const patch: UserPatch = {};
  if (!fromDirectory && displayName.trim() !== user.displayName) patch.displayName = displayName.trim();
  if (!fromDirectory && email.trim() !== user.email) patch.email = email.trim();
  if (!fromDirectory && recoveryEmail.trim() !== (user.recoveryEmail ?? '')) patch.recoveryEmail = recoveryEmail.trim() || null;
  if (role !== user.role) patch.role = role;
  if (disabled !== user.disabled) patch.disabled = disabled;
  const dirty = Object.keys(patch).length > 0;

  const save = useUpdateUser(user.id);
  const reset2fa = useResetTwoFactor(user.id);
  const remove = useDeleteUser(user.id);
  const self = user.id === me.id;

  return (
    <form
      className="modal-body"
      onSubmit={(event) => {
        event.preventDefault();
        if (dirty) save.mutate(patch, { onSuccess: onClose });
      }}
      noValidate
    >
      {fromDirectory ? <p className="hint lock-note">{t('admin.users.fromDirectory')}</p> : null}
      <TextField label={t('profile.displayName')} value={displayName} onChange={(event) => setDisplayName(event.target.value)} readOnly={fromDirectory} name="edit-display-name" />
      <TextField label={t('profile.email')} type="email" value={email} onChange={(event) => setEmail(event.target.value)} readOnly={fromDirectory} name="edit-email" />
      <TextField
        label={t('profile.recoveryEmail')}
        type="email"
        value={recoveryEmail}
        placeholder={t('profile.recoveryPlaceholder', { email: user.email })}
        onChange={(event) => setRecoveryEmail(event.target.value)}
        readOnly={fromDirectory}
        name="edit-recovery-email"
      />
      {me.isAdmin ? (
        <SelectField label={t('admin.users.role')} value={role} onChange={(event) => setRole(event.target.value as Role)} disabled={self} name="edit-role">
          {ROLES.map((value) => (
            <option key={value} value={value}>
              {t(`admin.roles.${value}`)}
            </option>
          ))}
        </SelectField>
      ) : null}
      <CheckboxField label={t('admin.users.disable')} hint={t('admin.users.disableHint')} checked={disabled} onChange={(event) => setDisabled(event.target.checked)} disabled={self} name="edit-disabled" />
      <ErrorAlert error={save.error ?? reset2fa.error ?? remove.error} />
      {done ? <p className="alert alert-success" role="status">{done}</p> : null}
      <div className="modal-actions modal-actions-split">
        <div className="button-row">
          <ConfirmButton
            label={t('admin.users.reset2fa')}
            title={t('admin.users.reset2faTitle')}
            message={t('admin.users.reset2faText', { username: user.username })}
            disabled={reset2fa.isPending}
            onConfirm={() =>
              reset2fa.mutate(undefined, {
                onSuccess: (result) =>
                  setDone(
                    t('admin.users.reset2faDone', {
                      totp: t(result.totpRemoved ? 'admin.users.reset2faTotpRemoved' : 'admin.users.reset2faNoTotp'),
                      passkeys: result.passkeysRemoved,
                      sessions: result.sessionsEnded,
                    }),
                  ),
              })
            }
          />
          {!self ? (
            <ConfirmButton
              label={t('common.delete')}
              title={t('admin.users.deleteTitle')}
              message={t('admin.users.deleteText', { username: user.username })}
              disabled={remove.isPending}
              onConfirm={() => remove.mutate(undefined, { onSuccess: onClose })}
            />
          ) : null}
        </div>
        <div className="button-row">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={!dirty || save.isPending}>
            {t('common.save')}
          </button>
        </div>
      </div>
      <p className="hint">
        {t('admin.users.createdOn')} <Time value={user.createdAt} />
      </p>
    </form>
  );
}
