import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { profileKey } from './profile';
import type { Settings, SettingsPatch } from './types';

const settingsKey = ['admin', 'settings'] as const;

/** Instance-wide rules: profile lock, Gravatar, password length, token lifetime, mandatory 2FA. */
export const useSettings = () => useQuery({ queryKey: settingsKey, queryFn: ({ signal }) => api.get<Settings>('/admin/settings', signal) });

export function useUpdateSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: SettingsPatch) => api.patch<Settings>('/admin/settings', patch),
    onSuccess: (settings) => {
      client.setQueryData(settingsKey, settings);
      // Locks and Gravatar change what the admin's own profile shows.
      void client.invalidateQueries({ queryKey: profileKey });
    },
  });
}
