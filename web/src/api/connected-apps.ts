import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useReauth } from '../components/reauth';
import { api } from './client';
import { listOf } from './lists';
import type { ConnectedApp } from './types';

const connectedAppsKey = ['connected-apps'] as const;

/** The apps the user signed in to with this account (answered in one piece, no cursor). */
export function useConnectedApps() {
  return listOf<ConnectedApp>(useQuery({ queryKey: connectedAppsKey, queryFn: ({ signal }) => api.get<{ items: ConnectedApp[] }>('/profile/connected-apps', signal) }));
}

/** Removes an app's access: its consent and tokens, and the user's sessions with it. */
export function useRevokeConnectedApp() {
  const client = useQueryClient();
  const withReauth = useReauth();
  return useMutation({
    mutationFn: (appId: string) => withReauth(() => api.delete(`/profile/connected-apps/${encodeURIComponent(appId)}`)),
    onSettled: () => client.invalidateQueries({ queryKey: connectedAppsKey }),
  });
}
