import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe, useRefreshProfile } from '../../api/profile';
import { useRegenerateRecoveryCodes, useTotpDisable, useTotpEnable, useTotpSetup } from '../../api/twofactor';
import type { TotpSetup } from '../../api/types';
import { CodeField, PasswordField, normalizeCode } from '../../components/credentials';
import { Modal } from '../../components/dialogs';
import { ConfirmButton } from '../../components/lists';
import { Badge, Card, CheckboxField, CopyButton, ErrorAlert, Notice } from '../../components/ui';
import { downloadText } from '../../lib/download';
import { focusLost } from '../../lib/focus';
import { required, useFieldErrors } from '../../lib/field-errors';
import { useLeaveGuard } from '../../lib/useLeaveGuard';
import { lockReason } from '../profile/locks';
import { EmergencyKitActions } from './EmergencyKit';
import { forgetFreshCodes, hasFreshCodes, showFreshCodes, useFreshCodes } from './fresh-codes';
import { TotpSecret } from './TotpSecret';

type Phase = { kind: 'idle' } | { kind: 'setup'; setup: TotpSetup };

export function TwoFactorCard() {
  const { t } = useTranslation();
  const me = useMe();
  const refresh = useRefreshProfile();
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const freshCodes = useFreshCodes(me.id);
  const [code, setCode] = useState('');
  const [disableOpen, setDisableOpen] = useState(false);
  // Each state of the card (off, setting up, fresh codes, on) has other buttons: the one that
  // changed it is gone (Set up, Cancel, Done, and Disable once the profile says 2FA is off), so
  // the focus goes to the card's heading; into the set-up always, where the secret is to read.
  const heading = useRef<HTMLHeadingElement>(null);
  const mode = freshCodes ? 'codes' : phase.kind === 'setup' ? 'setup' : me.twoFactor.totp ? 'on' : 'off';
  const shownMode = useRef(mode);
  useEffect(() => {
    if (shownMode.current === mode) return;
    shownMode.current = mode;
    if (mode === 'setup' || focusLost()) heading.current?.focus();
  }, [mode]);

  const setup = useTotpSetup();
  const enable = useTotpEnable();
  const regenerate = useRegenerateRecoveryCodes();
  const codeForm = useFieldErrors(enable.error, ['code']);
  const startSetup = () =>
    setup.mutate(undefined, {
      onSuccess: (result) => {
        setCode('');
        setPhase({ kind: 'setup', setup: result });
      },
    });
  // The profile is refreshed only after "Done": refreshing now could leave a restricted
  // (2FA-required) session's page before the codes were saved.
  const enableWith = (value: string) =>
    enable.mutate(value, {
      onSuccess: (result) => {
        showFreshCodes(me.id, result.recoveryCodes);
        setPhase({ kind: 'idle' });
      },
    });

  const status = me.twoFactor.totp ? <Badge kind="success">{t('twoFactor.on')}</Badge> : <Badge kind="warning">{t('twoFactor.off')}</Badge>;

  if (freshCodes) {
    return (
      <Card title={t('twoFactor.title')} headingRef={heading}>
        <RecoveryCodes
          codes={freshCodes}
          username={me.username}
          onDone={() => {
            forgetFreshCodes();
            void refresh();
          }}
        />
      </Card>
    );
  }

  if (phase.kind === 'setup') {
    const submit = (event: FormEvent) => {
      event.preventDefault();
      const value = normalizeCode(code);
      if (codeForm.check({ code: required(value) })) enableWith(value);
    };
    return (
      <Card title={t('twoFactor.setupTitle')} headingRef={heading}>
        <ol className="steps">
          <li>
            {/* on a phone (narrow or touch screen, styles.css): the server's otpauth:// URI for the app on this device */}
            <div className="otpauth-open">
              <p>{t('twoFactor.stepOpen')}</p>
              <a className="btn btn-primary otpauth-link" href={phase.setup.otpauthUri}>
                {t('twoFactor.openInApp')}
              </a>
            </div>
            <p>{t('twoFactor.stepScan')}</p>
            <img className="qr" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(phase.setup.qrSvg)}`} alt={t('twoFactor.qrAlt')} width="200" height="200" />
          </li>
          <li>
            <p>{t('twoFactor.stepManual')}</p>
            <TotpSecret secret={phase.setup.secret} />
            <p className="hint">{t('twoFactor.manualDetails')}</p>
          </li>
          <li>
            <form ref={codeForm.ref} onSubmit={submit} noValidate>
              <CodeField
                label={t('twoFactor.enterCode')}
                maxLength={8}
                value={code}
                onChange={(event) => {
                  setCode(event.target.value);
                  enable.reset();
                }}
                error={codeForm.error('code')}
                required
                name="totp-code"
              />
              <ErrorAlert error={codeForm.rest} />
              <div className="form-actions">
                <button type="button" className="btn" onClick={() => setPhase({ kind: 'idle' })}>
                  {t('common.cancel')}
                </button>
                <button type="submit" className="btn btn-primary" disabled={enable.isPending}>
                  {t('twoFactor.enable')}
                </button>
              </div>
            </form>
          </li>
        </ol>
      </Card>
    );
  }

  if (!me.twoFactor.totp && !me.editable.twoFactor) {
    return (
      <Card title={t('twoFactor.title')}>
        <p>{status}</p>
        <p className="hint lock-note">{lockReason(me, 'twoFactor') === 'directory' ? t('twoFactor.directory') : t('profile.lockedByAdmin')}</p>
      </Card>
    );
  }

  if (!me.twoFactor.totp) {
    return (
      <Card title={t('twoFactor.title')} description={t('twoFactor.explain')} headingRef={heading}>
        <p>
          {t('twoFactor.status')} {status}
        </p>
        {me.twoFactor.passkeys > 0 ? <p className="hint">{t('twoFactor.passkeysInstead')}</p> : null}
        <ErrorAlert error={setup.error} />
        <div className="form-actions">
          <button type="button" className="btn btn-primary" disabled={setup.isPending} onClick={startSetup}>
            {t('twoFactor.start')}
          </button>
        </div>
      </Card>
    );
  }

  const left = me.twoFactor.recoveryCodesLeft;
  return (
    <Card title={t('twoFactor.title')} description={t('twoFactor.explainOn')} headingRef={heading}>
      <p>
        {t('twoFactor.status')} {status}
      </p>
      <p data-testid="recovery-left">{t('twoFactor.codesLeft', { n: left })}</p>
      {left <= 3 ? <Notice kind="warning">{t('twoFactor.codesLow')}</Notice> : null}
      <ErrorAlert error={regenerate.error} />
      <div className="form-actions">
        <ConfirmButton
          kind="block"
          danger={false}
          label={t('twoFactor.regenerate')}
          title={t('twoFactor.regenerateTitle')}
          message={t('twoFactor.regenerateText')}
          disabled={regenerate.isPending}
          onConfirm={() => regenerate.mutate(undefined, { onSuccess: (result) => showFreshCodes(me.id, result.recoveryCodes) })}
        />
        {me.editable.twoFactor ? (
          <button type="button" className="btn btn-danger-outline" onClick={() => setDisableOpen(true)}>
            {t('twoFactor.disable')}
          </button>
        ) : null}
      </div>
      <Modal open={disableOpen} onClose={() => setDisableOpen(false)} title={t('twoFactor.disableTitle')}>
        <DisableForm
          onDone={() => setDisableOpen(false)}
          onCancel={() => setDisableOpen(false)}
        />
      </Modal>
    </Card>
  );
}

function DisableForm({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const disable = useTotpDisable();
  const form = useFieldErrors(disable.error, ['password']);
  return (
    <form
      ref={form.ref}
      className="modal-body"
      onSubmit={(event) => {
        event.preventDefault();
        if (form.check({ password: required(password) })) disable.mutate({ password }, { onSuccess: onDone });
      }}
      noValidate
    >
      <p>{t('twoFactor.disableText')}</p>
      <PasswordField value={password} onChange={(event) => setPassword(event.target.value)} error={form.error('password')} required autoFocus />
      <ErrorAlert error={form.rest} />
      <div className="modal-actions">
        <button type="button" className="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn-danger" disabled={disable.isPending}>
          {t('twoFactor.disable')}
        </button>
      </div>
    </form>
  );
}

/**
 * The codes, shown once: copy, download, and a deliberate "I saved them" before they go.
 * Leaving the page meanwhile asks first.
 */
function RecoveryCodes({ codes, username, onDone }: { codes: string[]; username: string; onDone: () => void }) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  const [saved, setSaved] = useState(false);
  // focus on the codes when they appear (the enable form or the regenerate button is gone)
  useEffect(() => {
    heading.current?.focus();
  }, []);
  const form = useFieldErrors(null, ['saved']);
  useLeaveGuard(hasFreshCodes, {
    title: t('twoFactor.leaveTitle'),
    message: t('twoFactor.leaveText'),
    confirmLabel: t('twoFactor.leaveConfirm'),
    onLeave: forgetFreshCodes,
  });
  const text = codes.join('\n');
  return (
    <form
      ref={form.ref}
      onSubmit={(event) => {
        event.preventDefault();
        if (form.check({ saved: saved ? null : { code: 'unchecked' } })) onDone();
      }}
      noValidate
    >
      <Notice kind="success">{t('twoFactor.codesTitle')}</Notice>
      <h3 className="codes-heading" ref={heading} tabIndex={-1}>
        {t('twoFactor.codesHeading')}
      </h3>
      <p>{t('twoFactor.codesExplain')}</p>
      <ol className="recovery-codes" data-testid="recovery-codes">
        {codes.map((value) => (
          <li key={value}>
            <code>{value}</code>
          </li>
        ))}
      </ol>
      <p className="hint">{t('twoFactor.emergencyKitHint')}</p>
      <div className="form-actions form-actions-start">
        <CopyButton text={text} label={t('twoFactor.copyCodes')} />
        <button type="button" className="btn btn-small" onClick={() => downloadText(`userhub-recovery-codes-${username}.txt`, `${text}\n`)}>
          {t('twoFactor.downloadCodes')}
        </button>
        <EmergencyKitActions username={username} codes={codes} />
      </div>
      <CheckboxField label={t('twoFactor.savedThem')} checked={saved} onChange={(event) => setSaved(event.target.checked)} error={form.error('saved')} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary">
          {t('common.done')}
        </button>
      </div>
    </form>
  );
}
