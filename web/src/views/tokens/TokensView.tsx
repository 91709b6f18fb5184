import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { keys } from '../../api/queries';
import type { ApiToken, Page } from '../../api/types';
import { useConfirm, useReauth } from '../../components/dialogs';
import { Badge, Card, EmptyState, ErrorAlert, Loading, OneTimeSecret, PageHeader, TextField } from '../../components/ui';
import { Time } from '../../lib/dates';

/** yyyy-mm-dd of a date in the browser's zone, for the date input's lower bound. */
const isoDay = (date: Date) => `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

export function TokensView() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const confirm = useConfirm();
  const withReauth = useReauth();
  const tokens = useQuery({ queryKey: keys.tokens, queryFn: () => api.get<Page<ApiToken>>('/tokens?limit=100') });
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: keys.tokens });
  const revoke = useMutation({ mutationFn: (id: string) => withReauth(() => api.delete(`/tokens/${encodeURIComponent(id)}`)), onSettled: refresh });
  const items = tokens.data?.items ?? [];

  return (
    <>
      <PageHeader title={t('tokens.title')} description={t('tokens.description')} />
      <Card title={t('tokens.create')}>
        {created ? (
          <OneTimeSecret title={t('tokens.createdTitle', { name: created.name })} value={created.token} testId="new-token" onDone={() => setCreated(null)} />
        ) : (
          <CreateTokenForm
            onCreated={(name, token) => {
              setCreated({ name, token });
              void refresh();
            }}
          />
        )}
      </Card>
      <Card title={t('tokens.list')}>
        {tokens.isPending ? <Loading /> : null}
        <ErrorAlert error={tokens.error ?? revoke.error} />
        {!tokens.isPending && !tokens.error && items.length === 0 ? <EmptyState>{t('tokens.none')}</EmptyState> : null}
        <ul className="item-list" data-testid="token-list">
          {items.map((token) => (
            <li key={token.id} className="item">
              <div className="item-main">
                <p className="item-title">
                  {token.name} <Badge kind={token.scope === 'readonly' ? 'info' : 'warning'}>{t(`tokens.scopes.${token.scope}`)}</Badge>{' '}
                  {token.expired ? <Badge kind="danger">{t('tokens.expired')}</Badge> : null}
                </p>
                <dl className="meta">
                  <div>
                    <dt>{t('tokens.prefix')}</dt>
                    <dd>
                      <code>{token.prefix}…</code>
                    </dd>
                  </div>
                  <div>
                    <dt>{t('tokens.created')}</dt>
                    <dd>
                      <Time value={token.createdAt} />
                    </dd>
                  </div>
                  <div>
                    <dt>{t('tokens.lastUsed')}</dt>
                    <dd>
                      {token.lastUsedAt ? (
                        <>
                          <Time value={token.lastUsedAt} relative />
                          {token.lastUsedIp ? ` · ${token.lastUsedIp}` : ''}
                        </>
                      ) : (
                        t('tokens.never')
                      )}
                    </dd>
                  </div>
                  <div>
                    <dt>{t('tokens.expires')}</dt>
                    <dd>{token.expiresAt ? <Time value={token.expiresAt} /> : t('tokens.noExpiry')}</dd>
                  </div>
                </dl>
              </div>
              <div className="item-actions">
                <button
                  type="button"
                  className="btn btn-small btn-danger-outline"
                  disabled={revoke.isPending}
                  onClick={async () => {
                    const ok = await confirm({
                      title: t('tokens.revokeTitle'),
                      message: t('tokens.revokeText', { name: token.name }),
                      confirmLabel: t('tokens.revoke'),
                      danger: true,
                    });
                    if (ok) revoke.mutate(token.id);
                  }}
                >
                  {t('tokens.revoke')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: (name: string, token: string) => void }) {
  const { t } = useTranslation();
  const withReauth = useReauth();
  const [name, setName] = useState('');
  const [scope, setScope] = useState<'readonly' | 'readwrite'>('readonly');
  const [expires, setExpires] = useState('');
  const create = useMutation({
    mutationFn: () => {
      const body: Record<string, string> = { name: name.trim(), scope };
      // The end of the chosen day, in the browser's zone.
      if (expires !== '') body.expiresAt = new Date(`${expires}T23:59:59`).toISOString();
      return withReauth(() => api.post<{ id: string; token: string }>('/tokens', body));
    },
    onSuccess: (result) => {
      onCreated(name.trim(), result.token);
      setName('');
      setExpires('');
    },
  });
  const tomorrow = new Date();
  tomorrow.setDate(tomorrow.getDate() + 1);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() !== '') create.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <TextField label={t('tokens.name')} hint={t('tokens.nameHint')} value={name} onChange={(event) => setName(event.target.value)} required maxLength={100} name="token-name" />
      <fieldset className="field radio-group">
        <legend>{t('tokens.scope')}</legend>
        <label className="radio">
          <input type="radio" name="scope" value="readonly" checked={scope === 'readonly'} onChange={() => setScope('readonly')} />
          <span>
            <strong>{t('tokens.scopes.readonly')}</strong> <span className="hint">{t('tokens.readonlyHelp')}</span>
          </span>
        </label>
        <label className="radio">
          <input type="radio" name="scope" value="readwrite" checked={scope === 'readwrite'} onChange={() => setScope('readwrite')} />
          <span>
            <strong>{t('tokens.scopes.readwrite')}</strong> <span className="hint">{t('tokens.readwriteHelp')}</span>
          </span>
        </label>
      </fieldset>
      <TextField label={t('tokens.expiry')} hint={t('tokens.expiryHint')} type="date" min={isoDay(tomorrow)} value={expires} onChange={(event) => setExpires(event.target.value)} name="token-expiry" />
      <ErrorAlert error={create.error} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={create.isPending || name.trim() === ''}>
          {t('tokens.createButton')}
        </button>
      </div>
    </form>
  );
}
