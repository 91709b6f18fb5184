import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { required, tooLong, useFieldErrors } from '../../lib/field-errors';
import { useCreateToken, useRevokeToken, useTokenPolicy, useTokens } from '../../api/tokens';
import type { NewToken, TokenScope } from '../../api/types';
import { ConfirmButton, ItemRow, ResourceList } from '../../components/lists';
import { Badge, Card, ErrorAlert, Notice, OneTimeSecret, PageHeader, TextField } from '../../components/ui';
import { LastUsed, Time } from '../../lib/dates';
import { dayIn, daysFromToday, endOfDayIn } from '../../lib/zoned-days';
import { useMe } from '../../api/profile';

/** The lifetimes offered in one click (GitHub's are alike), in days; "none" is the last choice. */
const PRESET_DAYS = [7, 30, 90] as const;

export function TokensView() {
  const { t } = useTranslation();
  const tokens = useTokens();
  const revoke = useRevokeToken();
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);

  return (
    <>
      <PageHeader title={t('tokens.title')} description={t('tokens.description')} />
      <Card title={t('tokens.create')}>
        {created ? (
          <OneTimeSecret title={t('tokens.createdTitle', { name: created.name })} value={created.token} testId="new-token" onDone={() => setCreated(null)} />
        ) : (
          <CreateTokenForm onCreated={(name, token) => setCreated({ name, token })} />
        )}
      </Card>
      <Card title={t('tokens.list')}>
        <ResourceList list={tokens} error={revoke.error} empty={t('tokens.none')} testId="token-list">
          {(token) => (
            <ItemRow
              key={token.id}
              title={
                <>
                  {token.name} <Badge kind={token.scope === 'readonly' ? 'info' : 'warning'}>{t(`tokens.scopes.${token.scope}`)}</Badge>{' '}
                  {token.expired ? <Badge kind="danger">{t('tokens.expired')}</Badge> : null}
                </>
              }
              meta={[
                [t('tokens.prefix'), <code>{token.prefix}…</code>],
                [t('tokens.created'), <Time value={token.createdAt} />],
                [t('tokens.lastUsed'), <LastUsed at={token.lastUsedAt} ip={token.lastUsedIp} />],
                [t('tokens.expires'), token.expiresAt ? <Time value={token.expiresAt} /> : t('tokens.noExpiry')],
              ]}
              actions={
                <ConfirmButton
                  label={t('tokens.revoke')}
                  ariaLabel={t('tokens.revokeNamed', { name: token.name })}
                  title={t('tokens.revokeTitle')}
                  message={t('tokens.revokeText', { name: token.name })}
                  disabled={revoke.isPending}
                  onConfirm={() => revoke.mutate(token.id)}
                />
              }
            />
          )}
        </ResourceList>
      </Card>
    </>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: (name: string, token: string) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [scope, setScope] = useState<TokenScope>('readonly');
  const [expires, setExpires] = useState('');
  const create = useCreateToken();
  const form = useFieldErrors(create.error, ['name', 'expiresAt']);
  const policy = useTokenPolicy().data;
  // days are the user's chosen zone's, as every date shown (lib/zoned-days.ts)
  const zone = useMe().timezone;
  const inDays = (days: number) => daysFromToday(days, zone);
  // With a lifetime cap, no day after the latest expiry the server accepts (its last day included).
  const latest = policy?.latestExpiresAt ? new Date(policy.latestExpiresAt) : null;
  const end = endOfDayIn(expires, zone);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!form.check({ name: required(name) ?? tooLong(name, 100) })) return;
    const body: NewToken = { name: name.trim(), scope };
    // The end of the chosen day in the user's zone; on the cap's last day, the cap itself
    // (a later day typed in goes as it is: the server says what the cap is).
    if (end) body.expiresAt = (latest && expires === dayIn(latest, zone) && end > latest ? latest : end).toISOString();
    create.mutate(body, {
      onSuccess: (result) => {
        onCreated(result.name, result.token);
        setName('');
        setExpires('');
      },
    });
  };
  return (
    <form ref={form.ref} onSubmit={submit} noValidate>
      <TextField
        label={t('tokens.name')}
        hint={t('tokens.nameHint')}
        value={name}
        onChange={(event) => setName(event.target.value)}
        error={form.error('name')}
        required
        name="token-name"
      />
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
      <div className="expiry-presets" role="group" aria-label={t('tokens.presets')}>
        {PRESET_DAYS.filter((days) => !policy?.maxLifetimeDays || days <= policy.maxLifetimeDays).map((days) => (
          <button key={days} type="button" className="btn btn-small" aria-pressed={expires === inDays(days)} onClick={() => setExpires(inDays(days))}>
            {t('tokens.presetDays', { days })}
          </button>
        ))}
        {policy && !policy.maxLifetimeDays ? (
          <button type="button" className="btn btn-small" aria-pressed={expires === ''} onClick={() => setExpires('')}>
            {t('tokens.presetNone')}
          </button>
        ) : null}
      </div>
      <TextField
        label={t('tokens.expiry')}
        // no hint until the cap is known: "does not expire" may not be true here
        hint={policy === undefined ? undefined : policy.maxLifetimeDays ? t('rules.tokenExpiryCap', { days: policy.maxLifetimeDays }) : t('tokens.expiryHint')}
        type="date"
        min={inDays(1)}
        max={latest ? dayIn(latest, zone) : undefined}
        value={expires}
        onChange={(event) => setExpires(event.target.value)}
        error={form.error('expiresAt')}
        name="token-expiry"
      />
      {end ? (
        <p className="hint" data-testid="token-expiry-preview">
          {t('tokens.expiresOn')} <Time value={end.toISOString()} />
        </p>
      ) : policy && !policy.maxLifetimeDays ? (
        <Notice kind="warning">{t('tokens.noExpiryWarning')}</Notice>
      ) : null}
      <ErrorAlert error={form.rest} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          {t('tokens.createButton')}
        </button>
      </div>
    </form>
  );
}
