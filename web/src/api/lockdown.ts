import { api } from './client';
import type { LockdownResult } from './types';

/** "This wasn't me" from a security notice's link (no session needed; it signs nobody in). */
export const lockDownByLink = (token: string) => api.post<LockdownResult>('/auth/lockdown', { token });

/** "This wasn't me" while signed in: this session ends too. */
export const lockDownSignedIn = () => api.postEmpty<LockdownResult>('/profile/lockdown');
