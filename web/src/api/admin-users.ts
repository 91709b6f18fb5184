import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, query } from './client';
import type { AdminUser, CreatedUser, NewUser, Page, TwoFactorReset, UserPatch } from './types';

const usersKey = ['admin', 'users'] as const;
const userPath = (id: string) => `/admin/users/${encodeURIComponent(id)}`;

/** How many matches a picker shows; when there are more, its page has a `nextCursor`. */
export const USER_SEARCH_LIMIT = 10;

/**
 * The first few matches for a picker; nothing until something is typed. `notInAccount` leaves
 * that account's members out (the server does, so the page is full of people who can be added).
 */
export function useUserSearch(q: string, { notInAccount }: { notInAccount?: string } = {}) {
  return useQuery({
    queryKey: [...usersKey, 'search', q, notInAccount ?? null],
    enabled: q !== '',
    queryFn: ({ signal }) => api.get<Page<AdminUser>>(`/admin/users${query({ q, notInAccount, limit: USER_SEARCH_LIMIT })}`, signal),
  });
}

function useRefreshUsers() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: usersKey });
}

/** Without `password` the server generates one and answers it once. */
export function useCreateUser() {
  const refresh = useRefreshUsers();
  return useMutation({ mutationFn: (body: NewUser) => api.post<CreatedUser>('/admin/users', body), onSuccess: () => refresh() });
}

export function useUpdateUser(id: string) {
  const refresh = useRefreshUsers();
  return useMutation({ mutationFn: (patch: UserPatch) => api.patch<AdminUser>(userPath(id), patch), onSuccess: () => refresh() });
}

/** Removes TOTP, recovery codes and passkeys (the user enrols again); answers what went. */
export function useResetTwoFactor(id: string) {
  const refresh = useRefreshUsers();
  return useMutation({ mutationFn: () => api.post<TwoFactorReset>(`${userPath(id)}/twofactor/reset`), onSuccess: () => refresh() });
}

/** A new invitation mail (the old link dies), for a user who has not chosen a password yet. */
export function useResendInvitation(id: string) {
  const refresh = useRefreshUsers();
  return useMutation({ mutationFn: () => api.post(`${userPath(id)}/invitation`), onSuccess: () => refresh() });
}

export function useDeleteUser(id: string) {
  const refresh = useRefreshUsers();
  return useMutation({ mutationFn: () => api.delete(userPath(id)), onSuccess: () => refresh() });
}
