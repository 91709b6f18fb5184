import type { Kysely } from 'kysely';

// Frozen in time: never edit a landed migration, add a new one.
export async function up(db: Kysely<any>): Promise<void> {
  // What oidc-provider persists (sessions, grants, codes, tokens, interactions …), one row each
  await db.schema
    .createTable('oidc_models')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    // the library's JSON payload
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('grant_id', 'text')
    .addColumn('uid', 'text')
    .addColumn('user_code', 'text')
    // the user the row is about (accountId), when it has one: to end an app's tokens for a user
    .addColumn('account_id', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('consumed_at', 'text')
    // Grant rows: when the app last got tokens from it (the connected-apps view)
    .addColumn('last_used_at', 'text')
    .addPrimaryKeyConstraint('oidc_models_pk', ['kind', 'id'])
    .execute();
  await db.schema.createIndex('oidc_models_grant').on('oidc_models').column('grant_id').execute();
  await db.schema.createIndex('oidc_models_uid').on('oidc_models').column('uid').execute();
  await db.schema.createIndex('oidc_models_user_code').on('oidc_models').column('user_code').execute();
  await db.schema.createIndex('oidc_models_expires').on('oidc_models').column('expires_at').execute();
  await db.schema.createIndex('oidc_models_account').on('oidc_models').columns(['account_id', 'kind']).execute();

  // Which dashboard session an app sign-in ran under: when it ends, the app's session ends too
  await db.schema
    .createTable('oidc_session_links')
    .addColumn('provider_session_id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oidc_session_links_user').on('oidc_session_links').column('user_id').execute();
  await db.schema.createIndex('oidc_session_links_session').on('oidc_session_links').column('session_id').execute();

  // Signing keys, shared by every node; the private JWK sealed by the secret box
  await db.schema
    .createTable('oidc_keys')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('alg', 'text', (c) => c.notNull())
    .addColumn('private_jwk', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    // set by a rotation: no longer signs, still published until its tokens expired
    .addColumn('retired_at', 'text')
    .execute();

  // A registered app may be an OpenID Connect client
  await db.schema.alterTable('apps').addColumn('redirect_uris', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema.alterTable('apps').addColumn('post_logout_redirect_uris', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema.alterTable('apps').addColumn('backchannel_logout_uri', 'text').execute();
  // 1: the app keeps its secret (client_secret_basic/post); 0: public, PKCE only
  await db.schema.alterTable('apps').addColumn('confidential', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  // required | implicit
  await db.schema.alterTable('apps').addColumn('consent', 'text', (c) => c.notNull().defaultTo('required')).execute();
  // JSON {accounts?: [id], groups?: [id]}; empty: everyone
  await db.schema.alterTable('apps').addColumn('access', 'text', (c) => c.notNull().defaultTo('{}')).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['access', 'consent', 'confidential', 'backchannel_logout_uri', 'post_logout_redirect_uris', 'redirect_uris']) {
    await db.schema.alterTable('apps').dropColumn(column).execute();
  }
  await db.schema.dropTable('oidc_keys').execute();
  await db.schema.dropTable('oidc_session_links').execute();
  await db.schema.dropTable('oidc_models').execute();
}
