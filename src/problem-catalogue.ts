import { accountProblems } from './features/accounts/errors.js';
import { appPasswordProblems } from './features/app-passwords/errors.js';
import { appProblems } from './features/apps/errors.js';
import { authProblems } from './features/auth/errors.js';
import { directoryProblems } from './features/directory/errors.js';
import { lockdownProblems } from './features/lockdown/errors.js';
import { mediaProblems } from './features/media/errors.js';
import { oidcProblems } from './features/oidc/errors.js';
import { passkeyProblems } from './features/passkeys/errors.js';
import { profileProblems } from './features/profile/errors.js';
import { sessionProblems } from './features/sessions/errors.js';
import { settingsProblems } from './features/settings/errors.js';
import { tokenProblems } from './features/tokens/errors.js';
import { twoFactorProblems } from './features/twofactor/errors.js';
import { userProblems } from './features/users/errors.js';
import { httpProblems } from './http/errors.js';
import type { ProblemCatalogue, ProblemCode, ProblemStatus } from './http/problem.js';
import { mailProblems } from './mail/errors.js';

/**
 * Every problem code the server may send, by owner: the union of each feature's `errors.ts`
 * with the HTTP layer's and the mailed links'. The type makes it complete: an `errors.ts`
 * that augments the catalogue but is missing here does not compile. The tests compare it with
 * the dashboard's translations and with the statuses the routes declare.
 */
export const PROBLEM_CATALOGUE: ProblemCatalogue = {
  http: httpProblems,
  mail: mailProblems,
  users: userProblems,
  auth: authProblems,
  twofactor: twoFactorProblems,
  settings: settingsProblems,
  profile: profileProblems,
  media: mediaProblems,
  sessions: sessionProblems,
  tokens: tokenProblems,
  appPasswords: appPasswordProblems,
  apps: appProblems,
  accounts: accountProblems,
  directory: directoryProblems,
  passkeys: passkeyProblems,
  oidc: oidcProblems,
  lockdown: lockdownProblems,
};

/** Each code with the statuses it is sent with, and the owner that declares it. */
export const PROBLEM_CODES: ReadonlyMap<ProblemCode, { owner: keyof ProblemCatalogue; statuses: readonly ProblemStatus[] }> = new Map(
  Object.entries(PROBLEM_CATALOGUE).flatMap(([owner, declarations]) =>
    Object.entries(declarations as Record<string, ProblemStatus | readonly ProblemStatus[]>).map(([code, statuses]) => [
      code as ProblemCode,
      { owner: owner as keyof ProblemCatalogue, statuses: typeof statuses === 'number' ? [statuses] : statuses },
    ]),
  ),
);

/** Whether the catalogue declares `code` with `status`. */
export function isDeclaredProblem(code: string, status: number): boolean {
  return PROBLEM_CODES.get(code as ProblemCode)?.statuses.includes(status as ProblemStatus) ?? false;
}
