import { QueryCache, QueryClient, MutationCache, useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, onProblem, query } from './client';
import type { Membership, Page, Profile } from './types';

export const keys = {
  profile: ['profile'] as const,
  sessions: (state: string) => ['sessions', state] as const,
  events: ['events'] as const,
  tokens: ['tokens'] as const,
  apps: ['apps'] as const,
  appPasswords: ['app-passwords'] as const,
  accounts: ['accounts'] as const,
};

const SIGNED_OUT_FLAG = 'userhub.signedOut';

/** Remembered for the sign-in page: "your session has ended". */
export function takeSignedOutNotice(): boolean {
  try {
    const flag = sessionStorage.getItem(SIGNED_OUT_FLAG) === '1';
    sessionStorage.removeItem(SIGNED_OUT_FLAG);
    return flag;
  } catch {
    return false;
  }
}

export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache(),
    mutationCache: new MutationCache(),
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: true,
        retry: (failures, error) => !(error instanceof ApiError && error.status > 0 && error.status < 500) && failures < 2,
      },
      mutations: { retry: false },
    },
  });
  // The server ended this session (revoked elsewhere, expired, password changed): back to sign-in.
  // Before sign-in there is nothing to forget: the profile query itself turns 401 into "signed out".
  onProblem('unauthenticated', () => {
    if (!client.getQueryData(keys.profile)) return;
    try {
      sessionStorage.setItem(SIGNED_OUT_FLAG, '1');
    } catch {
      // ignore: the notice is a courtesy
    }
    signOutLocally(client);
  });
  // The instance now requires 2FA of this user: the profile says so and the app narrows to enrolment.
  onProblem('twofactor_setup_required', () => {
    void client.invalidateQueries({ queryKey: keys.profile });
  });
  return client;
}

/** Forgets everything about the signed-in user; the app falls back to the sign-in page. */
export function signOutLocally(client: QueryClient): void {
  client.cancelQueries();
  client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'profile' });
  client.setQueryData(keys.profile, null);
}

async function fetchProfile(): Promise<Profile | null> {
  try {
    return await api.get<Profile>('/profile');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/** The signed-in user, or null before sign-in. */
export function useProfileQuery() {
  return useQuery({ queryKey: keys.profile, queryFn: fetchProfile, staleTime: 60_000, retry: 1 });
}

/** Inside the signed-in shell the profile is always there. */
export function useMe(): Profile {
  const client = useQueryClient();
  const { data } = useProfileQuery();
  const profile = data ?? client.getQueryData<Profile | null>(keys.profile);
  if (!profile) throw new Error('useMe outside the signed-in area');
  return profile;
}

/** A cursor-paginated list: pages are concatenated; `fetchNextPage` loads more. */
export function usePagedList<T>(key: readonly unknown[], path: string, params: Record<string, string | number | undefined> = {}, enabled = true) {
  const result = useInfiniteQuery({
    queryKey: [...key, params],
    enabled,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => api.get<Page<T>>(`${path}${query({ ...params, limit: 20, cursor: pageParam ?? undefined })}`),
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = result.data?.pages.flatMap((page) => page.items) ?? [];
  return { ...result, items };
}

/** The user's memberships; an instance without accounts answers an empty list. */
export function useMemberships(enabled = true) {
  return useQuery({
    queryKey: keys.accounts,
    enabled,
    queryFn: () => api.get<Page<Membership> | { items: Membership[] }>('/accounts'),
    select: (page) => page.items,
  });
}
