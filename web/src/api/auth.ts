import { api } from './client';
import type { BodyOf, LoginResponse, PasswordResetConfirm, Reauthentication } from './types';

/**
 * Signing in and out, and proving it is still you. These are plain calls, not hooks: the sign-in
 * pages keep their own busy state and react to particular problems (429 countdown, spent tickets).
 */
export const login = (body: BodyOf<'/auth/login', 'post'>) => api.post<LoginResponse>('/auth/login', body);
export const loginSecondFactor = (body: BodyOf<'/auth/login/second-factor', 'post'>) => api.post('/auth/login/second-factor', body);
export const logout = () => api.post('/auth/logout');
export const reauthenticate = (body: Reauthentication) => api.post('/auth/reauthenticate', body);
export const requestPasswordReset = (body: BodyOf<'/auth/password-reset', 'post'>) => api.post('/auth/password-reset', body);
export const confirmPasswordReset = (body: PasswordResetConfirm) => api.post('/auth/password-reset/confirm', body);
