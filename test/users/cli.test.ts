import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError, userStateCommand } from '../../src/cli/admin-commands.js';
import { type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import { printed } from '../helpers/cli.js';

/** `userhub user disable|enable U`, run through the command functions main.ts dispatches to. */
let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(async () => t.close());

const run = (action: 'disable' | 'enable', args: string[]) => printed((out) => userStateCommand(t.app.userhub.services, action, args, out));

describe('userhub user disable|enable', () => {
  it('disable ends the sessions at once and refuses login; enable lets the user back in', async () => {
    const { user, client } = await t.signedInUser();
    expect(await run('disable', [user.username])).toBe(`disabled ${user.username}\n`);
    expectProblem(await client.get('/api/v1/profile'), 401, 'unauthenticated');
    expectProblem(await t.anonymous().post('/api/v1/auth/login', { username: user.username, password: user.password }), 403, 'user_disabled');
    expect(await run('enable', [user.username.toUpperCase()])).toBe(`enabled ${user.username}\n`);
    expect((await t.login(user)).cookie).toEqual(expect.any(String));
  });

  it('refuses to disable the last admin (409 last_admin)', async () => {
    const boss = await t.createUser({ role: 'admin' });
    await expect(run('disable', [boss.username])).rejects.toMatchObject({ status: 409, code: 'last_admin' });
  });

  it('an unknown user is 404 user_not_found; a missing or extra name is a usage error', async () => {
    await expect(run('disable', ['nobody-at-all'])).rejects.toMatchObject({ status: 404, code: 'user_not_found' });
    await expect(run('disable', [])).rejects.toBeInstanceOf(UsageError);
    await expect(run('enable', ['a', 'b'])).rejects.toBeInstanceOf(UsageError);
  });
});
