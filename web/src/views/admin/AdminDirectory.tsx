import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client';
import type { DirectoryConfig, DirectorySyncResult } from '../../api/types';
import { Card, CheckboxField, ErrorAlert, Loading, Notice, TextField } from '../../components/ui';
import { Time } from '../../lib/dates';

const DIRECTORY_KEY = ['admin', 'directory'] as const;

const EMPTY: DirectoryConfig = {
  url: '',
  bindDn: '',
  baseDn: '',
  userFilter: '(objectClass=inetOrgPerson)',
  attributes: { username: 'uid', email: 'mail', displayName: 'cn' },
  providesTwoFactor: false,
};

async function fetchDirectory(): Promise<DirectoryConfig | null> {
  try {
    return await api.get<DirectoryConfig | null>('/admin/directory');
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** The external LDAP directory: connection, attribute mapping, test, sync and its last result. */
export function AdminDirectory() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const directory = useQuery({ queryKey: DIRECTORY_KEY, queryFn: fetchDirectory });
  const [form, setForm] = useState<DirectoryConfig>(EMPTY);
  const [bindPassword, setBindPassword] = useState('');
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (directory.data) setForm({ ...EMPTY, ...directory.data, attributes: { ...EMPTY.attributes, ...directory.data.attributes } });
  }, [directory.data]);

  const save = useMutation({
    mutationFn: () => {
      const body: Record<string, unknown> = {
        url: form.url.trim(),
        bindDn: form.bindDn.trim(),
        baseDn: form.baseDn.trim(),
        userFilter: form.userFilter.trim(),
        attributes: form.attributes,
        providesTwoFactor: form.providesTwoFactor,
      };
      if (bindPassword !== '') body.bindPassword = bindPassword;
      return api.put<DirectoryConfig>('/admin/directory', body);
    },
    onSuccess: () => {
      setBindPassword('');
      setSaved(true);
      void client.invalidateQueries({ queryKey: DIRECTORY_KEY });
    },
  });
  const test = useMutation({ mutationFn: () => api.post<{ ok?: boolean; users?: number; count?: number }>('/admin/directory/test') });
  const sync = useMutation({
    mutationFn: () => api.post<DirectorySyncResult>('/admin/directory/sync'),
    onSettled: () => client.invalidateQueries({ queryKey: DIRECTORY_KEY }),
  });

  if (directory.isPending) return <Loading />;
  const set = (change: Partial<DirectoryConfig>) => {
    setForm({ ...form, ...change });
    setSaved(false);
  };
  const setAttribute = (key: keyof DirectoryConfig['attributes'], value: string) => set({ attributes: { ...form.attributes, [key]: value } });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const last = sync.data ?? directory.data?.lastSync ?? null;
  const lastAt = last?.finishedAt ?? last?.at ?? last?.startedAt ?? null;

  return (
    <>
      <Card title={t('admin.directory.title')} description={t('admin.directory.description')}>
        <ErrorAlert error={directory.error} />
        <form onSubmit={submit} noValidate>
          <TextField label={t('admin.directory.url')} hint={t('admin.directory.urlHint')} value={form.url} onChange={(event) => set({ url: event.target.value })} placeholder="ldaps://ldap.example.com" name="ldap-url" />
          <TextField label={t('admin.directory.bindDn')} value={form.bindDn} onChange={(event) => set({ bindDn: event.target.value })} placeholder="cn=userhub,dc=example,dc=com" name="ldap-bind-dn" />
          <TextField
            label={t('admin.directory.bindPassword')}
            hint={directory.data?.bindPasswordSet ? t('admin.directory.bindPasswordKept') : undefined}
            type="password"
            autoComplete="new-password"
            value={bindPassword}
            onChange={(event) => setBindPassword(event.target.value)}
            name="ldap-bind-password"
          />
          <TextField label={t('admin.directory.baseDn')} value={form.baseDn} onChange={(event) => set({ baseDn: event.target.value })} placeholder="ou=people,dc=example,dc=com" name="ldap-base-dn" />
          <TextField label={t('admin.directory.userFilter')} value={form.userFilter} onChange={(event) => set({ userFilter: event.target.value })} name="ldap-filter" />
          <fieldset className="field-group">
            <legend>{t('admin.directory.mapping')}</legend>
            <div className="grid-3">
              <TextField label={t('profile.username')} value={form.attributes.username} onChange={(event) => setAttribute('username', event.target.value)} name="ldap-attr-username" />
              <TextField label={t('profile.email')} value={form.attributes.email} onChange={(event) => setAttribute('email', event.target.value)} name="ldap-attr-email" />
              <TextField label={t('profile.displayName')} value={form.attributes.displayName} onChange={(event) => setAttribute('displayName', event.target.value)} name="ldap-attr-display-name" />
            </div>
          </fieldset>
          <CheckboxField
            label={t('admin.directory.providesTwoFactor')}
            hint={t('admin.directory.providesTwoFactorHint')}
            checked={form.providesTwoFactor}
            onChange={(event) => set({ providesTwoFactor: event.target.checked })}
            name="ldap-2fa"
          />
          <ErrorAlert error={save.error} />
          {saved ? <Notice kind="success">{t('common.saved')}</Notice> : null}
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={save.isPending || !form.url.trim()}>
              {t('common.save')}
            </button>
          </div>
        </form>
      </Card>
      <Card title={t('admin.directory.actions')}>
        <div className="form-actions form-actions-start">
          <button type="button" className="btn" disabled={test.isPending || !directory.data} onClick={() => test.mutate()}>
            {test.isPending ? t('admin.directory.testing') : t('admin.directory.test')}
          </button>
          <button type="button" className="btn" disabled={sync.isPending || !directory.data} onClick={() => sync.mutate()}>
            {sync.isPending ? t('admin.directory.syncing') : t('admin.directory.sync')}
          </button>
        </div>
        {test.data ? <Notice kind="success">{t('admin.directory.testOk', { n: test.data.users ?? test.data.count ?? 0 })}</Notice> : null}
        <ErrorAlert error={test.error ?? sync.error} />
        <h3>{t('admin.directory.lastSync')}</h3>
        {last ? (
          <div>
            {lastAt ? (
              <p>
                <Time value={lastAt} />
              </p>
            ) : null}
            {last.error ? <Notice kind="error">{last.error}</Notice> : null}
            <p>{t('admin.directory.syncCounts', { created: last.created ?? 0, updated: last.updated ?? 0, disabled: last.disabled ?? 0 })}</p>
          </div>
        ) : (
          <p className="muted">{t('admin.directory.neverSynced')}</p>
        )}
      </Card>
    </>
  );
}
