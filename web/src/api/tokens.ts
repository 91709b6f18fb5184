import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useReauth } from '../components/reauth';
import { api } from './client';
import { usePagedList } from './lists';
import type { ApiToken, CreatedToken, NewToken, TokenPolicy } from './types';

const tokensKey = ['tokens'] as const;
export const tokenPolicyKey = ['token-policy'] as const;

export const useTokens = () => usePagedList<ApiToken>(tokensKey, '/tokens');

/** The admin cap on token lifetime and the latest expiry the server accepts now (both null without a cap). */
export const useTokenPolicy = () => useQuery({ queryKey: tokenPolicyKey, queryFn: ({ signal }) => api.get<TokenPolicy>('/tokens/policy', signal), staleTime: 0 });

/** Creating is sensitive; the answer carries the token, shown once. */
export function useCreateToken() {
  const client = useQueryClient();
  const withReauth = useReauth();
  return useMutation({
    mutationFn: (body: NewToken) => withReauth(() => api.post<CreatedToken>('/tokens', body)),
    onSuccess: () => client.invalidateQueries({ queryKey: tokensKey }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  const withReauth = useReauth();
  return useMutation({
    mutationFn: (id: string) => withReauth(() => api.delete(`/tokens/${encodeURIComponent(id)}`)),
    onSettled: () => client.invalidateQueries({ queryKey: tokensKey }),
  });
}
