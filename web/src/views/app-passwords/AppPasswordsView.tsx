import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppPasswords, useApps, useCreateAppPassword, useDeleteAppPassword } from '../../api/app-passwords';
import type { App } from '../../api/types';
import { LoadFailed } from '../../components/LoadFailed';
import { ConfirmButton, ItemRow, ResourceList } from '../../components/lists';
import { useMe } from '../../api/profile';
import { Card, CopyButton, EmptyState, ErrorAlert, Loading, OneTimeSecret, PageHeader, SelectField, TextField } from '../../components/ui';
import { LastUsed, Time } from '../../lib/dates';
import { required, tooLong, useFieldErrors } from '../../lib/field-errors';

export function AppPasswordsView() {
  const { t } = useTranslation();
  const apps = useApps();
  const passwords = useAppPasswords();
  const remove = useDeleteAppPassword();
  const [created, setCreated] = useState<{ name: string; password: string; app: App | undefined } | null>(null);
  const appList = apps.data ?? [];

  return (
    <>
      <PageHeader title={t('appPasswords.title')} description={t('appPasswords.description')} />
      <Card title={t('appPasswords.create')}>
        {created ? (
          <OneTimeSecret title={t('appPasswords.createdTitle', { name: created.name })} value={created.password} testId="new-app-password" onDone={() => setCreated(null)}>
            <SetupCard app={created.app} />
          </OneTimeSecret>
        ) : apps.isPending ? (
          <Loading />
        ) : appList.length === 0 ? (
          // a failed load says so, not "no apps"
          apps.error ? <LoadFailed error={apps.error} retry={() => void apps.refetch()} /> : <EmptyState>{t('appPasswords.noApps')}</EmptyState>
        ) : (
          <CreateForm apps={appList} onCreated={(name, password, appId) => setCreated({ name, password, app: appList.find((app) => app.id === appId) })} />
        )}
      </Card>
      <Card title={t('appPasswords.list')}>
        <ResourceList list={passwords} error={remove.error} empty={t('appPasswords.none')} testId="app-password-list">
          {(item) => (
            <ItemRow
              key={item.id}
              title={item.name}
              meta={[
                [t('appPasswords.app'), item.appName],
                [t('tokens.created'), <Time value={item.createdAt} />],
                [t('tokens.lastUsed'), <LastUsed at={item.lastUsedAt} ip={item.lastUsedIp} />],
              ]}
              actions={
                <ConfirmButton
                  label={t('common.delete')}
                  ariaLabel={t('appPasswords.deleteNamed', { name: item.name })}
                  title={t('appPasswords.deleteTitle')}
                  message={t('appPasswords.deleteText', { name: item.name, app: item.appName })}
                  disabled={remove.isPending}
                  onConfirm={() => remove.mutate(item.id)}
                />
              }
            />
          )}
        </ResourceList>
      </Card>
    </>
  );
}

/** What to type where, after creating an app password: the username (not the email), the app's address, hints. */
function SetupCard({ app }: { app: App | undefined }) {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <section className="setup-card" aria-labelledby="app-password-setup" data-testid="app-password-setup">
      <h3 id="app-password-setup">{t('appPasswords.setup.title', { app: app?.name ?? '' })}</h3>
      <dl className="meta">
        <div>
          <dt>{t('appPasswords.setup.username')}</dt>
          <dd>
            <code data-testid="setup-username">{me.username}</code> <CopyButton text={me.username} />
          </dd>
        </div>
        <div>
          <dt>{t('appPasswords.setup.address')}</dt>
          <dd data-testid="setup-address">{app?.url ? <a href={app.url}>{app.url}</a> : t('appPasswords.setup.noAddress')}</dd>
        </div>
      </dl>
      <ul className="hints">
        <li>{t('appPasswords.setup.useUsername')}</li>
        <li>{t('appPasswords.setup.onlyThisApp', { app: app?.name ?? '' })}</li>
        <li>{t('appPasswords.setup.lost')}</li>
      </ul>
    </section>
  );
}

function CreateForm({ apps, onCreated }: { apps: App[]; onCreated: (name: string, password: string, appId: string) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [appId, setAppId] = useState(apps[0]?.id ?? '');
  const create = useCreateAppPassword();
  const form = useFieldErrors(create.error, ['appId', 'name']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!form.check({ appId: required(appId), name: required(name) ?? tooLong(name, 100) })) return;
    create.mutate(
      { name: name.trim(), appId },
      {
        onSuccess: (result) => {
          onCreated(name.trim(), result.password, appId);
          setName('');
        },
      },
    );
  };
  return (
    <form ref={form.ref} onSubmit={submit} noValidate>
      <SelectField label={t('appPasswords.app')} value={appId} onChange={(event) => setAppId(event.target.value)} error={form.error('appId')} name="app">
        {apps.map((app) => (
          <option key={app.id} value={app.id}>
            {app.name}
          </option>
        ))}
      </SelectField>
      <TextField
        label={t('appPasswords.name')}
        hint={t('appPasswords.nameHint')}
        value={name}
        onChange={(event) => setName(event.target.value)}
        error={form.error('name')}
        required
        name="app-password-name"
      />
      <ErrorAlert error={form.rest} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          {t('appPasswords.createButton')}
        </button>
      </div>
    </form>
  );
}
