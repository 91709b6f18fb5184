import { api } from './client';
import type {
  BodyOf,
  LoginResponse,
  PasskeyLogin,
  PasskeyLoginOptions,
  PasswordChange,
  PasswordResetConfirm,
  Reauthentication,
  SecondFactor,
  SecondFactorResponse,
  SignedIn,
} from './types';
import type { PublicKeyCredentialRequestOptionsJSON } from '../lib/webauthn';

/**
 * Signing in and out, and proving it is still you. These are plain calls, not hooks: the sign-in
 * pages keep their own busy state and react to particular problems (429 countdown, spent tickets).
 */
export const login = (body: BodyOf<'/auth/login', 'post'>) => api.post<LoginResponse>('/auth/login', body);
/** Signed in, or (a temporary password) on to the password change. */
export const loginSecondFactor = (body: SecondFactor) => api.post<SecondFactorResponse>('/auth/login/second-factor', body);
/** The last step of a sign-in with a temporary password: the new one, then the session. */
export const completePasswordChange = (body: PasswordChange) => api.post<SignedIn>('/auth/login/password-change', body);
/** `/invite?token=…`: the invited user's own password, then the session. */
export const acceptInvitation = (body: BodyOf<'/auth/invitation', 'post'>) => api.post<SignedIn>('/auth/invitation', body);
export const logout = () => api.post('/auth/logout');
export const reauthenticate = (body: Reauthentication) => api.post('/auth/reauthenticate', body);
export const requestPasswordReset = (body: BodyOf<'/auth/password-reset', 'post'>) => api.post('/auth/password-reset', body);
export const confirmPasswordReset = (body: PasswordResetConfirm) => api.post('/auth/password-reset/confirm', body);

/**
 * Passkeys: each ceremony first asks the server for a fresh challenge (options), the browser
 * signs it (lib/webauthn.ts), and the answer goes back. Passwordless sign-in has no username:
 * the options allow any of this site's passkeys, so they also serve the browser's autofill.
 */
export const passkeyLoginOptions = () => api.post<PasskeyLoginOptions>('/auth/passkey/options', {});
export const passkeyLogin = (body: PasskeyLogin) => api.post<LoginResponse>('/auth/passkey', body);
/** The ticket's user's passkeys, for the second step after the password. */
export const secondFactorPasskeyOptions = (ticket: string) => api.post<PublicKeyCredentialRequestOptionsJSON>('/auth/login/second-factor/passkey/options', { ticket });
export const reauthenticationPasskeyOptions = () => api.post<PublicKeyCredentialRequestOptionsJSON>('/auth/reauthenticate/passkey/options', {});
