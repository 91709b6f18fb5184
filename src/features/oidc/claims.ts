import type { UserRow } from '../../db/schema.js';

/** Scopes we know and the claims each releases (the contract's list). */
export const OIDC_CLAIMS = {
  openid: ['sub'],
  profile: ['preferred_username', 'name', 'picture', 'locale', 'zoneinfo'],
  email: ['email', 'email_verified'],
  groups: ['groups', 'accounts'],
} as const;

export const OIDC_SCOPES = ['openid', 'profile', 'email', 'groups', 'offline_access'] as const;

export interface MembershipClaim {
  accountId: string;
  accountName: string;
  accountType: string;
  groupId: string;
  groupName: string;
}

/**
 * Every claim Userhub can say about a user; oidc-provider releases only those of the granted
 * scopes. `sub` is the user id: stable across renames and email changes.
 */
export function claimsOf(user: UserRow, memberships: MembershipClaim[], pictureUrl: string) {
  return {
    sub: user.id,
    preferred_username: user.username,
    name: user.display_name || user.username,
    picture: pictureUrl,
    locale: user.language,
    zoneinfo: user.timezone,
    email: user.email,
    // an address is confirmed before it becomes the primary one (email change by link)
    email_verified: true,
    groups: memberships.map((m) => `${m.accountName}/${m.groupName}`),
    accounts: memberships.map((m) => ({ id: m.accountId, name: m.accountName, type: m.accountType, group: m.groupName })),
  };
}
