import { type FormEvent, type ReactNode, createContext, useCallback, useContext, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { reauthenticate, reauthenticationPasskeyOptions } from '../api/auth';
import { isApiError } from '../api/client';
import { profileKey } from '../api/profile';
import type { Profile } from '../api/types';
import { useQueryClient } from '@tanstack/react-query';
import { CancelledError } from '../lib/cancelled';
import { focusLost } from '../lib/focus';
import { required, useFieldErrors } from '../lib/field-errors';
import { type PasskeyAssertion, getPasskey, passkeyRefusal, passkeysSupported } from '../lib/webauthn';
import { CodeField, PasswordField, normalizeCode } from './credentials';
import { ReauthContext, type WithReauth } from './reauth';
import { ErrorAlert } from './ui';

/**
 * A modal on the native <dialog>: focus moves in and is trapped while open, Escape closes it
 * (only the top-most one: the browser sends `cancel` to the last modal opened), focus returns
 * to what opened it.
 */
export function Modal({ open, onClose, title, children }: { open: boolean; onClose: () => void; title: string; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
    }
    if (!open && dialog.open) {
      dialog.close();
      // The browser gives the focus back to the opener, unless it has gone or was disabled meanwhile.
      if (focusLost()) restoreFocus(opener.current);
      opener.current = null;
    }
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="modal"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {open ? (
        <>
          <h2 id={titleId} className="modal-title">
            {title}
          </h2>
          {children}
        </>
      ) : null}
    </dialog>
  );
}

/** The opener when it can take the focus, else the dialog still open beneath, else the page's main region. */
function restoreFocus(opener: HTMLElement | null) {
  if (opener?.isConnected) opener.focus();
  if (!focusLost()) return;
  const below = Array.from(document.querySelectorAll<HTMLDialogElement>('dialog[open]')).pop();
  const target = below?.querySelector<HTMLElement>('button:not([disabled]), input, select, textarea, a[href]') ?? document.getElementById('main');
  target?.focus();
}

interface ConfirmOptions {
  title: string;
  message: ReactNode;
  confirmLabel: string;
  danger?: boolean;
}

type Confirm = (options: ConfirmOptions) => Promise<boolean>;
const ConfirmContext = createContext<Confirm | null>(null);


export function DialogProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [confirmState, setConfirmState] = useState<(ConfirmOptions & { resolve: (ok: boolean) => void }) | null>(null);
  const [reauthState, setReauthState] = useState<{ resolve: (ok: boolean) => void } | null>(null);

  const confirm = useCallback<Confirm>((options) => new Promise((resolve) => setConfirmState({ ...options, resolve })), []);
  const closeConfirm = (ok: boolean) => {
    confirmState?.resolve(ok);
    setConfirmState(null);
  };

  const withReauth = useCallback<WithReauth>(async (action) => {
    try {
      return await action();
    } catch (error) {
      if (!isApiError(error, 'reauthentication_required')) throw error;
      const ok = await new Promise<boolean>((resolve) => setReauthState({ resolve }));
      if (!ok) throw new CancelledError();
      return action();
    }
  }, []);
  const closeReauth = (ok: boolean) => {
    reauthState?.resolve(ok);
    setReauthState(null);
  };

  return (
    <ConfirmContext.Provider value={confirm}>
      <ReauthContext.Provider value={withReauth}>
        {children}
        <Modal open={confirmState !== null} onClose={() => closeConfirm(false)} title={confirmState?.title ?? ''}>
          <div className="modal-body">{confirmState?.message}</div>
          <div className="modal-actions">
            <button type="button" className="btn" onClick={() => closeConfirm(false)}>
              {t('common.cancel')}
            </button>
            <button type="button" className={confirmState?.danger ? 'btn btn-danger' : 'btn btn-primary'} onClick={() => closeConfirm(true)}>
              {confirmState?.confirmLabel}
            </button>
          </div>
        </Modal>
        <Modal open={reauthState !== null} onClose={() => closeReauth(false)} title={t('reauth.title')}>
          {reauthState ? <ReauthForm onDone={closeReauth} /> : null}
        </Modal>
      </ReauthContext.Provider>
    </ConfirmContext.Provider>
  );
}

/**
 * The fresh sign-in proof (the re-authentication dialog, and the page of an app that asks for a
 * fresh sign-in; `explain`: the dialog's line on why): the password, or an authenticator code when TOTP is on, or one of the
 * user's passkeys (offered first when there is one and the browser can use it).
 */
export function ReauthForm({ onDone, explain = true }: { onDone: (ok: boolean) => void; explain?: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const profile = client.getQueryData<Profile | null>(profileKey);
  const offerPasskey = (profile?.twoFactor.passkeys ?? 0) > 0 && passkeysSupported();
  const [useCode, setUseCode] = useState(false);
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<'secret' | 'passkey' | null>(null);
  const form = useFieldErrors(error, ['password', 'code']);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!form.check(useCode ? { code: required(secret) } : { password: required(secret) })) return;
    setBusy('secret');
    setError(null);
    try {
      await reauthenticate(useCode ? { code: normalizeCode(secret) } : { password: secret });
      onDone(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };

  const withPasskey = async () => {
    setBusy('passkey');
    setError(null);
    let passkey: PasskeyAssertion | undefined;
    try {
      passkey = await getPasskey(await reauthenticationPasskeyOptions());
      await reauthenticate({ passkey });
      onDone(true);
    } catch (failure) {
      // Cancelled in the browser: back to the dialog as it was.
      setError(failure instanceof CancelledError ? null : passkeyRefusal(failure, passkey));
    } finally {
      setBusy(null);
    }
  };

  return (
    <form ref={form.ref} onSubmit={submit} className="modal-body" noValidate>
      {explain ? <p className="muted">{t('reauth.explain')}</p> : null}
      {offerPasskey ? (
        <>
          <button type="button" className="btn btn-primary btn-block" disabled={busy !== null} onClick={() => void withPasskey()} autoFocus>
            {busy === 'passkey' ? t('reauth.passkeyWaiting') : t('reauth.usePasskey')}
          </button>
          <p className="divider" aria-hidden="true">
            <span>{t('signIn.or')}</span>
          </p>
        </>
      ) : null}
      {useCode ? (
        <CodeField key="code" label={t('reauth.code')} value={secret} onChange={(event) => setSecret(event.target.value)} error={form.error('code')} required autoFocus={!offerPasskey} />
      ) : (
        <PasswordField key="password" value={secret} onChange={(event) => setSecret(event.target.value)} error={form.error('password')} required autoFocus={!offerPasskey} />
      )}
      {profile?.twoFactor.totp ? (
        <button
          type="button"
          className="btn-link"
          onClick={() => {
            setUseCode(!useCode);
            setSecret('');
          }}
        >
          {useCode ? t('reauth.usePassword') : t('reauth.useCode')}
        </button>
      ) : null}
      <ErrorAlert error={form.rest} />
      <div className="modal-actions">
        <button type="button" className="btn" onClick={() => onDone(false)}>
          {t('common.cancel')}
        </button>
        <button type="submit" className={offerPasskey ? 'btn' : 'btn btn-primary'} disabled={busy !== null}>
          {t('reauth.confirm')}
        </button>
      </div>
    </form>
  );
}

export function useConfirm(): Confirm {
  const value = useContext(ConfirmContext);
  if (!value) throw new Error('useConfirm outside DialogProvider');
  return value;
}
