import type { UserRow } from '../../db/schema.js';

/** Why a profile field cannot be changed by its owner. */
export type LockReason = 'admin_lock' | 'directory';

export const LOCKABLE_FIELDS = ['displayName', 'email', 'recoveryEmail', 'avatar', 'twoFactor'] as const;
export type LockableField = (typeof LOCKABLE_FIELDS)[number];

/** For each lockable field: null when the user may change it, else the reason. */
export type ProfileLocks = Record<LockableField, LockReason | null>;

export interface LockRules {
  /** the admin setting `profilesLocked` */
  profilesLocked: boolean;
  /** the directory provides its own second factor to its users */
  directoryTwoFactor: boolean;
}

/**
 * The lock matrix. The directory owns an LDAP user's display name and email addresses (and their
 * second factor when it provides one): that reason wins, since unlocking here would not help.
 * The admin lock covers display name, primary and recovery email of everyone else; language,
 * time zone, date format, newsletter and avatar always stay the user's.
 */
export function profileLocks(user: Pick<UserRow, 'source'>, rules: LockRules): ProfileLocks {
  const identity: LockReason | null = user.source === 'ldap' ? 'directory' : rules.profilesLocked ? 'admin_lock' : null;
  return {
    displayName: identity,
    email: identity,
    recoveryEmail: identity,
    avatar: null,
    twoFactor: user.source === 'ldap' && rules.directoryTwoFactor ? 'directory' : null,
  };
}

/** The problem code a refused change of a locked field answers with (403). */
export function lockProblemCode(reason: LockReason): 'profile_locked' | 'managed_by_directory' {
  return reason === 'directory' ? 'managed_by_directory' : 'profile_locked';
}
