import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDirectory, useDisconnectDirectory, useSaveDirectory, useSyncDirectory, useTestDirectory } from '../../api/directory';
import type { DirectoryConfig, DirectoryInput } from '../../api/types';
import { LoadFailed } from '../../components/LoadFailed';
import { ConfirmButton } from '../../components/lists';
import { Card, CheckboxField, ErrorAlert, Loading, Notice, TextField } from '../../components/ui';
import { Time } from '../../lib/dates';
import { required, useFieldErrors } from '../../lib/field-errors';

type Form = Omit<DirectoryConfig, 'bindPasswordSet'>;

/** A new connection starts from the server's defaults (entryUUID, uid, mail, cn). */
const EMPTY: Form = {
  enabled: true,
  url: '',
  bindDn: '',
  baseDn: '',
  userFilter: '(objectClass=inetOrgPerson)',
  attributes: { id: 'entryUUID', username: 'uid', email: 'mail', displayName: 'cn' },
  providesTwoFactor: false,
  syncIntervalMinutes: 60,
};

/** The external LDAP directory: connection, attribute mapping, test, sync and its last result. */
export function AdminDirectory() {
  const { t } = useTranslation();
  const directory = useDirectory();
  const [form, setForm] = useState<Form>(EMPTY);
  const [intervalMinutes, setIntervalMinutes] = useState(String(EMPTY.syncIntervalMinutes));
  const [bindPassword, setBindPassword] = useState('');
  const [saved, setSaved] = useState(false);
  const config = directory.data?.config ?? null;
  useEffect(() => {
    if (!config) return;
    setForm(config);
    setIntervalMinutes(String(config.syncIntervalMinutes));
  }, [config]);

  const input = () => {
    const body: DirectoryInput = {
      enabled: form.enabled,
      url: form.url.trim(),
      bindDn: form.bindDn.trim(),
      baseDn: form.baseDn.trim(),
      userFilter: form.userFilter.trim(),
      attributes: form.attributes,
      providesTwoFactor: form.providesTwoFactor,
    };
    const minutes = Number(intervalMinutes);
    if (intervalMinutes.trim() !== '' && Number.isInteger(minutes)) body.syncIntervalMinutes = minutes;
    if (bindPassword !== '') body.bindPassword = bindPassword;
    return body;
  };
  const save = useSaveDirectory();
  const test = useTestDirectory();
  const sync = useSyncDirectory();
  const disconnect = useDisconnectDirectory();
  const fields = useFieldErrors(save.error, [
    'url',
    'bindDn',
    'bindPassword',
    'baseDn',
    'userFilter',
    'attributes.username',
    'attributes.email',
    'attributes.displayName',
    'syncIntervalMinutes',
  ]);
  // Tests the form as typed when it is complete enough (before saving), else the stored configuration.
  const testable = form.url.trim() && form.bindDn.trim() && form.baseDn.trim() && (bindPassword !== '' || config?.bindPasswordSet);

  if (directory.isPending) return <Loading />;
  // Without the stored connection there is no form: one filled with the defaults would overwrite it on Save.
  if (!directory.data)
    return (
      <Card title={t('admin.directory.title')} description={t('admin.directory.description')}>
        <LoadFailed error={directory.error} retry={() => void directory.refetch()} />
      </Card>
    );
  const set = (change: Partial<Form>) => {
    setForm({ ...form, ...change });
    setSaved(false);
  };
  const setAttribute = (key: keyof Form['attributes'], value: string) => set({ attributes: { ...form.attributes, [key]: value } });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!fields.check({ url: required(form.url), bindDn: required(form.bindDn), baseDn: required(form.baseDn) })) return;
    save.mutate(input(), {
      onSuccess: () => {
        setBindPassword('');
        setSaved(true);
      },
    });
  };
  // The refreshed state after a manual sync; the sync's own answer until it arrives.
  const last = directory.data?.lastSync ?? null;
  const report = last?.report ?? sync.data ?? null;
  const finishedAt = last?.finishedAt ?? sync.data?.finishedAt ?? null;

  return (
    <>
      <Card title={t('admin.directory.title')} description={t('admin.directory.description')}>
        <LoadFailed error={directory.error} retry={() => void directory.refetch()} />
        <form ref={fields.ref} onSubmit={submit} noValidate>
          <CheckboxField label={t('admin.directory.enabled')} hint={t('admin.directory.enabledHint')} checked={form.enabled} onChange={(event) => set({ enabled: event.target.checked })} name="ldap-enabled" />
          <TextField
            label={t('admin.directory.url')}
            hint={t('admin.directory.urlHint')}
            value={form.url}
            onChange={(event) => set({ url: event.target.value })}
            error={fields.error('url')}
            placeholder="ldaps://ldap.example.com"
            name="ldap-url"
            spellCheck={false}
          />
          <TextField
            label={t('admin.directory.bindDn')}
            value={form.bindDn}
            onChange={(event) => set({ bindDn: event.target.value })}
            error={fields.error('bindDn')}
            placeholder="cn=userhub,dc=example,dc=com"
            name="ldap-bind-dn"
            spellCheck={false}
          />
          <TextField
            label={t('admin.directory.bindPassword')}
            hint={config?.bindPasswordSet ? t('admin.directory.bindPasswordKept') : undefined}
            type="password"
            autoComplete="new-password"
            value={bindPassword}
            onChange={(event) => setBindPassword(event.target.value)}
            error={fields.error('bindPassword')}
            name="ldap-bind-password"
          />
          <TextField
            label={t('admin.directory.baseDn')}
            value={form.baseDn}
            onChange={(event) => set({ baseDn: event.target.value })}
            error={fields.error('baseDn')}
            placeholder="ou=people,dc=example,dc=com"
            name="ldap-base-dn"
            spellCheck={false}
          />
          <TextField
            label={t('admin.directory.userFilter')}
            value={form.userFilter}
            onChange={(event) => set({ userFilter: event.target.value })}
            error={fields.error('userFilter')}
            name="ldap-filter"
            spellCheck={false}
          />
          <fieldset className="field-group">
            <legend>{t('admin.directory.mapping')}</legend>
            <div className="grid-3">
              <TextField label={t('profile.username')} value={form.attributes.username} onChange={(event) => setAttribute('username', event.target.value)} error={fields.error('attributes.username')} name="ldap-attr-username" />
              <TextField label={t('profile.email')} value={form.attributes.email} onChange={(event) => setAttribute('email', event.target.value)} error={fields.error('attributes.email')} name="ldap-attr-email" />
              <TextField label={t('profile.displayName')} value={form.attributes.displayName} onChange={(event) => setAttribute('displayName', event.target.value)}
                error={fields.error('attributes.displayName')}
                name="ldap-attr-display-name"
              />
            </div>
          </fieldset>
          <TextField
            label={t('admin.directory.interval')}
            hint={t('admin.directory.intervalHint')}
            type="number"
            min={0}
            inputMode="numeric"
            value={intervalMinutes}
            onChange={(event) => {
              setIntervalMinutes(event.target.value);
              setSaved(false);
            }}
            error={fields.error('syncIntervalMinutes')}
            name="ldap-interval"
          />
          <CheckboxField
            label={t('admin.directory.providesTwoFactor')}
            hint={t('admin.directory.providesTwoFactorHint')}
            checked={form.providesTwoFactor}
            onChange={(event) => set({ providesTwoFactor: event.target.checked })}
            name="ldap-2fa"
          />
          <ErrorAlert error={fields.rest ?? disconnect.error} />
          {saved ? <Notice kind="success">{t('common.saved')}</Notice> : null}
          <div className="form-actions">
            {config ? (
              <ConfirmButton
                kind="block"
                label={t('admin.directory.disconnect')}
                title={t('admin.directory.disconnectTitle')}
                message={t('admin.directory.disconnectText')}
                disabled={disconnect.isPending}
                onConfirm={() => disconnect.mutate(undefined, { onSuccess: () => setForm(EMPTY) })}
              />
            ) : null}
            <button type="submit" className="btn btn-primary" disabled={save.isPending}>
              {t('common.save')}
            </button>
          </div>
        </form>
      </Card>
      <Card title={t('admin.directory.actions')}>
        <div className="form-actions form-actions-start">
          <button
            type="button"
            className="btn"
            disabled={test.isPending}
            onClick={() => {
              // the form as typed needs at least its server (marked in the form above); else the stored configuration
              sync.reset();
              if (config || fields.check({ url: required(form.url) })) test.mutate(testable ? input() : null);
            }}
          >
            {test.isPending ? t('admin.directory.testing') : t('admin.directory.test')}
          </button>
          <button type="button" className="btn" disabled={sync.isPending} onClick={() => sync.mutate()}>
            {sync.isPending ? t('admin.directory.syncing') : t('admin.directory.sync')}
          </button>
        </div>
        {test.data ? <Notice kind="success">{t('admin.directory.testOk', { n: test.data.users })}</Notice> : null}
        <ErrorAlert error={test.error ?? sync.error} />
        <h3>{t('admin.directory.lastSync')}</h3>
        {last || report ? (
          <div data-testid="last-sync">
            {finishedAt ? (
              <p>
                <Time value={finishedAt} /> · {last?.ok === false ? t('admin.directory.syncFailed') : t('admin.directory.syncOk')}
              </p>
            ) : null}
            {last?.error ? <Notice kind="error">{last.error}</Notice> : null}
            {report ? (
              <>
                <p>{t('admin.directory.syncCounts', { found: report.found, created: report.created, updated: report.updated, disabled: report.disabled })}</p>
                {report.skipped.length > 0 ? (
                  <details>
                    <summary>{t('admin.directory.skipped', { n: report.skipped.length })}</summary>
                    <ul className="small">
                      {report.skipped.map((entry) => (
                        <li key={entry.dn}>
                          <code>{entry.dn}</code> — {entry.reason}
                        </li>
                      ))}
                    </ul>
                  </details>
                ) : null}
              </>
            ) : null}
          </div>
        ) : (
          <p className="muted">{t('admin.directory.neverSynced')}</p>
        )}
      </Card>
    </>
  );
}
