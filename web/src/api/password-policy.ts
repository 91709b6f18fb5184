import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { PasswordPolicy } from './types';

export const passwordPolicyKey = ['password-policy'] as const;

/** The instance's password lengths (no session needed): what the hints under a new password say. */
export const usePasswordPolicy = () =>
  useQuery({ queryKey: passwordPolicyKey, queryFn: ({ signal }) => api.get<PasswordPolicy>('/auth/password-policy', signal), staleTime: 60_000 });
