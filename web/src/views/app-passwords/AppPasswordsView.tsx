import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { keys } from '../../api/queries';
import type { App, AppPassword, Page } from '../../api/types';
import { useConfirm, useReauth } from '../../components/dialogs';
import { Card, EmptyState, ErrorAlert, Loading, OneTimeSecret, PageHeader, SelectField, TextField } from '../../components/ui';
import { Time } from '../../lib/dates';

export function AppPasswordsView() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const confirm = useConfirm();
  const withReauth = useReauth();
  const apps = useQuery({ queryKey: keys.apps, queryFn: () => api.get<Page<App>>('/apps?limit=100') });
  const passwords = useQuery({ queryKey: keys.appPasswords, queryFn: () => api.get<Page<AppPassword>>('/app-passwords?limit=100') });
  const [created, setCreated] = useState<{ name: string; password: string } | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: keys.appPasswords });
  const remove = useMutation({ mutationFn: (id: string) => withReauth(() => api.delete(`/app-passwords/${encodeURIComponent(id)}`)), onSettled: refresh });

  const appList = apps.data?.items ?? [];
  const appName = (item: AppPassword) => item.appName ?? item.app?.name ?? appList.find((app) => app.id === item.appId)?.name ?? item.appId;
  const items = passwords.data?.items ?? [];

  return (
    <>
      <PageHeader title={t('appPasswords.title')} description={t('appPasswords.description')} />
      <Card title={t('appPasswords.create')}>
        {created ? (
          <OneTimeSecret title={t('appPasswords.createdTitle', { name: created.name })} value={created.password} testId="new-app-password" onDone={() => setCreated(null)} />
        ) : apps.isPending ? (
          <Loading />
        ) : appList.length === 0 ? (
          <>
            <ErrorAlert error={apps.error} />
            <EmptyState>{t('appPasswords.noApps')}</EmptyState>
          </>
        ) : (
          <CreateForm
            apps={appList}
            onCreated={(name, password) => {
              setCreated({ name, password });
              void refresh();
            }}
          />
        )}
      </Card>
      <Card title={t('appPasswords.list')}>
        {passwords.isPending ? <Loading /> : null}
        <ErrorAlert error={passwords.error ?? remove.error} />
        {!passwords.isPending && !passwords.error && items.length === 0 ? <EmptyState>{t('appPasswords.none')}</EmptyState> : null}
        <ul className="item-list">
          {items.map((item) => (
            <li key={item.id} className="item">
              <div className="item-main">
                <p className="item-title">{item.name}</p>
                <dl className="meta">
                  <div>
                    <dt>{t('appPasswords.app')}</dt>
                    <dd>{appName(item)}</dd>
                  </div>
                  <div>
                    <dt>{t('tokens.created')}</dt>
                    <dd>
                      <Time value={item.createdAt} />
                    </dd>
                  </div>
                  <div>
                    <dt>{t('tokens.lastUsed')}</dt>
                    <dd>{item.lastUsedAt ? <Time value={item.lastUsedAt} relative /> : t('tokens.never')}</dd>
                  </div>
                </dl>
              </div>
              <div className="item-actions">
                <button
                  type="button"
                  className="btn btn-small btn-danger-outline"
                  disabled={remove.isPending}
                  onClick={async () => {
                    const ok = await confirm({
                      title: t('appPasswords.deleteTitle'),
                      message: t('appPasswords.deleteText', { name: item.name, app: appName(item) }),
                      confirmLabel: t('common.delete'),
                      danger: true,
                    });
                    if (ok) remove.mutate(item.id);
                  }}
                >
                  {t('common.delete')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}

function CreateForm({ apps, onCreated }: { apps: App[]; onCreated: (name: string, password: string) => void }) {
  const { t } = useTranslation();
  const withReauth = useReauth();
  const [name, setName] = useState('');
  const [appId, setAppId] = useState(apps[0]?.id ?? '');
  const create = useMutation({
    mutationFn: () => withReauth(() => api.post<{ id: string; password: string }>('/app-passwords', { name: name.trim(), appId })),
    onSuccess: (result) => {
      onCreated(name.trim(), result.password);
      setName('');
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() !== '' && appId !== '') create.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <SelectField label={t('appPasswords.app')} value={appId} onChange={(event) => setAppId(event.target.value)} name="app">
        {apps.map((app) => (
          <option key={app.id} value={app.id}>
            {app.name}
          </option>
        ))}
      </SelectField>
      <TextField label={t('appPasswords.name')} hint={t('appPasswords.nameHint')} value={name} onChange={(event) => setName(event.target.value)} required maxLength={100} name="app-password-name" />
      <ErrorAlert error={create.error} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={create.isPending || name.trim() === '' || appId === ''}>
          {t('appPasswords.createButton')}
        </button>
      </div>
    </form>
  );
}
