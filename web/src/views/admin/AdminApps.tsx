import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAllAccounts, useGroupsOf } from '../../api/admin-accounts';
import { useAdminApps, useDeleteApp, useRegisterApp, useRotateAppSecret, useUpdateApp } from '../../api/admin-apps';
import type { AdminApp, AppConsent, CreatedApp } from '../../api/types';
import { Modal } from '../../components/dialogs';
import { ConfirmButton, ItemRow, ResourceList } from '../../components/lists';
import { Badge, Card, CheckboxField, CopyButton, ErrorAlert, Loading, OneTimeSecret, TextAreaField, TextField } from '../../components/ui';
import { Time } from '../../lib/dates';
import { type FieldIssue, required, tooLong, useFieldErrors } from '../../lib/field-errors';

/**
 * Registered apps: they verify users by app password, and with redirect URIs they sign users in
 * by OpenID Connect (client_id = the app id, client secret = the app secret). Secrets are shown once.
 */
export function AdminApps() {
  const { t } = useTranslation();
  const apps = useAdminApps();
  const rotate = useRotateAppSecret();
  const remove = useDeleteApp();
  const [secret, setSecret] = useState<{ name: string; id: string; secret: string; oidc: boolean } | null>(null);
  const [editingId, setEditingId] = useState<string | null>(null);
  const editing = apps.items.find((app) => app.id === editingId) ?? null;
  const show = (app: CreatedApp) => setSecret({ name: app.name, id: app.id, secret: app.secret, oidc: app.redirectUris.length > 0 });

  return (
    <>
      <Card title={t('admin.apps.register')}>
        {secret ? (
          <OneTimeSecret title={t('admin.apps.secretTitle', { name: secret.name })} value={secret.secret} onDone={() => setSecret(null)} testId="app-secret" />
        ) : (
          <AppForm onCreated={show} />
        )}
        {secret ? (
          <>
            <p className="hint">
              {t('admin.apps.appId')}: <code data-testid="app-id">{secret.id}</code>
            </p>
            {secret.oidc ? (
              <p className="hint">
                {t('admin.apps.oidc.discovery')}: <code>{discoveryUrl()}</code>
              </p>
            ) : null}
          </>
        ) : null}
      </Card>
      <Card title={t('admin.apps.title')}>
        <ResourceList list={apps} error={rotate.error ?? remove.error} empty={t('admin.apps.none')} testId="admin-apps">
          {(app) => (
            <ItemRow
              key={app.id}
              title={
                <>
                  {app.name} {app.redirectUris.length > 0 ? <Badge kind="info">{t('admin.apps.oidc.badge')}</Badge> : null}
                </>
              }
              meta={[
                [t('admin.apps.appId'), <code>{app.id}</code>],
                app.url ? [t('admin.apps.url'), app.url] : null,
                app.redirectUris.length > 0 ? [t('admin.apps.oidc.clientType'), app.confidential ? t('admin.apps.oidc.confidentialShort') : t('admin.apps.oidc.publicShort')] : null,
                app.redirectUris.length > 0 ? [t('admin.apps.oidc.accessShort'), accessSummary(t, app)] : null,
                [t('tokens.created'), <Time value={app.createdAt} />],
              ]}
              actions={
                <>
                  <button type="button" className="btn btn-small" onClick={() => setEditingId(app.id)} aria-label={t('admin.apps.editNamed', { name: app.name })}>
                    {t('common.edit')}
                  </button>
                  <ConfirmButton
                    label={t('admin.apps.rotate')}
                    ariaLabel={t('admin.apps.rotateNamed', { name: app.name })}
                    title={t('admin.apps.rotateTitle')}
                    message={t('admin.apps.rotateText', { name: app.name })}
                    disabled={rotate.isPending}
                    onConfirm={() => rotate.mutate(app.id, { onSuccess: show })}
                  />
                  <ConfirmButton
                    label={t('common.delete')}
                    ariaLabel={t('admin.apps.deleteNamed', { name: app.name })}
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
      <Modal open={editing !== null} onClose={() => setEditingId(null)} title={editing ? t('admin.apps.editTitle', { name: editing.name }) : ''}>
        {editing ? (
          <div className="modal-body modal-wide">
            <AppForm app={editing} onClose={() => setEditingId(null)} />
          </div>
        ) : null}
      </Modal>
    </>
  );
}

/** The discovery document apps configure themselves from (issuer = this dashboard's origin). */
const discoveryUrl = () => `${window.location.origin}/.well-known/openid-configuration`;

function accessSummary(t: TFunction, app: AdminApp): string {
  const { accounts, groups } = app.access;
  if (accounts.length === 0 && groups.length === 0) return t('admin.apps.oidc.everyone');
  return t('admin.apps.oidc.restricted', { accounts: accounts.length, groups: groups.length });
}

/** One URI a line; blank lines and surrounding spaces do not count. */
const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The first URI the server would refuse (its rule, src/features/apps/oidc-settings.ts): absolute,
 * https — http only on a loopback host —, no fragment, no credentials. Checked here only to name
 * the line; the server decides (400 invalid_redirect_uri).
 */
function firstBadUri(uris: string[]): string | null {
  for (const value of uris) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return value;
    }
    const schemeOk = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
    if (!schemeOk || value.includes('#') || url.username || url.password) return value;
  }
  return null;
}

/** Register (no `app`) or edit an app: name and address, and its single sign-on settings. */
function AppForm({ app, onCreated, onClose }: { app?: AdminApp; onCreated?: (app: CreatedApp) => void; onClose?: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(app?.name ?? '');
  const [url, setUrl] = useState(app?.url ?? '');
  const [redirects, setRedirects] = useState((app?.redirectUris ?? []).join('\n'));
  const [logoutRedirects, setLogoutRedirects] = useState((app?.postLogoutRedirectUris ?? []).join('\n'));
  const [backchannel, setBackchannel] = useState(app?.backchannelLogoutUri ?? '');
  const [confidential, setConfidential] = useState(app?.confidential ?? true);
  const [consent, setConsent] = useState<AppConsent>(app?.consent ?? 'required');
  const [accounts, setAccounts] = useState<string[]>(app?.access.accounts ?? []);
  const [groups, setGroups] = useState<string[]>(app?.access.groups ?? []);
  const create = useRegisterApp();
  const update = useUpdateApp(app?.id ?? '');
  const save = app ? update : create;
  const form = useFieldErrors(save.error, ['name', 'url', 'redirectUris', 'postLogoutRedirectUris', 'backchannelLogoutUri', 'confidential']);
  const uriIssue = (bad: string | null): FieldIssue | null => (bad ? { code: 'invalid_redirect_uri', key: 'admin.apps.oidc.badUri', values: { uri: bad } } : null);

  const reset = () => {
    setName('');
    setUrl('');
    setRedirects('');
    setLogoutRedirects('');
    setBackchannel('');
    setConfidential(true);
    setConsent('required');
    setAccounts([]);
    setGroups([]);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checks = {
      name: required(name) ?? tooLong(name, 100),
      redirectUris: uriIssue(firstBadUri(lines(redirects))),
      postLogoutRedirectUris: uriIssue(firstBadUri(lines(logoutRedirects))),
      backchannelLogoutUri: uriIssue(backchannel.trim() ? firstBadUri([backchannel.trim()]) : null),
    };
    if (!form.check(checks)) return;
    const oidc = {
      redirectUris: lines(redirects),
      postLogoutRedirectUris: lines(logoutRedirects),
      backchannelLogoutUri: backchannel.trim() || null,
      confidential,
      consent,
      access: { accounts, groups },
    };
    if (app) {
      update.mutate({ name: name.trim(), url: url.trim() || null, ...oidc }, { onSuccess: () => onClose?.() });
    } else {
      create.mutate(
        { name: name.trim(), ...(url.trim() ? { url: url.trim() } : {}), ...oidc },
        {
          onSuccess: (created) => {
            onCreated?.(created);
            reset();
          },
        },
      );
    }
  };

  return (
    <form ref={form.ref} onSubmit={submit} noValidate>
      <TextField label={t('admin.apps.name')} value={name} onChange={(event) => setName(event.target.value)} error={form.error('name')} required name="app-name" autoFocus={Boolean(app)} />
      <TextField label={t('admin.apps.url')} hint={t('admin.apps.urlHint')} type="url" value={url} onChange={(event) => setUrl(event.target.value)} error={form.error('url')} name="app-url" />

      <fieldset className="form-section">
        <legend>{t('admin.apps.oidc.title')}</legend>
        <p className="hint form-section-intro">{t('admin.apps.oidc.intro')}</p>
        <dl className="meta oidc-ids">
          <div>
            <dt>{t('admin.apps.oidc.clientId')}</dt>
            <dd>{app ? <code data-testid="client-id">{app.id}</code> : <span className="muted">{t('admin.apps.oidc.clientIdLater')}</span>}</dd>
          </div>
          <div>
            <dt>{t('admin.apps.oidc.discovery')}</dt>
            <dd className="oidc-discovery">
              <code>{discoveryUrl()}</code> <CopyButton text={discoveryUrl()} />
            </dd>
          </div>
        </dl>
        <TextAreaField
          label={t('admin.apps.oidc.redirectUris')}
          hint={t('admin.apps.oidc.redirectUrisHint')}
          value={redirects}
          onChange={(event) => setRedirects(event.target.value)}
          error={form.error('redirectUris')}
          rows={3}
          wrap="off"
          spellCheck={false}
          autoCapitalize="none"
          name="app-redirect-uris"
        />
        <TextAreaField
          label={t('admin.apps.oidc.postLogoutUris')}
          hint={t('admin.apps.oidc.postLogoutUrisHint')}
          value={logoutRedirects}
          onChange={(event) => setLogoutRedirects(event.target.value)}
          error={form.error('postLogoutRedirectUris')}
          rows={2}
          wrap="off"
          spellCheck={false}
          autoCapitalize="none"
          name="app-post-logout-uris"
        />
        <TextField
          label={t('admin.apps.oidc.backchannel')}
          hint={t('admin.apps.oidc.backchannelHint')}
          type="url"
          value={backchannel}
          onChange={(event) => setBackchannel(event.target.value)}
          error={form.error('backchannelLogoutUri')}
          spellCheck={false}
          autoCapitalize="none"
          name="app-backchannel-uri"
        />
        <CheckboxField
          label={t('admin.apps.oidc.confidential')}
          hint={t('admin.apps.oidc.confidentialHint')}
          checked={confidential}
          onChange={(event) => setConfidential(event.target.checked)}
          error={form.error('confidential')}
          name="app-confidential"
        />
        <fieldset className="field radio-group">
          <legend>{t('admin.apps.oidc.consent')}</legend>
          {(['required', 'implicit'] as const).map((value) => (
            <label className="radio" key={value}>
              <input type="radio" name="app-consent" value={value} checked={consent === value} onChange={() => setConsent(value)} />
              <span>
                <strong>{t(`admin.apps.oidc.consentOptions.${value}`)}</strong> <span className="hint">{t(`admin.apps.oidc.consentHelp.${value}`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <AccessPicker accounts={accounts} groups={groups} onAccounts={setAccounts} onGroups={setGroups} />
      </fieldset>

      <ErrorAlert error={form.rest} />
      <div className="form-actions">
        {onClose ? (
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
        ) : null}
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {app ? t('common.save') : t('admin.apps.registerButton')}
        </button>
      </div>
    </form>
  );
}

/**
 * Who may sign in to the app: the members of the ticked accounts, and of the ticked groups (each
 * listed under its account; a ticked account covers all its groups). Nothing ticked: everyone.
 */
function AccessPicker({
  accounts: selectedAccounts,
  groups: selectedGroups,
  onAccounts,
  onGroups,
}: {
  accounts: string[];
  groups: string[];
  onAccounts: (ids: string[]) => void;
  onGroups: (ids: string[]) => void;
}) {
  const { t } = useTranslation();
  const accounts = useAllAccounts();
  const groupsOf = useGroupsOf((accounts.data ?? []).map((account) => account.id));
  const toggle = (selected: string[], change: (ids: string[]) => void, id: string, on: boolean) => change(on ? [...selected, id] : selected.filter((other) => other !== id));
  const knownAccounts = new Set((accounts.data ?? []).map((account) => account.id));
  const groupsLoaded = accounts.data !== undefined && groupsOf.every((query) => query.data !== undefined);
  const knownGroups = new Set(groupsOf.flatMap((query) => (query.data?.items ?? []).map((group) => group.id)));
  // An account or group deleted since the rule was set stays in it until unticked (it matches nobody).
  const unknownAccounts = accounts.data ? selectedAccounts.filter((id) => !knownAccounts.has(id)) : [];
  const unknownGroups = groupsLoaded ? selectedGroups.filter((id) => !knownGroups.has(id)) : [];
  const nothing = selectedAccounts.length === 0 && selectedGroups.length === 0;
  return (
    <fieldset className="field">
      <legend>{t('admin.apps.oidc.access')}</legend>
      {accounts.isPending ? <Loading /> : null}
      <ErrorAlert error={accounts.error ?? groupsOf.find((query) => query.error)?.error ?? null} />
      {accounts.data && accounts.data.length === 0 && unknownAccounts.length === 0 && unknownGroups.length === 0 ? (
        <p className="hint form-section-intro">{t('admin.apps.oidc.noAccounts')}</p>
      ) : (
        <p className="hint form-section-intro">{nothing ? t('admin.apps.oidc.accessEveryone') : t('admin.apps.oidc.accessMembers')}</p>
      )}
      {accounts.data && (accounts.data.length > 0 || unknownAccounts.length > 0 || unknownGroups.length > 0) ? (
        <div className="check-list" data-testid="app-access-accounts">
          {accounts.data.map((account, i) => {
            const whole = selectedAccounts.includes(account.id);
            const groups = groupsOf[i]?.data?.items ?? [];
            return (
              <div key={account.id} className="access-account">
                <CheckboxField
                  label={account.name}
                  checked={whole}
                  onChange={(event) => toggle(selectedAccounts, onAccounts, account.id, event.target.checked)}
                  name="app-access-account"
                />
                {groups.length > 0 ? (
                  <div className="check-list access-groups" role="group" aria-label={t('admin.apps.oidc.groupsOf', { account: account.name })}>
                    {groups.map((group) => (
                      <CheckboxField
                        key={group.id}
                        label={group.name}
                        // a ticked account lets every group in; the group's own tick is kept for when it is unticked
                        checked={whole || selectedGroups.includes(group.id)}
                        disabled={whole}
                        onChange={(event) => toggle(selectedGroups, onGroups, group.id, event.target.checked)}
                        name="app-access-group"
                      />
                    ))}
                  </div>
                ) : null}
              </div>
            );
          })}
          {unknownAccounts.map((id) => (
            <CheckboxField key={id} label={t('admin.apps.oidc.deletedAccount', { id })} checked onChange={() => toggle(selectedAccounts, onAccounts, id, false)} name="app-access-account" />
          ))}
          {unknownGroups.map((id) => (
            <CheckboxField key={id} label={t('admin.apps.oidc.deletedGroup', { id })} checked onChange={() => toggle(selectedGroups, onGroups, id, false)} name="app-access-group" />
          ))}
        </div>
      ) : null}
    </fieldset>
  );
}
