import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { usePagedList } from './lists';
import { passwordPolicyKey } from './password-policy';
import { profileKey } from './profile';
import { tokenPolicyKey } from './tokens';
import type { Settings, SettingsPatch, UserWithoutTwoFactor } from './types';

const settingsKey = ['admin', 'settings'] as const;

/** Instance-wide rules: profile lock, Gravatar, password length, token lifetime, mandatory 2FA. */
export const useSettings = () => useQuery({ queryKey: settingsKey, queryFn: ({ signal }) => api.get<Settings>('/admin/settings', signal) });

export function useUpdateSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: SettingsPatch) => api.patch<Settings>('/admin/settings', patch),
    onSuccess: (settings) => {
      client.setQueryData(settingsKey, settings);
      // Locks and Gravatar change what the admin's own profile shows; the lengths, their hints.
      void client.invalidateQueries({ queryKey: profileKey });
      void client.invalidateQueries({ queryKey: passwordPolicyKey });
      void client.invalidateQueries({ queryKey: tokenPolicyKey });
      void client.invalidateQueries({ queryKey: [...settingsKey, 'without-twofactor'] });
    },
  });
}

/**
 * Who `usersWithoutTwoFactor` counts, `pageSize` at a time (oldest first): the settings show the
 * first page and "and N more", each further page on request.
 */
export const useUsersWithoutTwoFactor = (pageSize: number) =>
  usePagedList<UserWithoutTwoFactor>([...settingsKey, 'without-twofactor'], '/admin/settings/users-without-twofactor', { limit: pageSize });
