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
