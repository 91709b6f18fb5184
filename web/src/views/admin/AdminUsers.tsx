import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateUser } from '../../api/admin-users';
import { useMe } from '../../api/profile';
import { type NewUser, ROLES, type Role } from '../../api/types';
import { Modal } from '../../components/dialogs';
import { Card, ErrorAlert, OneTimeSecret, SelectField, TextField } from '../../components/ui';
import { UsersTable } from './UsersTable';
import { useDebounced } from './useDebounced';


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
      <Modal open={creating} onClose={() => setCreating(false)} title={t('admin.users.create')}>
        <CreateUser onClose={() => setCreating(false)} />
      </Modal>
    </>
  );
}

function CreateUser({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const [form, setForm] = useState({ username: '', email: '', displayName: '', password: '', role: 'user' as Role });
  const [generated, setGenerated] = useState<string | null>(null);
  const create = useCreateUser();
  if (generated) {
    return (
      <div className="modal-body">
        <OneTimeSecret title={t('admin.users.generatedPassword', { username: form.username })} value={generated} onDone={onClose} testId="generated-password" />
      </div>
    );
  }
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) => setForm({ ...form, [key]: event.target.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!form.username.trim() || !form.email.trim()) return;
    const body: NewUser = { username: form.username.trim(), email: form.email.trim(), role: form.role };
    if (form.displayName.trim()) body.displayName = form.displayName.trim();
    if (form.password) body.password = form.password;
    create.mutate(body, {
      onSuccess: (result) => {
        if (result.password) setGenerated(result.password);
        else onClose();
      },
    });
  };
  return (
    <form className="modal-body" onSubmit={submit} noValidate>
      <TextField label={t('profile.username')} hint={t('admin.users.usernameHint')} value={form.username} onChange={set('username')} required autoFocus autoCapitalize="none" spellCheck={false} name="new-username" />
      <TextField label={t('profile.email')} type="email" value={form.email} onChange={set('email')} required name="new-email" />
      <TextField label={t('profile.displayName')} value={form.displayName} onChange={set('displayName')} name="new-display-name" />
      <TextField label={t('admin.users.password')} hint={t('admin.users.passwordHint')} type="password" autoComplete="new-password" value={form.password} onChange={set('password')} name="new-password" />
      {me.isAdmin ? (
        <SelectField label={t('admin.users.role')} value={form.role} onChange={set('role')} name="new-role">
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {t(`admin.roles.${role}`)}
            </option>
          ))}
        </SelectField>
      ) : null}
      <ErrorAlert error={create.error} />
      <div className="modal-actions">
        <button type="button" className="btn" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={create.isPending || !form.username.trim() || !form.email.trim()}>
          {t('admin.users.createButton')}
        </button>
      </div>
    </form>
  );
}
