import { Type } from 'typebox';

export const LockdownResultSchema = Type.Object({
  status: Type.Literal('locked'),
  sessionsEnded: Type.Integer({ description: 'dashboard sessions ended (the apps signed in through them are told)' }),
  tokensRevoked: Type.Integer(),
  appPasswordsRevoked: Type.Integer(),
  appsRevoked: Type.Integer({ description: 'app consents (single sign-on) revoked, with every token they gave' }),
  resetMailedTo: Type.Union([Type.String(), Type.Null()], { description: 'where the password-reset link went, masked; null when none was sent' }),
  managedByDirectory: Type.Boolean({ description: 'the password is changed in the directory, not here' }),
});

/**
 * An address as a lockdown page shows it to whoever holds the link: the first character of the
 * local part and the domain ("a•••@example.com").
 */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '•••';
  return `${[...address.slice(0, at)][0] ?? ''}•••${address.slice(at)}`;
}
