import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError, onProblem } from './client';
import { profileKey } from './profile';

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
    // networkMode 'always': offline, a request fails at once and says so (network_error), instead
    // of TanStack Query's default of pausing it and sending it whenever the browser is back
    // online, minutes later and unseen. Lists and pages offer a retry; a save is sent again only
    // when the user presses it again.
    defaultOptions: {
      queries: {
        networkMode: 'always',
        staleTime: 15_000,
        refetchOnWindowFocus: true,
        retry: (failures, error) => !(error instanceof ApiError && error.status > 0 && error.status < 500) && failures < 2,
      },
      mutations: { retry: false, networkMode: 'always' },
    },
  });
  // The server ended this session (revoked elsewhere, expired, password changed): back to sign-in.
  // Before sign-in there is nothing to forget: the profile query itself turns 401 into "signed out".
  onProblem('unauthenticated', () => {
    if (!client.getQueryData(profileKey)) return;
    try {
      sessionStorage.setItem(SIGNED_OUT_FLAG, '1');
    } catch {
      // ignore: the notice is a courtesy
    }
    signOutLocally(client);
  });
  // The instance now requires 2FA of this user: the profile says so and the app narrows to enrolment.
  onProblem('twofactor_setup_required', () => {
    void client.invalidateQueries({ queryKey: profileKey });
  });
  return client;
}

/** Forgets everything about the signed-in user; the app falls back to the sign-in page. */
export function signOutLocally(client: QueryClient): void {
  client.cancelQueries();
  client.removeQueries({ predicate: (q) => q.queryKey[0] !== profileKey[0] });
  client.setQueryData(profileKey, null);
}
