import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { fetchAll, listOf, usePagedList } from './lists';
import type { AccountInput, AccountMember, AdminAccount, AdminAccountDetail, BodyOf, Group } from './types';

const accountsKey = ['admin', 'accounts'] as const;
const accountPath = (id: string) => `/admin/accounts/${encodeURIComponent(id)}`;

/** Accounts (organisations), for administrators. */
export const useAccounts = () => usePagedList<AdminAccount>([...accountsKey, 'list'], '/admin/accounts');

/** Every account at once, for a picker (an app's access rule); fetched afresh each time a picker opens. */
export const useAllAccounts = () =>
  useQuery({ queryKey: [...accountsKey, 'all'], queryFn: ({ signal }) => fetchAll<AdminAccount>('/admin/accounts', {}, signal), staleTime: 0 });

/** The groups of each of these accounts (an app's access picker), in the same order. */
export const useGroupsOf = (accountIds: string[]) =>
  useQueries({
    queries: accountIds.map((id) => ({
      queryKey: [...accountsKey, id, 'groups'],
      queryFn: ({ signal }: { signal: AbortSignal }) => api.get<{ items: Group[] }>(`${accountPath(id)}/groups`, signal),
      staleTime: 0,
    })),
  });

/** Creates (no id) or updates an account. */
export function useSaveAccount(id?: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: AccountInput) => (id ? api.patch<AdminAccount>(accountPath(id), body) : api.post<AdminAccount>('/admin/accounts', body)),
    onSuccess: () => client.invalidateQueries({ queryKey: accountsKey }),
  });
}

/**
 * One account (`account`: 404 account_not_found once it is gone), its groups and members
 * (`withoutTwoFactor`: only the active members without a second factor), how many members lack
 * one, and every change to them; each change refreshes all. A change of members also refreshes
 * the users' side (the "add member" search leaves members out; user pages list memberships).
 */
export function useAccountDetail(accountId: string, { withoutTwoFactor = false } = {}) {
  const client = useQueryClient();
  const base = accountPath(accountId);
  const key = [...accountsKey, accountId];
  const refresh = () => client.invalidateQueries({ queryKey: key });
  const refreshWithUsers = () => Promise.all([refresh(), client.invalidateQueries({ queryKey: ['admin', 'users'] })]);
  // The server answers an account's groups in one piece (no cursor).
  const groups = listOf<Group>(useQuery({ queryKey: [...key, 'groups'], queryFn: ({ signal }) => api.get<{ items: Group[] }>(`${base}/groups`, signal) }));
  const members = usePagedList<AccountMember>([...key, 'members'], `${base}/members`, withoutTwoFactor ? { withoutTwoFactor: 'true' } : {});
  const account = useQuery({ queryKey: [...key, 'detail'], queryFn: ({ signal }) => api.get<AdminAccountDetail>(base, signal) });
  const groupPath = (id: string) => `${base}/groups/${encodeURIComponent(id)}`;
  const memberPath = (userId: string) => `${base}/members/${encodeURIComponent(userId)}`;
  return {
    account,
    groups,
    members,
    membersWithoutTwoFactor: account.data?.membersWithoutTwoFactor ?? null,
    createGroup: useMutation({ mutationFn: (body: BodyOf<'/admin/accounts/{id}/groups', 'post'>) => api.post<Group>(`${base}/groups`, body), onSuccess: refresh }),
    renameGroup: useMutation({ mutationFn: ({ id, name }: { id: string; name: string }) => api.patch<Group>(groupPath(id), { name }), onSuccess: refresh }),
    deleteGroup: useMutation({ mutationFn: (id: string) => api.delete(groupPath(id)), onSuccess: refresh }),
    addMember: useMutation({ mutationFn: (body: BodyOf<'/admin/accounts/{id}/members', 'post'>) => api.post(`${base}/members`, body), onSuccess: refreshWithUsers }),
    moveMember: useMutation({ mutationFn: ({ userId, groupId }: { userId: string; groupId: string }) => api.patch(memberPath(userId), { groupId }), onSuccess: refreshWithUsers }),
    removeMember: useMutation({ mutationFn: (userId: string) => api.delete(memberPath(userId)), onSuccess: refreshWithUsers }),
    // the page leaves at once: its own queries are dropped rather than refetched into a 404
    deleteAccount: useMutation({
      mutationFn: () => api.delete(base),
      onSuccess: () => {
        client.removeQueries({ queryKey: key });
        return client.invalidateQueries({ queryKey: accountsKey });
      },
    }),
  };
}
