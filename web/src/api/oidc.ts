import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { OidcConsent, OidcInteraction, OidcRedirect } from './types';

const interactionPath = (uid: string) => `/oidc/interactions/${encodeURIComponent(uid)}`;

/** What an app asks for (the consent page): the app, and each scope with the server's words. */
export function useOidcInteraction(uid: string) {
  return useQuery({
    queryKey: ['oidc', 'interaction', uid],
    queryFn: ({ signal }) => api.get<OidcInteraction>(interactionPath(uid), signal),
    // An interaction is asked about once: refetching on focus would only find it spent.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    retry: false,
  });
}

/** Allow or cancel: the answer says where the browser goes (back to the provider, then the app). */
export function useDecideConsent(uid: string) {
  return useMutation({ mutationFn: (body: OidcConsent) => api.post<OidcRedirect>(`${interactionPath(uid)}/consent`, body) });
}

/** "Back to the app" from the no-access page: the app is told access_denied. */
export function useRefuseInteraction(uid: string) {
  return useMutation({ mutationFn: () => api.postEmpty<OidcRedirect>(`${interactionPath(uid)}/refuse`) });
}

/** "Back to the app" from the confirm-it's-you page (the app asked for a fresh sign-in): the app is told access_denied. */
export function useCancelInteraction(uid: string) {
  return useMutation({ mutationFn: () => api.postEmpty<OidcRedirect>(`${interactionPath(uid)}/cancel`) });
}
