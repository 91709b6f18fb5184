import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { listOf, usePagedList } from './lists';
import type { AdminUserDetail, AdminUserMembership, AdminUserSession, AuditEntry, AuditType, SecurityEvent, UserTableQuery } from './types';

const usersKey = ['admin', 'users'] as const;
const userPath = (id: string) => `/admin/users/${encodeURIComponent(id)}`;
/** The table's query as the URL carries it (booleans as "true"/"false"). */
type TableFilters = { [K in Exclude<keyof UserTableQuery, 'limit' | 'cursor'>]?: string };

/** The users table: search, filters and sort are part of the key; "Show more" follows the cursor. */
export const useUserTable = (filters: TableFilters) => usePagedList<AdminUserDetail>([...usersKey, 'table'], '/admin/users', filters);

export function useAdminUser(id: string) {
  return useQuery({ queryKey: [...usersKey, 'one', id], queryFn: ({ signal }) => api.get<AdminUserDetail>(userPath(id), signal) });
}

export function useAdminUserSessions(id: string) {
  const result = useQuery({ queryKey: [...usersKey, 'sessions', id], queryFn: ({ signal }) => api.get<{ items: AdminUserSession[] }>(`${userPath(id)}/sessions`, signal) });
  return listOf(result);
}

export function useAdminUserMemberships(id: string) {
  const result = useQuery({ queryKey: [...usersKey, 'memberships', id], queryFn: ({ signal }) => api.get<{ items: AdminUserMembership[] }>(`${userPath(id)}/memberships`, signal) });
  return listOf(result);
}

export const useAdminUserEvents = (id: string) => usePagedList<SecurityEvent>([...usersKey, 'events', id], `${userPath(id)}/events`);

/** Ends one session (`sessionId`) or, with null, every session of the user. */
export function useEndUserSessions(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (sessionId: string | null) => (sessionId ? api.delete(`${userPath(id)}/sessions/${encodeURIComponent(sessionId)}`) : api.delete(`${userPath(id)}/sessions`)),
    onSettled: () => client.invalidateQueries({ queryKey: usersKey }),
  });
}

export function useSendPasswordReset(id: string) {
  return useMutation({ mutationFn: () => api.post(`${userPath(id)}/password-reset`) });
}

/** The admin audit, newest first, optionally for one actor, target or type. */
export function useAudit(filters: { actor?: string; target?: string; type?: AuditType | '' }) {
  const params = { actor: filters.actor || undefined, target: filters.target || undefined, type: filters.type || undefined };
  return usePagedList<AuditEntry>(['admin', 'audit'], '/admin/audit', params);
}

