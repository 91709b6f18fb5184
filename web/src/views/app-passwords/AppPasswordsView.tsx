import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppPasswords, useApps, useCreateAppPassword, useDeleteAppPassword } from '../../api/app-passwords';
import type { App } from '../../api/types';
import { ConfirmButton, ItemRow, ResourceList } from '../../components/lists';
import { Card, EmptyState, ErrorAlert, Loading, OneTimeSecret, PageHeader, SelectField, TextField } from '../../components/ui';
import { LastUsed, Time } from '../../lib/dates';
import { required, tooLong, useFieldErrors } from '../../lib/field-errors';

export function AppPasswordsView() {
  const { t } = useTranslation();
  const apps = useApps();
  const passwords = useAppPasswords();
  const remove = useDeleteAppPassword();
  const [created, setCreated] = useState<{ name: string; password: string } | null>(null);
  const appList = apps.data ?? [];

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
          <CreateForm apps={appList} onCreated={(name, password) => setCreated({ name, password })} />
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

function CreateForm({ apps, onCreated }: { apps: App[]; onCreated: (name: string, password: string) => void }) {
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
          onCreated(name.trim(), result.password);
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
