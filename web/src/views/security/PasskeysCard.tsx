import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listOf } from '../../api/lists';
import { MAX_PASSKEYS, useAddPasskey, useDeletePasskey, usePasskeys, useRenamePasskey } from '../../api/passkeys';
import { useMe } from '../../api/profile';
import type { Passkey } from '../../api/types';
import { RenameRowForm, useInlineRename } from '../../components/InlineRename';
import { ConfirmButton, ItemRow, ResourceList } from '../../components/lists';
import { Badge, Card, ErrorAlert, Notice, TextField } from '../../components/ui';
import { Time } from '../../lib/dates';
import { tooLong, useFieldErrors } from '../../lib/field-errors';
import { passkeysSupported } from '../../lib/webauthn';
import { i18n } from '../../i18n';
import { lockReason } from '../profile/locks';

/** 1–64 characters, as the server allows. */
const NAME_MAX = 64;

/** "USB · NFC" for the authenticator's transports (WebAuthn names: usb, nfc, ble, internal, hybrid, smart-card). */
function transportNames(transports: string[]): string {
  return transports
    .map((transport) => {
      const key = `passkeys.transportNames.${transport.replace(/[^a-z0-9_]/gi, '_')}`;
      return i18n.exists(key) ? i18n.t(key) : transport;
    })
    .join(' · ');
}

/**
 * The Security view's passkeys: add one (optionally named), and the list with where each is
 * stored, whether it syncs, when it was added and last used, how it connects; rename, delete.
 */
export function PasskeysCard() {
  const { t } = useTranslation();
  const me = useMe();
  const passkeys = usePasskeys();
  const remove = useDeletePasskey();
  const list = listOf(passkeys);
  const count = passkeys.data ? passkeys.data.items.length : null;
  // "Passkey … added" until the next change to the list.
  const [added, setAdded] = useState<string | null>(null);

  let adding;
  if (!me.editable.twoFactor) {
    adding = <p className="hint lock-note">{lockReason(me, 'twoFactor') === 'directory' ? t('passkeys.directory') : t('profile.lockedByAdmin')}</p>;
  } else if (!passkeysSupported()) {
    adding = <Notice kind="warning">{t('passkeys.errors.unsupported')}</Notice>;
  } else {
    adding = <AddPasskeyForm count={count} added={added} onAdded={setAdded} />;
  }

  return (
    <Card title={t('passkeys.title')} description={t('passkeys.explain')} id="passkeys">
      <ResourceList list={list} error={remove.error} empty={t('passkeys.none')} testId="passkey-list">
        {(passkey) => (
          <PasskeyRow
            key={passkey.id}
            passkey={passkey}
            onEdit={() => setAdded(null)}
            onDelete={() => {
              setAdded(null);
              remove.mutate(passkey.id);
            }}
            deleting={remove.isPending}
          />
        )}
      </ResourceList>
      {count ? <p className="hint">{t('passkeys.secondStep')}</p> : null}
      <div className="passkey-add">{adding}</div>
    </Card>
  );
}

function AddPasskeyForm({ count, added, onAdded }: { count: number | null; added: string | null; onAdded: (name: string | null) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const add = useAddPasskey();
  const full = count !== null && count >= MAX_PASSKEYS;
  const form = useFieldErrors(add.error, ['name']);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (full || add.isPending || !form.check({ name: tooLong(name, NAME_MAX) })) return;
    onAdded(null);
    add.mutate(
      { name: name.trim() },
      {
        onSuccess: (passkey) => {
          setName('');
          onAdded(passkey.name);
        },
      },
    );
  };

  return (
    <form ref={form.ref} onSubmit={submit} noValidate>
      <TextField
        label={t('passkeys.name')}
        hint={t('passkeys.nameHint')}
        value={name}
        onChange={(event) => {
          setName(event.target.value);
          add.reset();
        }}
        error={form.error('name')}
        autoComplete="off"
        name="passkey-name"
        disabled={full}
      />
      {full ? <Notice kind="info">{t('passkeys.limit', { max: MAX_PASSKEYS })}</Notice> : null}
      <ErrorAlert error={form.rest} />
      {added !== null ? <Notice kind="success">{t('passkeys.added', { name: added })}</Notice> : null}
      <div className="form-actions form-actions-start">
        <button type="submit" className="btn btn-primary" disabled={add.isPending || full}>
          {add.isPending ? t('passkeys.adding') : t('passkeys.add')}
        </button>
      </div>
    </form>
  );
}

function SyncBadge({ passkey }: { passkey: Passkey }) {
  const { t } = useTranslation();
  if (passkey.backedUp) return <Badge kind="success">{t('passkeys.synced')}</Badge>;
  if (passkey.deviceType === 'multiDevice') return <Badge kind="warning">{t('passkeys.notSynced')}</Badge>;
  return <Badge>{t('passkeys.deviceBound')}</Badge>;
}

/** One passkey; "Rename" turns the row into a small form. Both actions name the passkey for screen readers. */
function PasskeyRow({ passkey, onEdit, onDelete, deleting }: { passkey: Passkey; onEdit: () => void; onDelete: () => void; deleting: boolean }) {
  const { t } = useTranslation();
  const renaming = useInlineRename();
  const rename = useRenamePasskey();

  if (renaming.editing) {
    return (
      <li className="item" data-testid="passkey-item">
        <RenameRowForm
          label={t('passkeys.renameLabel', { name: passkey.name })}
          current={passkey.name}
          maxLength={NAME_MAX}
          name="passkey-rename"
          pending={rename.isPending}
          error={rename.error}
          onSave={(name) => rename.mutate({ id: passkey.id, name }, { onSuccess: renaming.stop })}
          onClose={renaming.stop}
          onEdit={() => rename.reset()}
        />
      </li>
    );
  }

  const transports = transportNames(passkey.transports);
  return (
    <ItemRow
      testId="passkey-item"
      title={
        <>
          {passkey.name} <SyncBadge passkey={passkey} />
        </>
      }
      meta={[
        passkey.provider ? [t('passkeys.provider'), passkey.provider] : null,
        [t('passkeys.created'), <Time value={passkey.createdAt} />],
        [t('passkeys.lastUsed'), passkey.lastUsedAt ? <Time value={passkey.lastUsedAt} relative /> : t('passkeys.never')],
        transports ? [t('passkeys.transports'), transports] : null,
      ]}
      actions={
        <>
          <button
            ref={renaming.buttonRef}
            type="button"
            className="btn btn-small"
            aria-label={t('passkeys.renameNamed', { name: passkey.name })}
            onClick={() => {
              rename.reset();
              onEdit();
              renaming.start();
            }}
          >
            {t('passkeys.rename')}
          </button>
          <ConfirmButton
            label={t('common.delete')}
            ariaLabel={t('passkeys.deleteNamed', { name: passkey.name })}
            title={t('passkeys.deleteTitle')}
            message={t('passkeys.deleteText', { name: passkey.name })}
            disabled={deleting}
            onConfirm={onDelete}
          />
        </>
      }
    />
  );
}
