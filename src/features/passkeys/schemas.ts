import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { Type, type Static } from 'typebox';

/** base64url as browsers send it; the cap keeps a hostile body small */
const B64 = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '^[A-Za-z0-9_-]+={0,2}$' });
const Transports = Type.Array(Type.String({ minLength: 1, maxLength: 32 }), { maxItems: 8 });
const Attachment = Type.Optional(Type.Union([Type.Literal('platform'), Type.Literal('cross-platform')]));
const Extensions = Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), { maxProperties: 16 });

/** What `navigator.credentials.create` answered, as `@simplewebauthn/browser` encodes it. */
export const RegistrationResponseSchema = Type.Object(
  {
    id: B64(1024),
    rawId: B64(1024),
    type: Type.Literal('public-key'),
    response: Type.Object({
      clientDataJSON: B64(4096),
      attestationObject: B64(65536),
      authenticatorData: Type.Optional(B64(65536)),
      transports: Type.Optional(Transports),
      publicKeyAlgorithm: Type.Optional(Type.Integer()),
      publicKey: Type.Optional(B64(8192)),
    }),
    authenticatorAttachment: Attachment,
    clientExtensionResults: Extensions,
  },
  { description: 'RegistrationResponseJSON (WebAuthn Level 3 toJSON())' },
);

/** What `navigator.credentials.get` answered. */
export const AuthenticationResponseSchema = Type.Object(
  {
    id: B64(1024),
    rawId: B64(1024),
    type: Type.Literal('public-key'),
    response: Type.Object({
      clientDataJSON: B64(4096),
      authenticatorData: B64(65536),
      signature: B64(4096),
      userHandle: Type.Optional(B64(256)),
    }),
    authenticatorAttachment: Attachment,
    clientExtensionResults: Extensions,
  },
  { description: 'AuthenticationResponseJSON (WebAuthn Level 3 toJSON())' },
);

export type RegistrationResponseBody = Static<typeof RegistrationResponseSchema>;
export type AuthenticationResponseBody = Static<typeof AuthenticationResponseSchema>;

/*
 * The schemas above are the library's JSON types with every field checked for shape and size;
 * the library checks the rest (transport names, extension values) itself.
 */
export const asRegistrationResponse = (body: RegistrationResponseBody) => body as RegistrationResponseJSON;
export const asAuthenticationResponse = (body: AuthenticationResponseBody) => body as AuthenticationResponseJSON;

/** Options for `navigator.credentials.get` / `.create`: passed to the browser as they are. */
export const RequestOptionsSchema = Type.Unsafe<PublicKeyCredentialRequestOptionsJSON>(
  Type.Object({}, { additionalProperties: true, description: 'PublicKeyCredentialRequestOptionsJSON' }),
);
export const CreationOptionsSchema = Type.Unsafe<PublicKeyCredentialCreationOptionsJSON>(
  Type.Object({}, { additionalProperties: true, description: 'PublicKeyCredentialCreationOptionsJSON' }),
);
