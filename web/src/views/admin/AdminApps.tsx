import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { keys } from '../../api/queries';
import type { App, Page } from '../../api/types';
import { useConfirm } from '../../components/dialogs';
import { Card, EmptyState, ErrorAlert, Loading, OneTimeSecret, TextField } from '../../components/ui';
import { Time } from '../../lib/dates';

const APPS_KEY = ['admin', 'apps'] as const;

/** Registered apps (mail, files…) that verify users by app password; their secrets are shown once. */
export function AdminApps() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const confirm = useConfirm();
  const apps = useQuery({ queryKey: APPS_KEY, queryFn: () => api.get<Page<App>>('/admin/apps?limit=100') });
  const [secret, setSecret] = useState<{ name: string; id: string; secret: string } | null>(null);
  const refresh = () => {
    void client.invalidateQueries({ queryKey: APPS_KEY });
    void client.invalidateQueries({ queryKey: keys.apps });
  };
  const rotate = useMutation({
    mutationFn: (app: App) => api.post<{ secret: string }>(`/admin/apps/${encodeURIComponent(app.id)}/secret`).then((result) => ({ ...result, app })),
    onSuccess: (result) => setSecret({ name: result.app.name, id: result.app.id, secret: result.secret }),
  });
  const remove = useMutation({ mutationFn: (id: string) => api.delete(`/admin/apps/${encodeURIComponent(id)}`), onSuccess: refresh });
  const items = apps.data?.items ?? [];

  return (
    <>
      <Card title={t('admin.apps.register')}>
        {secret ? (
          <OneTimeSecret title={t('admin.apps.secretTitle', { name: secret.name })} value={secret.secret} onDone={() => setSecret(null)} testId="app-secret" />
        ) : (
          <RegisterForm
            onCreated={(name, id, value) => {
              setSecret({ name, id, secret: value });
              refresh();
            }}
          />
        )}
        {secret ? (
          <p className="hint">
            {t('admin.apps.appId')}: <code>{secret.id}</code>
          </p>
        ) : null}
      </Card>
      <Card title={t('admin.apps.title')}>
        {apps.isPending ? <Loading /> : null}
        <ErrorAlert error={apps.error ?? rotate.error ?? remove.error} />
        {!apps.isPending && !apps.error && items.length === 0 ? <EmptyState>{t('admin.apps.none')}</EmptyState> : null}
        <ul className="item-list">
          {items.map((app) => (
            <li key={app.id} className="item">
              <div className="item-main">
                <p className="item-title">{app.name}</p>
                <dl className="meta">
                  <div>
                    <dt>{t('admin.apps.appId')}</dt>
                    <dd>
                      <code>{app.id}</code>
                    </dd>
                  </div>
                  {app.url ? (
                    <div>
                      <dt>{t('admin.apps.url')}</dt>
                      <dd>{app.url}</dd>
                    </div>
                  ) : null}
                  {app.createdAt ? (
                    <div>
                      <dt>{t('tokens.created')}</dt>
                      <dd>
                        <Time value={app.createdAt} />
                      </dd>
                    </div>
                  ) : null}
                </dl>
              </div>
              <div className="item-actions">
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={async () => {
                    const ok = await confirm({ title: t('admin.apps.rotateTitle'), message: t('admin.apps.rotateText', { name: app.name }), confirmLabel: t('admin.apps.rotate'), danger: true });
                    if (ok) rotate.mutate(app);
                  }}
                >
                  {t('admin.apps.rotate')}
                </button>
                <button
                  type="button"
                  className="btn btn-small btn-danger-outline"
                  onClick={async () => {
                    const ok = await confirm({ title: t('admin.apps.deleteTitle'), message: t('admin.apps.deleteText', { name: app.name }), confirmLabel: t('common.delete'), danger: true });
                    if (ok) remove.mutate(app.id);
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

function RegisterForm({ onCreated }: { onCreated: (name: string, id: string, secret: string) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const create = useMutation({
    mutationFn: () => api.post<{ id: string; secret: string }>('/admin/apps', url.trim() ? { name: name.trim(), url: url.trim() } : { name: name.trim() }),
    onSuccess: (result) => {
      onCreated(name.trim(), result.id, result.secret);
      setName('');
      setUrl('');
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) create.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <TextField label={t('admin.apps.name')} value={name} onChange={(event) => setName(event.target.value)} required name="app-name" />
      <TextField label={t('admin.apps.url')} hint={t('admin.apps.urlHint')} type="url" value={url} onChange={(event) => setUrl(event.target.value)} name="app-url" />
      <ErrorAlert error={create.error} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={!name.trim() || create.isPending}>
          {t('admin.apps.registerButton')}
        </button>
      </div>
    </form>
  );
}
