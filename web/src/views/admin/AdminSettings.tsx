import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { useSettings, useUpdateSettings, useUsersWithoutTwoFactor } from '../../api/settings';
import type { Settings, SettingsPatch } from '../../api/types';
import { Card, CheckboxField, ErrorAlert, Loading, Notice, TextField } from '../../components/ui';
import { useFieldErrors } from '../../lib/field-errors';
import { LoadFailed } from '../../components/LoadFailed';
import { useNothingToSave } from '../../components/NothingToSave';

interface Form {
  profilesLocked: boolean;
  gravatar: boolean;
  mandatoryTwoFactor: boolean;
  passwordMinLength: string;
  maxTokenLifetimeDays: string;
}

function formOf(settings: Settings): Form {
  return {
    profilesLocked: settings.profilesLocked,
    gravatar: settings.gravatar,
    mandatoryTwoFactor: settings.mandatoryTwoFactor,
    passwordMinLength: String(settings.passwordPolicy.minLength),
    maxTokenLifetimeDays: settings.maxTokenLifetimeDays ? String(settings.maxTokenLifetimeDays) : '',
  };
}

/** Instance-wide rules: profile lock, Gravatar, password length, token lifetime, mandatory 2FA. */
export function AdminSettings() {
  const { t } = useTranslation();
  const settings = useSettings();
  const [form, setForm] = useState<Form | null>(null);
  const [saved, setSaved] = useState(false);
  const nothing = useNothingToSave();
  useEffect(() => {
    if (settings.data) setForm(formOf(settings.data));
  }, [settings.data]);

  const save = useUpdateSettings();
  const fields = useFieldErrors(save.error, ['passwordPolicy.minLength', 'maxTokenLifetimeDays']);

  if (settings.isPending || (!form && !settings.error)) return <Loading />;
  if (!form || !settings.data)
    return (
      <Card title={t('admin.settings.title')}>
        <LoadFailed error={settings.error} retry={() => void settings.refetch()} />
      </Card>
    );

  const current = settings.data;
  const patch: SettingsPatch = {};
  if (form.profilesLocked !== current.profilesLocked) patch.profilesLocked = form.profilesLocked;
  if (form.gravatar !== current.gravatar) patch.gravatar = form.gravatar;
  if (form.mandatoryTwoFactor !== current.mandatoryTwoFactor) patch.mandatoryTwoFactor = form.mandatoryTwoFactor;
  // sent as typed (8.5, 3, empty): the server's range is the rule, and its answer marks the field
  if (form.passwordMinLength.trim() !== String(current.passwordPolicy.minLength)) {
    patch.passwordPolicy = { ...current.passwordPolicy, minLength: form.passwordMinLength.trim() === '' ? Number.NaN : Number(form.passwordMinLength) };
  }
  const lifetime = form.maxTokenLifetimeDays.trim() === '' ? null : Number(form.maxTokenLifetimeDays);
  if (lifetime !== current.maxTokenLifetimeDays) patch.maxTokenLifetimeDays = lifetime;
  const dirty = Object.keys(patch).length > 0;
  const withoutTwoFactor = current.usersWithoutTwoFactor;
  const turningOn = form.mandatoryTwoFactor && !current.mandatoryTwoFactor;
  const update = (change: Partial<Form>) => {
    setForm({ ...form, ...change });
    setSaved(false);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (nothing.hasChanges(dirty)) save.mutate(patch, { onSuccess: () => setSaved(true) });
  };

  return (
    <Card title={t('admin.settings.title')}>
      <form ref={fields.ref} onSubmit={submit} noValidate>
        <CheckboxField
          label={t('admin.settings.profilesLocked')}
          hint={t('admin.settings.profilesLockedHint')}
          checked={form.profilesLocked}
          onChange={(event) => update({ profilesLocked: event.target.checked })}
          name="profilesLocked"
        />
        <CheckboxField label={t('admin.settings.gravatar')} hint={t('admin.settings.gravatarHint')} checked={form.gravatar} onChange={(event) => update({ gravatar: event.target.checked })} name="gravatar" />
        <CheckboxField
          label={t('admin.settings.mandatoryTwoFactor')}
          hint={
            <>
              {t('admin.settings.mandatoryTwoFactorHint')} <span data-testid="users-without-twofactor">{t('admin.settings.usersWithoutTwoFactor', { n: withoutTwoFactor })}</span>
            </>
          }
          checked={form.mandatoryTwoFactor}
          onChange={(event) => update({ mandatoryTwoFactor: event.target.checked })}
          name="mandatoryTwoFactor"
        />
        <UsersWithoutTwoFactor count={withoutTwoFactor} />
        {turningOn && withoutTwoFactor > 0 ? (
          <Notice kind="warning">{t('admin.settings.mandatoryTwoFactorImpact', { n: withoutTwoFactor })}</Notice>
        ) : null}
        <TextField
          label={t('admin.settings.passwordMinLength')}
          type="number"
          inputMode="numeric"
          value={form.passwordMinLength}
          onChange={(event) => update({ passwordMinLength: event.target.value })}
          error={fields.error('passwordPolicy.minLength')}
          name="passwordMinLength"
        />
        <TextField
          label={t('admin.settings.maxTokenLifetime')}
          hint={t('admin.settings.maxTokenLifetimeHint')}
          type="number"
          min={1}
          inputMode="numeric"
          value={form.maxTokenLifetimeDays}
          onChange={(event) => update({ maxTokenLifetimeDays: event.target.value })}
          error={fields.error('maxTokenLifetimeDays')}
          name="maxTokenLifetimeDays"
        />
        {isApiError(save.error, 'enrol_twofactor_first') ? (
          <Notice kind="error">
            {t('problems.enrol_twofactor_first')} <Link to="/security">{t('admin.settings.enrolYourself')}</Link>
          </Notice>
        ) : (
          <ErrorAlert error={fields.rest} />
        )}
        {nothing.notice(dirty) ?? (saved && !dirty ? <Notice kind="success">{t('common.saved')}</Notice> : null)}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={save.isPending} aria-disabled={!dirty || undefined}>
            {t('common.save')}
          </button>
        </div>
      </form>
    </Card>
  );
}

/** Names shown at first; "Show more" adds as many again. */
const SHOWN = 10;

/** Who the count is: links to their user pages, the first few and "and N more". */
function UsersWithoutTwoFactor({ count }: { count: number }) {
  const { t } = useTranslation();
  const list = useUsersWithoutTwoFactor(SHOWN);
  if (count === 0) return null;
  const more = Math.max(0, count - list.items.length);
  return (
    <div className="rule-people" data-testid="users-without-twofactor-list">
      <p className="hint">{t('rules.usersWithoutTwoFactorWho')}</p>
      {list.isPending ? <Loading /> : null}
      <ErrorAlert error={list.error} />
      <ul className="rule-people-list">
        {list.items.map((user) => (
          <li key={user.id}>
            <Link to={`/admin/users/${encodeURIComponent(user.id)}`}>{user.displayName}</Link> <span className="muted">@{user.username}</span>
          </li>
        ))}
      </ul>
      {more > 0 && list.items.length > 0 ? (
        <p className="hint">
          {t('rules.andMore', { n: more })}{' '}
          {list.hasMore ? (
            <button type="button" className="btn-link" onClick={list.loadMore} disabled={list.loadingMore}>
              {list.loadingMore ? t('common.loading') : t('rules.showMore')}
            </button>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}
