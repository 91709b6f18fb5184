import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { DirectoryConfig, DirectoryInput, DirectoryState, DirectoryTest, SyncReport } from './types';

const directoryKey = ['admin', 'directory'] as const;

/** The external LDAP directory: its configuration (null when none) and the last sync. */
export const useDirectory = () => useQuery({ queryKey: directoryKey, queryFn: ({ signal }) => api.get<DirectoryState>('/admin/directory', signal) });

function useRefreshDirectory() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: directoryKey });
}

export function useSaveDirectory() {
  const refresh = useRefreshDirectory();
  return useMutation({ mutationFn: (body: DirectoryInput) => api.put<DirectoryConfig>('/admin/directory', body), onSuccess: () => refresh() });
}

/** Tests the given settings before they are saved, or (without) the stored ones. */
export function useTestDirectory() {
  return useMutation({
    mutationFn: (body: DirectoryInput | null) => (body ? api.post<DirectoryTest>('/admin/directory/test', body) : api.postEmpty<DirectoryTest>('/admin/directory/test')),
  });
}

export function useSyncDirectory() {
  const refresh = useRefreshDirectory();
  return useMutation({ mutationFn: () => api.postEmpty<SyncReport>('/admin/directory/sync'), onSettled: () => refresh() });
}

export function useDisconnectDirectory() {
  const refresh = useRefreshDirectory();
  return useMutation({ mutationFn: () => api.delete('/admin/directory'), onSuccess: () => refresh() });
}
