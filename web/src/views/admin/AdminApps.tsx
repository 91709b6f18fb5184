import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAdminApps, useDeleteApp, useRegisterApp, useRotateAppSecret } from '../../api/admin-apps';
import { ConfirmButton, ItemRow, ResourceList } from '../../components/lists';
import { Card, ErrorAlert, OneTimeSecret, TextField } from '../../components/ui';
import { Time } from '../../lib/dates';

/** Registered apps (mail, files…) that verify users by app password; their secrets are shown once. */
export function AdminApps() {
  const { t } = useTranslation();
  const apps = useAdminApps();
  const rotate = useRotateAppSecret();
  const remove = useDeleteApp();
  const [secret, setSecret] = useState<{ name: string; id: string; secret: string } | null>(null);
  const show = (app: { name: string; id: string; secret: string }) => setSecret({ name: app.name, id: app.id, secret: app.secret });

  return (
    <>
      <Card title={t('admin.apps.register')}>
        {secret ? (
          <OneTimeSecret title={t('admin.apps.secretTitle', { name: secret.name })} value={secret.secret} onDone={() => setSecret(null)} testId="app-secret" />
        ) : (
          <RegisterForm onCreated={show} />
        )}
        {secret ? (
          <p className="hint">
            {t('admin.apps.appId')}: <code>{secret.id}</code>
          </p>
        ) : null}
      </Card>
      <Card title={t('admin.apps.title')}>
        <ResourceList list={apps} error={rotate.error ?? remove.error} empty={t('admin.apps.none')} testId="admin-apps">
          {(app) => (
            <ItemRow
              key={app.id}
              title={app.name}
              meta={[
                [t('admin.apps.appId'), <code>{app.id}</code>],
                app.url ? [t('admin.apps.url'), app.url] : null,
                [t('tokens.created'), <Time value={app.createdAt} />],
              ]}
              actions={
                <>
                  <ConfirmButton
                    label={t('admin.apps.rotate')}
                    title={t('admin.apps.rotateTitle')}
                    message={t('admin.apps.rotateText', { name: app.name })}
                    disabled={rotate.isPending}
                    onConfirm={() => rotate.mutate(app.id, { onSuccess: show })}
                  />
                  <ConfirmButton
                    label={t('common.delete')}
                    title={t('admin.apps.deleteTitle')}
                    message={t('admin.apps.deleteText', { name: app.name })}
                    disabled={remove.isPending}
                    onConfirm={() => remove.mutate(app.id)}
                  />
                </>
              }
            />
          )}
        </ResourceList>
      </Card>
    </>
  );
}

function RegisterForm({ onCreated }: { onCreated: (app: { name: string; id: string; secret: string }) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const create = useRegisterApp();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    create.mutate(url.trim() ? { name: name.trim(), url: url.trim() } : { name: name.trim() }, {
      onSuccess: (app) => {
        onCreated(app);
        setName('');
        setUrl('');
      },
    });
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
