import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useReauth } from '../components/reauth';
import { ApiError, api } from './client';
import type { BodyOf, PictureKind, Profile, ProfilePatch, ResponseOf } from './types';

/** The signed-in user's profile (`GET /profile`): null before sign-in. */
export const profileKey = ['profile'] as const;

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
  return useQuery({ queryKey: profileKey, queryFn: fetchProfile, staleTime: 60_000, retry: 1 });
}

/** Inside the signed-in shell the profile is always there. */
export function useMe(): Profile {
  const client = useQueryClient();
  const { data } = useProfileQuery();
  const profile = data ?? client.getQueryData<Profile | null>(profileKey);
  if (!profile) throw new Error('useMe outside the signed-in area');
  return profile;
}

/** Refetches the profile (after 2FA, picture or settings changes that show in it). */
export function useRefreshProfile() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: profileKey });
}

/**
 * PATCH /profile; the answer replaces the cached profile. `sensitive` (email, recovery email)
 * asks for a fresh sign-in proof when the server wants one.
 */
export function useUpdateProfile({ sensitive = false } = {}) {
  const client = useQueryClient();
  const withReauth = useReauth();
  return useMutation({
    mutationFn: (patch: ProfilePatch) => {
      const send = () => api.patch<Profile>('/profile', patch);
      return sensitive ? withReauth(send) : send();
    },
    onSuccess: (profile) => client.setQueryData(profileKey, profile),
  });
}

export function useChangePassword() {
  return useMutation({ mutationFn: (body: BodyOf<'/profile/password', 'put'>) => api.put('/profile/password', body) });
}

/** Upload (multipart `file`) or remove the avatar or background; the profile then shows the new URL. */
export function usePicture(kind: PictureKind) {
  const refresh = useRefreshProfile();
  const upload = useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return api.put<Profile>(`/profile/${kind}`, form);
    },
    onSuccess: () => refresh(),
  });
  const remove = useMutation({ mutationFn: () => api.delete<Profile>(`/profile/${kind}`), onSuccess: () => refresh() });
  return { upload, remove };
}

export function useDeleteAccount() {
  return useMutation({ mutationFn: (body: BodyOf<'/profile', 'delete'>) => api.delete('/profile', body) });
}

/** The mailed email-change links: `confirm` (sent to the new address) or `undo` (sent to the old one). */
export const confirmEmailLink = (mode: 'confirm' | 'undo', token: string) => api.post<ResponseOf<'/profile/email/confirm', 'post'>>(`/profile/email/${mode}`, { token });
