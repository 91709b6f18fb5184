import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useReauth } from '../components/reauth';
import {
  type PublicKeyCredentialCreationOptionsJSON,
  createPasskey,
  knownUserHandle,
  rememberUserHandle,
  signalAcceptedPasskeys,
  signalUserDetails,
} from '../lib/webauthn';
import { api } from './client';
import { useMe, useRefreshProfile } from './profile';
import type { NewPasskey, Passkey, Profile } from './types';

/** The most passkeys one account may have (the server refuses more with `passkey_limit_reached`). */
export const MAX_PASSKEYS = 20;

const passkeysKey = ['passkeys'] as const;
const path = (id: string) => `/profile/passkeys/${encodeURIComponent(id)}`;

type PasskeyList = { items: Passkey[] };

/** The signed-in user's passkeys (one short list, no cursor). Each carries the user's WebAuthn handle: it is remembered for the signals. */
export function usePasskeys() {
  const me = useMe();
  return useQuery({
    queryKey: passkeysKey,
    queryFn: async ({ signal }) => {
      const list = await api.get<PasskeyList>('/profile/passkeys', signal);
      rememberUserHandle(me.id, list.items[0]?.userHandle);
      return list;
    },
  });
}

/**
 * After a rename or deletion, tells the browser's password manager what the server accepts now
 * (so a deleted passkey stops being offered) and the user's current names. Needs the WebAuthn
 * user handle (in the list, or remembered from before the last one went) and every credential ID.
 */
function signalChange(list: PasskeyList, me: Profile, { details }: { details: boolean }): void {
  const handle = list.items[0]?.userHandle ?? knownUserHandle(me.id);
  if (!handle) return;
  signalAcceptedPasskeys(handle, list.items.map((passkey) => passkey.credentialId));
  if (details) signalUserDetails(handle, me.username, me.displayName);
}

/** Refetches the list and the profile (its passkey count), then sends the signals from the fresh list. */
function useAfterChange() {
  const client = useQueryClient();
  const refreshProfile = useRefreshProfile();
  const me = useMe();
  return async ({ details }: { details: boolean }) => {
    void refreshProfile();
    await client.invalidateQueries({ queryKey: passkeysKey });
    const list = client.getQueryData<PasskeyList>(passkeysKey);
    if (list) signalChange(list, me, { details });
  };
}

/**
 * Adds a passkey: the server's options (sensitive: a fresh sign-in proof first when it wants
 * one), the browser's ceremony, the server's verification. Cancelling in the browser rejects
 * with a CancelledError (no error shown).
 */
export function useAddPasskey() {
  const withReauth = useReauth();
  const me = useMe();
  const client = useQueryClient();
  const refreshProfile = useRefreshProfile();
  return useMutation({
    mutationFn: async ({ name }: { name: string }) => {
      const options = await withReauth(() => api.post<PublicKeyCredentialCreationOptionsJSON>('/profile/passkeys/registration/options', {}));
      rememberUserHandle(me.id, options.user.id);
      const response = await createPasskey(options);
      const body: NewPasskey = name === '' ? { response } : { response, name };
      return api.post<Passkey>('/profile/passkeys/registration', body);
    },
    onSuccess: () => {
      void refreshProfile();
      return client.invalidateQueries({ queryKey: passkeysKey });
    },
  });
}

export function useRenamePasskey() {
  const withReauth = useReauth();
  const afterChange = useAfterChange();
  return useMutation({
    mutationFn: ({ id, name }: { id: string; name: string }) => withReauth(() => api.patch<Passkey>(path(id), { name })),
    onSuccess: () => afterChange({ details: true }),
  });
}

/** Sensitive; the server also ends the other sessions signed in with this passkey. */
export function useDeletePasskey() {
  const withReauth = useReauth();
  const afterChange = useAfterChange();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => withReauth(() => api.delete(path(id))),
    onSuccess: () => afterChange({ details: false }),
    // already gone (deleted in another tab): the list shows what is left
    onError: () => client.invalidateQueries({ queryKey: passkeysKey }),
  });
}
