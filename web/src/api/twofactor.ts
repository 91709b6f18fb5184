import { useMutation } from '@tanstack/react-query';
import { useReauth } from '../components/reauth';
import { useRefreshMemberships } from './accounts';
import { api } from './client';
import { useRefreshProfile } from './profile';
import type { BodyOf, RecoveryCodes, TotpSetup } from './types';

/**
 * TOTP enrolment and recovery codes. Setting up, enabling and regenerating are sensitive (a
 * fresh sign-in proof); disabling carries the password itself.
 */
export function useTotpSetup() {
  const withReauth = useReauth();
  return useMutation({ mutationFn: () => withReauth(() => api.post<TotpSetup>('/profile/twofactor/totp/setup')) });
}

/**
 * The profile is not refreshed here: a restricted (2FA-required) session would leave the page
 * before the codes are saved. The memberships are: their MFA rule is met from now on.
 */
export function useTotpEnable() {
  const withReauth = useReauth();
  const refreshMemberships = useRefreshMemberships();
  return useMutation({
    mutationFn: (code: string) => withReauth(() => api.post<RecoveryCodes>('/profile/twofactor/totp/enable', { code })),
    onSuccess: () => void refreshMemberships(),
  });
}

export function useTotpDisable() {
  const refresh = useRefreshProfile();
  return useMutation({ mutationFn: (body: BodyOf<'/profile/twofactor/totp/disable', 'post'>) => api.post('/profile/twofactor/totp/disable', body), onSuccess: () => refresh() });
}

export function useRegenerateRecoveryCodes() {
  const withReauth = useReauth();
  const refresh = useRefreshProfile();
  return useMutation({ mutationFn: () => withReauth(() => api.post<RecoveryCodes>('/profile/twofactor/recovery-codes')), onSuccess: () => refresh() });
}
