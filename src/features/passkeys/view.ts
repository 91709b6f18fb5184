import { Type } from 'typebox';
import type { PasskeyRow } from '../../db/schema.js';
import { providerOf } from './providers.js';
import { transportsOf } from './verifier.js';

export const PasskeySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  provider: Type.Union([Type.String(), Type.Null()], { description: 'from the AAGUID: "Google Password Manager", "Apple Passwords", …; null when unknown' }),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  backedUp: Type.Boolean({ description: 'synced by its provider (true) or bound to one device' }),
  deviceType: Type.Union([Type.Literal('singleDevice'), Type.Literal('multiDevice')]),
  transports: Type.Array(Type.String()),
  userHandle: Type.String({ description: 'the WebAuthn user handle (base64url): random, for the browser\'s signal API' }),
});

export function passkeyView(row: PasskeyRow) {
  return {
    id: row.id,
    name: row.name,
    provider: providerOf(row.aaguid),
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    backedUp: row.backed_up === 1,
    deviceType: row.device_type,
    transports: transportsOf(row),
    userHandle: row.user_handle,
  };
}

export type PasskeyView = ReturnType<typeof passkeyView>;
