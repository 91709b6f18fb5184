import { Type } from 'typebox';
import type { AccountRow } from '../../db/schema.js';
import { ACCOUNT_TYPES } from './rules.js';
import type { MembershipRow } from './store.js';

export const AccountTypeSchema = Type.Enum(ACCOUNT_TYPES, { description: 'vendor, distributor or reseller' });

export const AccountSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  type: AccountTypeSchema,
  requiresMfa: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const GroupSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  memberCount: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
});

export const AccountDetailSchema = Type.Object({
  ...AccountSchema.properties,
  groups: Type.Array(GroupSchema),
  membersWithoutTwoFactor: Type.Integer({
    minimum: 0,
    description: 'active members without a second factor: refused while requiresMfa is on (or once it is); listed by GET …/members?withoutTwoFactor=true',
  }),
});

/** What a member sees of one membership (GET /accounts and GET /accounts/{id}). */
export const MembershipSchema = Type.Object({
  account: Type.Object({ id: Type.String(), name: Type.String(), type: AccountTypeSchema }),
  group: Type.Object({ id: Type.String(), name: Type.String() }),
  requiresMfa: Type.Boolean(),
  mfaSatisfied: Type.Boolean({ description: 'false while the account requires MFA and the user has no second factor' }),
  joinedAt: Type.String({ format: 'date-time' }),
});

/** What an admin sees of one member. */
export const MemberSchema = Type.Object({
  user: Type.Object({ id: Type.String(), username: Type.String(), displayName: Type.String(), email: Type.String(), disabled: Type.Boolean() }),
  group: Type.Object({ id: Type.String(), name: Type.String() }),
  joinedAt: Type.String({ format: 'date-time' }),
  twoFactor: Type.Boolean({ description: 'the member has a second factor (TOTP or a passkey): what the account MFA rule asks' }),
});

export function accountView(row: AccountRow) {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    requiresMfa: row.requires_mfa === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function groupView(row: { id: string; name: string; created_at: string; member_count?: number | string | bigint }) {
  return { id: row.id, name: row.name, memberCount: Number(row.member_count ?? 0), createdAt: row.created_at };
}

export function membershipView(row: MembershipRow, hasSecondFactor: boolean) {
  const requiresMfa = row.requires_mfa === 1;
  return {
    account: { id: row.account_id, name: row.account_name, type: row.account_type },
    group: { id: row.group_id, name: row.group_name },
    requiresMfa,
    mfaSatisfied: !requiresMfa || hasSecondFactor,
    joinedAt: row.created_at,
  };
}

export function memberView(row: MembershipRow, hasSecondFactor: boolean) {
  return {
    user: { id: row.user_id, username: row.username, displayName: row.display_name, email: row.email, disabled: row.disabled === 1 },
    group: { id: row.group_id, name: row.group_name },
    joinedAt: row.created_at,
    twoFactor: hasSecondFactor,
  };
}
