import type { Kysely } from 'kysely';

// Frozen in time: never edit a landed migration, add a new one.
export async function up(db: Kysely<any>): Promise<void> {
  // WebAuthn credentials (passkeys); the private key never leaves the authenticator
  await db.schema
    .createTable('passkeys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // base64url credential id, as the browser sends it
    .addColumn('credential_id', 'text', (c) => c.notNull().unique())
    // base64url COSE public key
    .addColumn('public_key', 'text', (c) => c.notNull())
    // the signature counter (uint32): 0 forever on most synced passkeys
    .addColumn('counter', 'bigint', (c) => c.notNull().defaultTo(0))
    // JSON array of transports ("internal", "hybrid", "usb", ...)
    .addColumn('transports', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('aaguid', 'text', (c) => c.notNull())
    // 1 when the authenticator says the credential is backed up (synced)
    .addColumn('backed_up', 'integer', (c) => c.notNull().defaultTo(0))
    // "singleDevice" or "multiDevice" (backup eligible)
    .addColumn('device_type', 'text', (c) => c.notNull())
    // the WebAuthn user handle (base64url): random per user, never the username or email
    .addColumn('user_handle', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .execute();
  await db.schema.createIndex('passkeys_user').on('passkeys').columns(['user_id', 'created_at']).execute();
  await db.schema.createIndex('passkeys_user_handle').on('passkeys').column('user_handle').execute();

  // A WebAuthn challenge handed out and not yet answered: single-use, 5 minutes
  await db.schema
    .createTable('webauthn_challenges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // base64url, as it comes back inside clientDataJSON
    .addColumn('challenge', 'text', (c) => c.notNull().unique())
    // registration | sign_in | second_factor | reauthenticate
    .addColumn('purpose', 'text', (c) => c.notNull())
    // whose it is: null for a passwordless sign-in (anyone's passkey may answer it)
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    // what it is bound to: the session (registration, re-authentication) or the login ticket (second factor)
    .addColumn('binding', 'text')
    // registration only: the user handle the new credential is made with
    .addColumn('user_handle', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webauthn_challenges_expires').on('webauthn_challenges').column('expires_at').execute();
  await db.schema.createIndex('webauthn_challenges_user').on('webauthn_challenges').column('user_id').execute();

  // the passkey a session was signed in with (alone or as the second factor): deleting it ends them
  await db.schema.alterTable('sessions').addColumn('passkey_id', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('passkey_id').execute();
  await db.schema.dropTable('webauthn_challenges').execute();
  await db.schema.dropTable('passkeys').execute();
}
