import { AsyncLocalStorage } from 'node:async_hooks';

type SecretMethod = 'client_secret_basic' | 'client_secret_post';

/**
 * A confidential client may send its secret either way (`client_secret_basic` or
 * `client_secret_post`), while oidc-provider holds each client to the one method it registered.
 * The request's own choice (a Basic header or not) is kept here for the request, and the client's
 * metadata is read with that method (the library caches one client per distinct metadata).
 */
const requestMethod = new AsyncLocalStorage<SecretMethod>();

export function withClientAuthMethodOf<T>(authorization: string | undefined, run: () => T): T {
  return requestMethod.run(authorization?.startsWith('Basic ') ? 'client_secret_basic' : 'client_secret_post', run);
}

/** The metadata with the method the current request uses, for a client that has a secret. */
export function withRequestAuthMethod(metadata: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const method = requestMethod.getStore();
  if (!metadata || !method || metadata.token_endpoint_auth_method !== 'client_secret_basic') return metadata;
  return { ...metadata, token_endpoint_auth_method: method };
}
