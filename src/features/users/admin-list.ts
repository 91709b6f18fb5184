import { Type } from 'typebox';
import type { Role, UserRow } from '../../db/schema.js';
import { badRequest } from '../../http/problem.js';
import { NO_NUL_PATTERN } from '../../http/schemas.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { PaginationQuery } from '../../http/pagination.js';
import { type SecondFactorFilter, secondFactorColumnsJoin } from '../twofactor/status.js';
import { USER_SORTS, type UserSort, type UserTableQuery, type UserTableRow } from './admin-list-store.js';
import { UserSchema, userView } from './view.js';

export const UserTableQuerySchema = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100, pattern: NO_NUL_PATTERN, description: 'part of the username, email or name' })),
  role: Type.Optional(Type.Union([Type.Literal('user'), Type.Literal('usermanager'), Type.Literal('admin')])),
  twoFactor: Type.Optional(Type.Union([Type.Literal('totp'), Type.Literal('passkey'), Type.Literal('none')], { description: 'totp: TOTP on; passkey: a passkey; none: neither' })),
  disabled: Type.Optional(Type.Boolean()),
  source: Type.Optional(Type.Union([Type.Literal('local'), Type.Literal('ldap')])),
  notInAccount: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 64,
      pattern: NO_NUL_PATTERN,
      description: 'an account id: only the users who are not its members (a picker to add members); 404 account_not_found when there is no such account',
    }),
  ),
  sort: Type.Optional(Type.Enum(USER_SORTS, { default: 'created' })),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')], { description: 'default: asc, desc for lastSignIn (most recent first)' })),
  ...PaginationQuery,
  // the cursor carries the last row's sort value: a long name or email in any script fits
  cursor: Type.Optional(Type.String({ maxLength: 2048, description: 'nextCursor of the previous page' })),
});

export const UserTableItemSchema = Type.Object({
  ...UserSchema.properties,
  twoFactor: Type.Object({ totp: Type.Boolean(), passkeys: Type.Integer({ minimum: 0 }) }),
  lastSignInAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export interface UserTableFilter {
  search: string | null;
  role: Role | null;
  twoFactor: SecondFactorFilter | null;
  disabled: boolean | null;
  source: UserRow['source'] | null;
  /** an account id: leave its members out */
  notInAccount: string | null;
  sort: UserSort;
  order: 'asc' | 'desc' | null;
  limit: number;
}

/** A query for one row (by id), every filter off. */
export const ONE_USER: Omit<UserTableQuery, 'roles'> = {
  search: null, twoFactor: null, disabled: null, source: null, notInAccount: null, sort: 'created', order: 'asc', limit: 1, after: null,
};

export function userTableItem(row: UserTableRow) {
  return { ...userView(row), twoFactor: secondFactorColumnsJoin.read(row), lastSignInAt: row.last_sign_in_at };
}

/** The cursor names its sort and order: one made for another order is refused, not misread. */
export function tableCursor(sort: UserSort, order: 'asc' | 'desc', last: { value: string; id: string }): string {
  return encodeCursor({ createdAt: `${sort}:${order}:${last.value}`, id: last.id });
}

/** @throws 400 invalid_cursor */
export function readTableCursor(cursor: string | undefined, sort: UserSort, order: 'asc' | 'desc'): { value: string; id: string } | null {
  if (cursor === undefined || cursor === '') return null;
  const position = decodeCursor(cursor);
  const prefix = `${sort}:${order}:`;
  if (!position || !position.createdAt.startsWith(prefix)) throw badRequest('invalid_cursor', 'The cursor is not valid (or was made for another sort).');
  return { value: position.createdAt.slice(prefix.length), id: position.id };
}
