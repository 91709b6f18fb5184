import type { TFunction } from 'i18next';

/** The scopes we explain in our own words (oidc.scopes.*); see src/features/oidc/claims.ts. */
const KNOWN_SCOPES = ['openid', 'profile', 'email', 'groups', 'offline_access'] as const;
const isKnownScope = (scope: string): scope is (typeof KNOWN_SCOPES)[number] => (KNOWN_SCOPES as readonly string[]).includes(scope);

/** What a scope lets an app do, in the user's language; any other scope keeps the server's words (or its name). */
export function scopeLabel(t: TFunction, scope: string, description?: string): string {
  return isKnownScope(scope) ? t(`oidc.scopes.${scope}`) : (description ?? scope);
}
