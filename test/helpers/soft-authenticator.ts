import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { encodeCBOR, type CBORType } from '@levischuck/tiny-cbor';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialDescriptorJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';

/**
 * A software WebAuthn authenticator and the part of the browser around it, for API tests: it
 * answers the JSON options a server hands out (`generateRegistrationOptions`,
 * `generateAuthenticationOptions`) with the JSON a browser posts back (what
 * `@simplewebauthn/browser`'s `startRegistration` / `startAuthentication` return).
 *
 * One P-256 key per credential (ES256, COSE alg -7), DER ECDSA signatures over SHA-256, `none`
 * attestation, credentials kept in memory per RP ID. Like a browser it refuses an RP ID the origin
 * may not use (SecurityError), a registration whose excludeCredentials names one of its
 * credentials (InvalidStateError), a key type it lacks (NotSupportedError) and an assertion for
 * which it holds no usable credential (NotAllowedError): DOMExceptions with those names.
 *
 * The overrides change what one response says, to test that the server refuses it.
 */

export interface SoftAuthenticatorOptions {
  /** The page's origin, written into clientDataJSON, e.g. `http://localhost:3000`. */
  origin: string;
  /** The RP ID used when the options carry none (`rp.id`, `rpId`). Default: the origin's hostname. */
  rpId?: string;
  /** The AAGUID (a UUID) in the attested credential data. Default: all zeros, as `none` attestation has. */
  aaguid?: string;
  /** BE flag: the credentials may be synced (a passkey provider). Default false. */
  backupEligible?: boolean;
  /** BS flag: the credentials are synced. Default false (BS without BE is sent as asked: the server must refuse it). */
  backedUp?: boolean;
  /** UV flag: the authenticator verifies the user (PIN, biometrics). Default true. */
  userVerification?: boolean;
  /**
   * Signature counter: `'increment'` (default) counts every assertion, 1, 2, …; `'zero'` stays 0
   * forever, as synced passkeys (iCloud Keychain, Google Password Manager) report.
   */
  counter?: 'increment' | 'zero';
  /** The transports reported at registration. Default `['internal']`. */
  transports?: string[];
}

/** What either ceremony's overrides may change in one response. */
export interface CeremonyOverrides {
  /** clientDataJSON.origin. */
  origin?: string;
  /** The RP ID whose SHA-256 goes into authenticatorData (the credential is still looked up under the real one). */
  rpId?: string;
  /** clientDataJSON.challenge, as sent (not re-encoded). */
  challenge?: string;
  /** clientDataJSON.type (`webauthn.create` / `webauthn.get`). */
  type?: string;
  /** The UV flag of this response, whatever the authenticator's `userVerification`. */
  userVerified?: boolean;
}

export interface RegisterOverrides extends CeremonyOverrides {
  /** The new credential's id (base64url) instead of 32 random bytes: e.g. one already registered elsewhere. */
  credentialId?: string;
}

export interface AuthenticateOverrides extends CeremonyOverrides {
  /**
   * The id the response claims. When a stored credential of this RP ID has it, that credential
   * answers (allowCredentials notwithstanding); otherwise the credential picked as usual signs and
   * the response claims this foreign id.
   */
  credentialId?: string;
  /** The signature counter of this response; the authenticator's own counter is left as it is. */
  counter?: number;
  /** Flip a byte of the signature. */
  tamperSignature?: boolean;
  /** response.userHandle: a base64url string, or null for none. */
  userHandle?: string | null;
}

/** A credential the authenticator holds (the private key stays inside). */
export interface SoftCredentialInfo {
  id: string;
  rpId: string;
  /** options.user.id of the registration (base64url). */
  userHandle: string;
  /** Whether it is discoverable (residentKey not 'discouraged'): found without allowCredentials, answers with its userHandle. */
  discoverable: boolean;
  counter: number;
}

interface StoredCredential extends SoftCredentialInfo {
  privateKey: KeyObject;
}

const ES256 = -7;
const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_BE = 0x08;
const FLAG_BS = 0x10;
const FLAG_AT = 0x40;

function domError(name: 'InvalidStateError' | 'NotAllowedError' | 'NotSupportedError' | 'SecurityError', message: string): DOMException {
  return new DOMException(message, name);
}

function sha256(data: Uint8Array | string): Buffer {
  return createHash('sha256').update(data).digest();
}

/** Credential ids compared as bytes, so that padding or its absence does not matter. */
function sameId(a: string, b: string): boolean {
  return Buffer.from(a, 'base64url').equals(Buffer.from(b, 'base64url'));
}

function parseAaguid(aaguid: string): Buffer {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(aaguid)) {
    throw new TypeError(`aaguid "${aaguid}" is not a UUID`);
  }
  return Buffer.from(aaguid.replaceAll('-', ''), 'hex');
}

export class SoftAuthenticator {
  readonly origin: string;
  readonly rpId: string;
  readonly aaguid: string;
  readonly backupEligible: boolean;
  readonly backedUp: boolean;
  readonly userVerification: boolean;
  readonly counterMode: 'increment' | 'zero';
  readonly transports: string[];
  readonly #aaguidBytes: Buffer;
  readonly #credentials: StoredCredential[] = [];

  constructor(options: SoftAuthenticatorOptions) {
    this.origin = new URL(options.origin).origin;
    this.rpId = options.rpId ?? new URL(options.origin).hostname;
    this.aaguid = options.aaguid ?? '00000000-0000-0000-0000-000000000000';
    this.#aaguidBytes = parseAaguid(this.aaguid);
    this.backupEligible = options.backupEligible ?? false;
    this.backedUp = options.backedUp ?? false;
    this.userVerification = options.userVerification ?? true;
    this.counterMode = options.counter ?? 'increment';
    this.transports = options.transports ?? ['internal'];
  }

  /** navigator.credentials.create(): a new ES256 credential with `none` attestation. */
  register(options: PublicKeyCredentialCreationOptionsJSON, overrides: RegisterOverrides = {}): RegistrationResponseJSON {
    const rpId = this.#checkRpId(options.rp.id);
    const params = options.pubKeyCredParams.length > 0 ? options.pubKeyCredParams : [{ type: 'public-key', alg: ES256 }];
    if (!params.some((param) => param.type === 'public-key' && param.alg === ES256)) {
      throw domError('NotSupportedError', `only ES256 (-7) is supported; pubKeyCredParams offer ${params.map((p) => p.alg).join(', ')}`);
    }
    const excluded = (options.excludeCredentials ?? []).find((descriptor) =>
      this.#credentials.some((credential) => credential.rpId === rpId && sameId(credential.id, descriptor.id)),
    );
    if (excluded) {
      throw domError('InvalidStateError', `the authenticator already holds excluded credential ${excluded.id} for ${rpId}`);
    }

    const idBytes = overrides.credentialId !== undefined ? Buffer.from(overrides.credentialId, 'base64url') : randomBytes(32);
    const id = idBytes.toString('base64url');
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    if (jwk.x === undefined || jwk.y === undefined) throw new Error('P-256 public key without x/y');
    const coseKey = encodeCBOR(
      new Map<number, CBORType>([
        [1, 2], // kty: EC2
        [3, ES256], // alg
        [-1, 1], // crv: P-256
        [-2, Buffer.from(jwk.x, 'base64url')],
        [-3, Buffer.from(jwk.y, 'base64url')],
      ]),
    );

    // residentKey, or the Level 1 requireResidentKey when it is absent (the spec's fallback)
    const selection = options.authenticatorSelection;
    const residentKey = selection?.residentKey ?? (selection?.requireResidentKey ? 'required' : 'discouraged');
    const discoverable = residentKey !== 'discouraged';
    const counter = 0;
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(idBytes.length);
    const authData = Buffer.concat([
      this.#authDataHead(overrides.rpId ?? rpId, FLAG_AT | this.#flags(overrides.userVerified), counter),
      this.#aaguidBytes,
      idLength,
      idBytes,
      coseKey,
    ]);
    const attestationObject = encodeCBOR(
      new Map<string, CBORType>([
        ['fmt', 'none'],
        ['attStmt', new Map<string, CBORType>()],
        ['authData', authData],
      ]),
    );
    const clientDataJSON = this.#clientData('webauthn.create', options.challenge, overrides);

    this.#credentials.push({ id, rpId, userHandle: options.user.id, discoverable, counter, privateKey });
    return {
      id,
      rawId: id,
      type: 'public-key',
      response: {
        clientDataJSON: clientDataJSON.toString('base64url'),
        attestationObject: Buffer.from(attestationObject).toString('base64url'),
        transports: [...this.transports],
        publicKeyAlgorithm: ES256,
        publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64url'),
        authenticatorData: authData.toString('base64url'),
      },
      clientExtensionResults: options.extensions?.credProps ? { credProps: { rk: discoverable } } : {},
      authenticatorAttachment: 'platform',
    };
  }

  /** navigator.credentials.get(): an assertion by a credential of the options' RP ID. */
  authenticate(options: PublicKeyCredentialRequestOptionsJSON, overrides: AuthenticateOverrides = {}): AuthenticationResponseJSON {
    const rpId = this.#checkRpId(options.rpId);
    const credential = this.#pick(rpId, options.allowCredentials, overrides.credentialId);
    const id = overrides.credentialId !== undefined ? Buffer.from(overrides.credentialId, 'base64url').toString('base64url') : credential.id;

    let counter: number;
    if (overrides.counter !== undefined) {
      counter = overrides.counter;
    } else {
      if (this.counterMode === 'increment') credential.counter += 1;
      counter = credential.counter;
    }
    const authData = this.#authDataHead(overrides.rpId ?? rpId, this.#flags(overrides.userVerified), counter);
    const clientDataJSON = this.#clientData('webauthn.get', options.challenge, overrides);
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), credential.privateKey);
    if (overrides.tamperSignature) signature[signature.length - 1] ^= 0x01;

    const userHandle = overrides.userHandle !== undefined ? overrides.userHandle : credential.discoverable ? credential.userHandle : null;
    return {
      id,
      rawId: id,
      type: 'public-key',
      response: {
        clientDataJSON: clientDataJSON.toString('base64url'),
        authenticatorData: authData.toString('base64url'),
        signature: signature.toString('base64url'),
        ...(userHandle !== null ? { userHandle } : {}),
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  /** The ids (base64url) of the credentials it holds, oldest first; of one RP ID when given. */
  credentialIds(rpId?: string): string[] {
    return this.#credentials.filter((credential) => rpId === undefined || credential.rpId === rpId).map((credential) => credential.id);
  }

  /** What it holds about one credential (a copy), or undefined. */
  credential(credentialId: string): SoftCredentialInfo | undefined {
    const found = this.#credentials.find((credential) => sameId(credential.id, credentialId));
    if (!found) return undefined;
    const { id, rpId, userHandle, discoverable, counter } = found;
    return { id, rpId, userHandle, discoverable, counter };
  }

  /** Deletes a credential, as a user does in their passkey manager; false when it held none with that id. */
  forget(credentialId: string): boolean {
    const index = this.#credentials.findIndex((credential) => sameId(credential.id, credentialId));
    if (index < 0) return false;
    this.#credentials.splice(index, 1);
    return true;
  }

  /** The RP ID of a ceremony: the options' or the default, which must be the origin's host or a parent domain of it. */
  #checkRpId(requested: string | undefined): string {
    const rpId = requested ?? this.rpId;
    const host = new URL(this.origin).hostname;
    if (rpId !== host && !host.endsWith(`.${rpId}`)) {
      throw domError('SecurityError', `RP ID "${rpId}" is not valid for origin ${this.origin}`);
    }
    return rpId;
  }

  #pick(rpId: string, allow: PublicKeyCredentialDescriptorJSON[] | undefined, claimed: string | undefined): StoredCredential {
    const ofRp = this.#credentials.filter((credential) => credential.rpId === rpId);
    const named = claimed !== undefined ? ofRp.find((credential) => sameId(credential.id, claimed)) : undefined;
    if (named) return named;
    const candidates =
      allow !== undefined && allow.length > 0
        ? ofRp.filter((credential) => allow.some((descriptor) => sameId(descriptor.id, credential.id)))
        : ofRp.filter((credential) => credential.discoverable);
    const [first] = candidates;
    if (!first) {
      const asked = allow !== undefined && allow.length > 0 ? `any of ${allow.map((d) => d.id).join(', ')}` : 'a discoverable credential';
      throw domError('NotAllowedError', `no credential for ${rpId}: the server asked for ${asked}`);
    }
    return first;
  }

  #flags(userVerified: boolean | undefined): number {
    let flags = FLAG_UP;
    if (userVerified ?? this.userVerification) flags |= FLAG_UV;
    if (this.backupEligible) flags |= FLAG_BE;
    if (this.backedUp) flags |= FLAG_BS;
    return flags;
  }

  /** rpIdHash (32) | flags (1) | signCount (4, big-endian). */
  #authDataHead(rpId: string, flags: number, counter: number): Buffer {
    const head = Buffer.alloc(37);
    sha256(rpId).copy(head, 0);
    head.writeUInt8(flags, 32);
    head.writeUInt32BE(counter, 33);
    return head;
  }

  /** The bytes of clientDataJSON, members in the order browsers write them. */
  #clientData(type: string, challenge: string, overrides: CeremonyOverrides): Buffer {
    return Buffer.from(
      JSON.stringify({
        type: overrides.type ?? type,
        // a browser decodes the challenge to bytes and encodes them again (unpadded base64url)
        challenge: overrides.challenge ?? Buffer.from(challenge, 'base64url').toString('base64url'),
        origin: overrides.origin ?? this.origin,
        crossOrigin: false,
      }),
      'utf8',
    );
  }
}
