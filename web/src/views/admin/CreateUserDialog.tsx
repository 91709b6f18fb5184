import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateUser } from '../../api/admin-users';
import { useMe } from '../../api/profile';
import { LANGUAGES, type Language, type NewUser, ROLES, type Role } from '../../api/types';
import { Modal } from '../../components/dialogs';
import { LANGUAGE_NAMES } from '../../components/LanguagePicker';
import { usePasswordMinLength } from '../../components/credentials';
import { CheckboxField, ErrorAlert, Notice, OneTimeSecret, SelectField, TextField } from '../../components/ui';
import { isLanguage } from '../../i18n';
import { required, tooLong, useFieldErrors } from '../../lib/field-errors';

/**
 * How the new user gets in. The dashboard cannot tell whether the server sends mail over SMTP
 * or into its outbox (nothing in the API says), so an invitation is the default either way.
 */
type Access = 'invite' | 'password';

/** "New user": invited by mail (the default), or with a password the admin sets (temporary by default). */
export function CreateUserDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal open={open} onClose={onClose} title={t('admin.users.create')}>
      <CreateUserForm onClose={onClose} />
    </Modal>
  );
}

function CreateUserForm({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [form, setForm] = useState({
    username: '',
    email: '',
    displayName: '',
    password: '',
    role: 'user' as Role,
    // the invitation mail's language: the admin's own to start with
    language: (isLanguage(i18n.language) ? i18n.language : 'en') as Language,
  });
  const [access, setAccess] = useState<Access>('invite');
  const [temporary, setTemporary] = useState(true);
  const [done, setDone] = useState<{ kind: 'invited'; email: string } | { kind: 'password'; password: string | null } | null>(null);
  const create = useCreateUser();
  const fields = useFieldErrors(create.error, ['username', 'email', 'displayName', 'password', 'language', 'role']);
  const minLength = usePasswordMinLength();

  if (done?.kind === 'invited') {
    return (
      <div className="modal-body">
        <Notice kind="success">{t('admin.newUser.invited', { email: done.email })}</Notice>
        <div className="modal-actions">
          <button type="button" className="btn btn-primary" onClick={onClose} autoFocus>
            {t('common.done')}
          </button>
        </div>
      </div>
    );
  }
  if (done?.kind === 'password' && done.password) {
    return (
      <div className="modal-body">
        <OneTimeSecret title={t('admin.users.generatedPassword', { username: form.username })} value={done.password} onDone={onClose} testId="generated-password" />
        {temporary ? <p className="hint">{t('admin.newUser.temporaryNote')}</p> : null}
      </div>
    );
  }

  const set = (key: keyof typeof form) => (event: { target: { value: string } }) => setForm({ ...form, [key]: event.target.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!fields.check({ username: required(form.username), email: required(form.email), displayName: tooLong(form.displayName, 100) })) return;
    const body: NewUser = { username: form.username.trim(), email: form.email.trim(), role: form.role, language: form.language };
    if (form.displayName.trim()) body.displayName = form.displayName.trim();
    if (access === 'invite') body.invite = true;
    else {
      if (form.password) body.password = form.password;
      body.mustChangePassword = temporary;
    }
    create.mutate(body, {
      onSuccess: (result) => {
        if (access === 'invite') setDone({ kind: 'invited', email: result.user.email });
        else if (result.password) setDone({ kind: 'password', password: result.password });
        else onClose();
      },
    });
  };
  return (
    <form ref={fields.ref} className="modal-body" onSubmit={submit} noValidate>
      <TextField
        label={t('profile.username')}
        hint={t('admin.users.usernameHint')}
        value={form.username}
        onChange={set('username')}
        error={fields.error('username')}
        required
        autoFocus
        autoCapitalize="none"
        spellCheck={false}
        name="new-username"
      />
      <TextField label={t('profile.email')} type="email" value={form.email} onChange={set('email')} error={fields.error('email')} required name="new-email" />
      <TextField label={t('profile.displayName')} value={form.displayName} onChange={set('displayName')} error={fields.error('displayName')} name="new-display-name" />
      <fieldset className="field radio-group">
        <legend>{t('admin.newUser.access')}</legend>
        <label className="radio">
          <input type="radio" name="new-access" value="invite" checked={access === 'invite'} onChange={() => setAccess('invite')} />
          <span>
            <strong>{t('admin.newUser.invite')}</strong> <span className="hint">{t('admin.newUser.inviteHint')}</span>
          </span>
        </label>
        <label className="radio">
          <input type="radio" name="new-access" value="password" checked={access === 'password'} onChange={() => setAccess('password')} />
          <span>
            <strong>{t('admin.newUser.setPassword')}</strong> <span className="hint">{t('admin.newUser.setPasswordHint')}</span>
          </span>
        </label>
      </fieldset>
      {access === 'password' ? (
        <>
          <TextField label={t('admin.users.password')} hint={minLength === null ? t('admin.users.passwordHint') : t('rules.adminPasswordHint', { minLength })} type="password" autoComplete="new-password" value={form.password} onChange={set('password')} error={fields.error('password')} name="new-password" />
          <CheckboxField
            label={t('admin.newUser.temporary')}
            hint={t('admin.newUser.temporaryHint')}
            checked={temporary}
            onChange={(event) => setTemporary(event.target.checked)}
            name="new-temporary"
          />
        </>
      ) : null}
      <SelectField label={t('common.language')} hint={t('admin.newUser.languageHint')} value={form.language} onChange={set('language')} error={fields.error('language')} name="new-language">
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {LANGUAGE_NAMES[language]}
          </option>
        ))}
      </SelectField>
      {me.isAdmin ? (
        <SelectField label={t('admin.users.role')} value={form.role} onChange={set('role')} error={fields.error('role')} name="new-role">
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {t(`admin.roles.${role}`)}
            </option>
          ))}
        </SelectField>
      ) : null}
      <ErrorAlert error={fields.rest} />
      <div className="modal-actions">
        <button type="button" className="btn" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          {access === 'invite' ? t('admin.newUser.sendInvitation') : t('admin.users.createButton')}
        </button>
      </div>
    </form>
  );
}
