import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from './client';
import type { ResponseOf } from './types';

/** The inspect route of each kind of mailed link, and what it answers. */
interface Inspections {
  '/auth/password-reset/inspect': ResponseOf<'/auth/password-reset/inspect', 'post'>;
  '/profile/email/inspect': ResponseOf<'/profile/email/inspect', 'post'>;
  '/auth/invitation/inspect': ResponseOf<'/auth/invitation/inspect', 'post'>;
  '/auth/lockdown/inspect': ResponseOf<'/auth/lockdown/inspect', 'post'>;
}

/**
 * What a mailed link is about (whose account, which address), read when its page opens. The
 * token goes in a POST body, never in a URL the server logs; inspecting uses nothing up.
 * Read once and kept: once the link is used (and a sign-out clears the cache), reading it again
 * would only say it is used.
 */
export function useLinkInspection<P extends keyof Inspections>(path: P, token: string) {
  const [kept, setKept] = useState<Inspections[P] | undefined>(undefined);
  const query = useQuery({
    queryKey: ['link-inspection', path, token],
    queryFn: () => api.post<Inspections[P]>(path, { token }),
    enabled: token !== '' && kept === undefined,
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
  if (query.data !== undefined && query.data !== kept) setKept(query.data);
  return { data: query.data ?? kept, isPending: query.isPending && kept === undefined, error: query.error, refetch: query.refetch };
}
