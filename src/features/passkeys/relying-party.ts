/**
 * Who the passkeys are for: the relying party of WebAuthn. Its id is the host name of the
 * public origin (`USERHUB_ORIGIN`), so a passkey made on https://id.example.com works there
 * only; browsers refuse WebAuthn on an IP-address origin other than the API's own tests.
 */
export interface RelyingParty {
  /** the RP ID: the origin's host name, without port */
  id: string;
  /** the one origin whose pages may answer a challenge */
  origin: string;
  /** shown by the authenticator beside the user's name */
  name: string;
}

export function relyingPartyOf(origin: string, name: string): RelyingParty {
  const url = new URL(origin);
  return { id: url.hostname.replace(/^\[|\]$/g, ''), origin: url.origin, name };
}
