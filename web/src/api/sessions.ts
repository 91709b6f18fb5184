import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { usePagedList } from './lists';
import type { Session, SessionState } from './types';

const sessionsKey = ['sessions'] as const;

/** The user's sessions in one state (active: signed in now; ended: the history). */
export const useSessions = (state: SessionState) => usePagedList<Session>([...sessionsKey, state], '/sessions', { state });

export function useEndSession() {
  const client = useQueryClient();
  return useMutation({ mutationFn: (id: string) => api.delete(`/sessions/${encodeURIComponent(id)}`), onSettled: () => client.invalidateQueries({ queryKey: sessionsKey }) });
}

/** Ends every session but this one. */
export function useEndOtherSessions() {
  const client = useQueryClient();
  return useMutation({ mutationFn: () => api.delete('/sessions'), onSettled: () => client.invalidateQueries({ queryKey: sessionsKey }) });
}
