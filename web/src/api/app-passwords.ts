import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useReauth } from '../components/reauth';
import { api } from './client';
import { usePagedList, useWholeList } from './lists';
import type { App, AppPassword, CreatedAppPassword, NewAppPassword } from './types';

const appPasswordsKey = ['app-passwords'] as const;
/** The registered apps as users see them (id, name, url); admins change them in api/admin-apps.ts. */
export const appsKey = ['apps'] as const;

export const useAppPasswords = () => usePagedList<AppPassword>(appPasswordsKey, '/app-passwords');

/** Every registered app, for the picker of a new app password. */
export const useApps = () => useWholeList<App>(appsKey, '/apps');

/** Creating is sensitive; the answer carries the password, shown once. */
export function useCreateAppPassword() {
  const client = useQueryClient();
  const withReauth = useReauth();
  return useMutation({
    mutationFn: (body: NewAppPassword) => withReauth(() => api.post<CreatedAppPassword>('/app-passwords', body)),
    onSuccess: () => client.invalidateQueries({ queryKey: appPasswordsKey }),
  });
}

export function useDeleteAppPassword() {
  const client = useQueryClient();
  const withReauth = useReauth();
  return useMutation({
    mutationFn: (id: string) => withReauth(() => api.delete(`/app-passwords/${encodeURIComponent(id)}`)),
    onSettled: () => client.invalidateQueries({ queryKey: appPasswordsKey }),
  });
}
