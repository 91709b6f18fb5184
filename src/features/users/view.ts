import { Type } from 'typebox';
import type { UserRow } from '../../db/schema.js';

export const UserSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  email: Type.String(),
  recoveryEmail: Type.Union([Type.String(), Type.Null()]),
  role: Type.Union([Type.Literal('user'), Type.Literal('usermanager'), Type.Literal('admin')]),
  isAdmin: Type.Boolean(),
  disabled: Type.Boolean(),
  source: Type.Union([Type.Literal('local'), Type.Literal('ldap')]),
  mustChangePassword: Type.Boolean({ description: 'the password is temporary: the next password sign-in asks for a new one' }),
  invitationPending: Type.Boolean({ description: 'invited and no password chosen yet' }),
  createdAt: Type.String({ format: 'date-time' }),
});

export function userView(row: UserRow) {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    email: row.email,
    recoveryEmail: row.recovery_email,
    role: row.role,
    isAdmin: row.role === 'admin',
    disabled: row.disabled === 1,
    source: row.source,
    mustChangePassword: row.must_change_password === 1,
    invitationPending: row.invitation_pending === 1,
    createdAt: row.created_at,
  };
}
