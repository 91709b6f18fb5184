import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useReauth } from '../components/reauth';
import { api } from './client';
import { usePagedList } from './lists';
import type { ApiToken, CreatedToken, NewToken } from './types';

const tokensKey = ['tokens'] as const;

export const useTokens = () => usePagedList<ApiToken>(tokensKey, '/tokens');

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
