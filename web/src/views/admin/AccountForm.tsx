import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSaveAccount } from '../../api/admin-accounts';
import { ACCOUNT_TYPES, type AccountType, type AdminAccount } from '../../api/types';
import { CheckboxField, ErrorAlert, Notice, SelectField, TextField } from '../../components/ui';
import { required, tooLong, useFieldErrors } from '../../lib/field-errors';

/** An organisation's name, type and MFA rule: a new one (in the "New organisation" dialog), or the page's Details. */
export function AccountForm({ account, onClose }: { account?: AdminAccount; onClose?: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(account?.name ?? '');
  const [type, setType] = useState<AccountType>(account?.type ?? 'vendor');
  const [requiresMfa, setRequiresMfa] = useState(account?.requiresMfa ?? false);
  const save = useSaveAccount(account?.id);
  const form = useFieldErrors(save.error, ['name', 'type', 'requiresMfa']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.reset();
    if (form.check({ name: required(name) ?? tooLong(name, 100) })) save.mutate({ name: name.trim(), type, requiresMfa }, { onSuccess: onClose });
  };
  return (
    <form ref={form.ref} className={account ? '' : 'modal-body'} onSubmit={submit} noValidate>
      <TextField label={t('admin.accounts.name')} value={name} onChange={(event) => setName(event.target.value)} error={form.error('name')} required autoFocus={!account} name="account-name" />
      <SelectField label={t('admin.accounts.type')} value={type} onChange={(event) => setType(event.target.value as AccountType)} error={form.error('type')} name="account-type">
        {ACCOUNT_TYPES.map((value) => (
          <option key={value} value={value}>
            {t(`accountTypes.${value}`)}
          </option>
        ))}
      </SelectField>
      <CheckboxField label={t('admin.accounts.requiresMfa')} hint={t('admin.accounts.requiresMfaHint')} checked={requiresMfa} onChange={(event) => setRequiresMfa(event.target.checked)} error={form.error('requiresMfa')} name="account-mfa" />
      <ErrorAlert error={form.rest} />
      {account && save.isSuccess ? <Notice kind="success" role="status">{t('common.saved')}</Notice> : null}
      <div className={account ? 'button-row' : 'modal-actions'}>
        {!account ? (
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
        ) : null}
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {account ? t('common.save') : t('admin.accounts.createButton')}
        </button>
      </div>
    </form>
  );
}
