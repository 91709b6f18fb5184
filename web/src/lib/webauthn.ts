import {
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  WebAuthnAbortService,
  WebAuthnError,
  browserSupportsWebAuthn,
  browserSupportsWebAuthnAutofill,
  sendSignal,
  startAuthentication,
  startRegistration,
} from '@simplewebauthn/browser';
import { isApiError } from '../api/client';
import { CancelledError } from './cancelled';
import { LocalizedError } from './problem';

/**
 * The browser's side of passkeys (WebAuthn, through @simplewebauthn/browser): the two
 * ceremonies with their failures turned into what the dashboard shows, the conditional
 * (autofill) request, and the signals that tell password managers what the server accepts.
 *
 * Failures: the person cancelling (NotAllowedError, or an abort) is a CancelledError, which no
 * error banner shows; an authenticator that already holds a passkey for this account
 * (InvalidStateError from excludeCredentials) gets the same message as the server's
 * `passkey_already_registered`; anything else a LocalizedError.
 */

export type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON };

/** An authenticator's answer as it goes to the server: JSON, the extension results a plain record. */
type Wire<T extends { clientExtensionResults: object }> = Omit<T, 'clientExtensionResults'> & { clientExtensionResults: Record<string, unknown> };
export type PasskeyCreation = Wire<RegistrationResponseJSON>;
export type PasskeyAssertion = Wire<AuthenticationResponseJSON>;
function wire<T extends { clientExtensionResults: object }>(answer: T): Wire<T> {
  const clientExtensionResults: Record<string, unknown> = { ...answer.clientExtensionResults };
  return { ...answer, clientExtensionResults };
}

/** The relying party is this site: the server derives its RP ID from the same host name. */
const rpId = () => window.location.hostname;

/** Whether this browser can create and use passkeys at all. */
export const passkeysSupported = (): boolean => browserSupportsWebAuthn();

/** Whether the browser offers passkeys in the username field's autofill (conditional mediation). */
export async function passkeyAutofillSupported(): Promise<boolean> {
  try {
    return browserSupportsWebAuthn() && (await browserSupportsWebAuthnAutofill());
  } catch {
    return false;
  }
}

/** The WebAuthn DOMException's name behind a failure (the library wraps it in a WebAuthnError). */
function domName(error: unknown): string {
  if (error instanceof WebAuthnError) {
    if (error.code === 'ERROR_CEREMONY_ABORTED') return 'AbortError';
    const cause = error.cause;
    return cause instanceof Error ? cause.name : error.name;
  }
  return error instanceof Error ? error.name : '';
}

function ceremonyFailure(error: unknown): Error {
  const name = domName(error);
  if (name === 'NotAllowedError' || name === 'AbortError') return new CancelledError();
  if (name === 'InvalidStateError') return new LocalizedError('problems.passkey_already_registered', { cause: error });
  if (name === 'SecurityError') return new LocalizedError('passkeys.errors.insecure', { cause: error });
  if (!browserSupportsWebAuthn()) return new LocalizedError('passkeys.errors.unsupported', { cause: error });
  return new LocalizedError('passkeys.errors.failed', { cause: error });
}

/** What kind of request the browser is showing now: only one runs at a time (WebAuthnAbortService). */
let running: 'modal' | 'conditional' | null = null;

async function ceremony<T>(kind: 'modal' | 'conditional', start: () => Promise<T>): Promise<T> {
  if (!browserSupportsWebAuthn()) throw new LocalizedError('passkeys.errors.unsupported');
  running = kind;
  try {
    return await start();
  } catch (error) {
    throw ceremonyFailure(error);
  } finally {
    if (running === kind) running = null;
  }
}

/** Asks the browser to create a passkey with the server's registration options. */
export function createPasskey(optionsJSON: PublicKeyCredentialCreationOptionsJSON): Promise<PasskeyCreation> {
  return ceremony('modal', async () => wire(await startRegistration({ optionsJSON })));
}

/** Asks the browser for a passkey (sign-in, second factor, re-authentication). Cancels a pending autofill request. */
export function getPasskey(optionsJSON: PublicKeyCredentialRequestOptionsJSON): Promise<PasskeyAssertion> {
  return ceremony('modal', async () => wire(await startAuthentication({ optionsJSON })));
}

/**
 * The conditional request behind the username field's autofill: it stays pending until the
 * person picks a passkey among the suggestions, or until it is cancelled.
 */
export function getPasskeyByAutofill(optionsJSON: PublicKeyCredentialRequestOptionsJSON): Promise<PasskeyAssertion> {
  return ceremony('conditional', async () => wire(await startAuthentication({ optionsJSON, useBrowserAutofill: true })));
}

/** Ends a pending autofill request (the password form was sent, the page is left); a modal one is left alone. */
export function cancelPasskeyAutofill(): void {
  if (running === 'conditional') WebAuthnAbortService.cancelCeremony();
}

type SignalName = 'signalUnknownCredential' | 'signalAllAcceptedCredentials' | 'signalCurrentUserDetails';

/** Signals are fire and forget: sent only where the browser has them, and a failure changes nothing for the person. */
function signal(method: SignalName, send: () => Promise<unknown>): void {
  const credential = (globalThis as { PublicKeyCredential?: Partial<Record<SignalName, unknown>> }).PublicKeyCredential;
  if (typeof credential?.[method] !== 'function') return;
  send().catch(() => undefined);
}

/** The server does not know this credential (deleted): the password manager may hide it. */
export function signalUnknownPasskey(credentialId: string): void {
  signal('signalUnknownCredential', () => sendSignal({ signalName: 'unknownCredential', rpID: rpId(), credentialID: credentialId }));
}

/** Every credential the server still accepts for this user: the password manager may drop the others. */
export function signalAcceptedPasskeys(userHandle: string, credentialIds: string[]): void {
  signal('signalAllAcceptedCredentials', () =>
    sendSignal({ signalName: 'allAcceptedCredentials', rpID: rpId(), userID: userHandle, allAcceptedCredentialIDs: credentialIds }),
  );
}

/** The user's current names, which the password manager shows next to the passkey. */
export function signalUserDetails(userHandle: string, userName: string, displayName: string): void {
  signal('signalCurrentUserDetails', () => sendSignal({ signalName: 'currentUserDetails', rpID: rpId(), userID: userHandle, userName, userDisplayName: displayName }));
}

/**
 * A passkey the server refused (`invalid_credentials`), as the dashboard says it: a password
 * message would mislead. When the server does not know the credential at all (deleted here), the
 * browser is told so that its password manager stops offering it. Other errors pass unchanged.
 */
export function passkeyRefusal(error: unknown, response?: PasskeyAssertion): unknown {
  if (!isApiError(error, 'invalid_credentials')) return error;
  const problem = error.problem;
  if (problem.unknownCredential !== true) return new LocalizedError('passkeys.errors.refused', { cause: error });
  const credentialId = typeof problem.credentialId === 'string' && problem.credentialId !== '' ? problem.credentialId : response?.id;
  if (credentialId) signalUnknownPasskey(credentialId);
  return new LocalizedError('passkeys.errors.unknown', { cause: error });
}

/**
 * WebAuthn user handles seen in this page's life (registration options carry `user.id`, a
 * passkey's assertion its `userHandle`), by user id: the signals need the handle, and the list
 * from the server may not carry it. Kept in memory only.
 */
const userHandles = new Map<string, string>();

export function rememberUserHandle(userId: string, handle: string | undefined | null): void {
  if (handle) userHandles.set(userId, handle);
}

export const knownUserHandle = (userId: string): string | undefined => userHandles.get(userId);
