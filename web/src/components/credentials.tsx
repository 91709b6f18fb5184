import type { ComponentProps } from 'react';
import { useTranslation } from 'react-i18next';
import { usePasswordPolicy } from '../api/password-policy';
import { PasswordStrength } from './PasswordStrength';
import { type FieldIssue, required } from '../lib/field-errors';
import { TextField } from './ui';

type FieldProps = Omit<ComponentProps<typeof TextField>, 'label' | 'type'> & { label?: string };

/** What the user typed as a one-time code, without the spaces apps show and people copy. */
export const normalizeCode = (value: string) => value.replace(/\s+/g, '');

/** The account's current password (re-authentication, disabling 2FA, deleting the account). */
export function PasswordField({ label, ...input }: FieldProps) {
  const { t } = useTranslation();
  return <TextField label={label ?? t('reauth.password')} type="password" autoComplete="current-password" {...input} />;
}

/** A 6-digit code from the authenticator app: the phone's number pad, and the browser's one-time-code autofill. */
export function CodeField({ label, ...input }: FieldProps) {
  const { t } = useTranslation();
  return <TextField label={label ?? t('reauth.code')} autoComplete="one-time-code" inputMode="numeric" autoCapitalize="none" spellCheck={false} {...input} />;
}

/** A recovery code: letters and digits, typed as printed. */
export function RecoveryCodeField({ label, ...input }: FieldProps) {
  const { t } = useTranslation();
  return <TextField label={label ?? t('signIn.recoveryCode')} autoComplete="off" autoCapitalize="none" spellCheck={false} {...input} />;
}

/**
 * The instance's minimum length (GET /auth/password-policy, also before sign-in), for the hint
 * under a new password; null until it is known.
 */
export function usePasswordMinLength(): number | null {
  return usePasswordPolicy().data?.minLength ?? null;
}

/** "At least N characters…" with the instance's N; the advice alone until N is known. */
export function usePasswordHint(): string {
  const { t } = useTranslation();
  const minLength = usePasswordMinLength();
  return minLength === null ? t('rules.passwordHintPending') : t('rules.passwordHint', { minLength });
}

/**
 * A new password twice, with the strength meter under the first and "do not match" under the
 * second (as soon as the repeat differs); the hint says the instance's minimum unless `hint`
 * replaces it. `errors`: what the form's checks or the server's answer marked on either
 * (useFieldErrors).
 */
export function NewPasswordFields({
  password,
  repeat,
  onPassword,
  onRepeat,
  labels,
  hint,
  userInputs,
  autoFocus,
  errors,
}: {
  password: string;
  repeat: string;
  onPassword: (value: string) => void;
  onRepeat: (value: string) => void;
  labels: { password: string; repeat: string };
  hint?: string;
  userInputs?: string[];
  autoFocus?: boolean;
  errors?: { password?: string | null; repeat?: string | null };
}) {
  const { t } = useTranslation();
  const rules = usePasswordHint();
  return (
    <>
      <TextField
        label={labels.password}
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(event) => onPassword(event.target.value)}
        hint={hint ?? rules}
        error={errors?.password}
        required
        autoFocus={autoFocus}
      />
      <PasswordStrength password={password} userInputs={userInputs} />
      <TextField
        label={labels.repeat}
        type="password"
        autoComplete="new-password"
        value={repeat}
        onChange={(event) => onRepeat(event.target.value)}
        error={errors?.repeat ?? (passwordsDiffer(password, repeat) ? t('security.passwordMismatch') : null)}
        required
      />
    </>
  );
}

/** The repeat is filled in and differs (shown as an error under it). */
export const passwordsDiffer = (password: string, repeat: string) => repeat !== '' && repeat !== password;

/** The checks of a new password typed twice, for useFieldErrors: both filled in, and equal. */
export function newPasswordChecks(password: string, repeat: string): { password: FieldIssue | null; repeat: FieldIssue | null } {
  return {
    password: required(password),
    repeat: required(repeat) ?? (repeat !== password ? { code: 'mismatch', key: 'security.passwordMismatch' } : null),
  };
}
