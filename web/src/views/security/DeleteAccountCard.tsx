import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useDeleteAccount, useMe } from '../../api/profile';
import { signOutLocally } from '../../api/query-client';
import { CodeField, PasswordField, normalizeCode } from '../../components/credentials';
import { Modal } from '../../components/dialogs';
import { Card, ErrorAlert, TextField } from '../../components/ui';
import { required, useFieldErrors } from '../../lib/field-errors';
import { leaveNotice } from '../signin/SignInPage';
import { DownloadDataButton } from './DownloadDataCard';
import { codeFailure } from '../../lib/code-failures';

/** Deleting the account: type the username, then the password (and a code when 2FA is on). */
export function DeleteAccountCard() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <Card title={t('deleteAccount.title')} description={t('deleteAccount.explain')} danger>
      <div className="form-actions form-actions-start">
        <button type="button" className="btn btn-danger" onClick={() => setOpen(true)}>
          {t('deleteAccount.start')}
        </button>
      </div>
      <Modal open={open} onClose={() => setOpen(false)} title={t('deleteAccount.confirmTitle')}>
        <DeleteForm onCancel={() => setOpen(false)} />
      </Modal>
    </Card>
  );
}

function DeleteForm({ onCancel }: { onCancel: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [typed, setTyped] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const needsCode = me.twoFactor.totp;
  const remove = useDeleteAccount();
  // the code field takes a TOTP or a recovery code: a refusal speaks of what was typed (one object per failure)
  const [failure, setFailure] = useState<unknown>(null);
  const form = useFieldErrors(failure, ['confirm', 'password', 'code']);
  const submit = () => {
    setFailure(null);
    remove.mutate(needsCode ? { password, code: normalizeCode(code) } : { password }, {
      onError: (error) => setFailure(codeFailure(error, code)),
      onSuccess: () => {
        leaveNotice('deleted');
        signOutLocally(client);
        navigate('/signin', { replace: true });
      },
    });
  };
  return (
    <form
      ref={form.ref}
      className="modal-body"
      onSubmit={(event) => {
        event.preventDefault();
        const checks = {
          confirm: required(typed) ?? (typed.trim() === me.username ? null : { code: 'mismatch' }),
          password: required(password),
          code: needsCode ? required(code) : null,
        };
        if (form.check(checks)) submit();
      }}
      noValidate
    >
      <div className="delete-export">
        <p>{t('dataExport.beforeDeleting')}</p>
        <DownloadDataButton primary />
      </div>
      <p>{t('deleteAccount.warning')}</p>
      <TextField
        label={t('deleteAccount.typeUsername', { username: me.username })}
        value={typed}
        onChange={(event) => setTyped(event.target.value)}
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        error={form.error('confirm')}
        required
        autoFocus
        name="confirm-username"
      />
      <PasswordField value={password} onChange={(event) => setPassword(event.target.value)} error={form.error('password')} required name="delete-password" />
      {needsCode ? (
        <CodeField
          label={t('deleteAccount.code')}
          inputMode="text"
          value={code}
          onChange={(event) => setCode(event.target.value)}
          error={form.error('code')}
          required
          name="delete-code"
        />
      ) : null}
      <ErrorAlert error={form.rest} />
      <div className="modal-actions">
        <button type="button" className="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn-danger" disabled={remove.isPending}>
          {t('deleteAccount.submit')}
        </button>
      </div>
    </form>
  );
}
