import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError, accountCommand } from '../../src/cli/admin-commands.js';
import { type TestApp, setupApp } from '../helpers/app.js';
import { printed } from '../helpers/cli.js';

/** `userhub account create|list`, run through the command functions main.ts dispatches to. */
let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(async () => t.close());

const run = (args: string[]) => printed((out) => accountCommand(t.app.userhub.services, args, out));

describe('userhub account', () => {
  it('create makes an account; list shows it', async () => {
    const created = await run(['create', '--name', 'Southwind Traders', '--type', 'distributor', '--requires-mfa']);
    expect(created).toMatch(/^created account Southwind Traders \(\S+, distributor, requires MFA\)\n$/);
    await run(['create', '--name', 'Plain Shop', '--type', 'reseller']);
    const listed = await run(['list']);
    expect(listed).toMatch(/\tSouthwind Traders\tdistributor\trequires-mfa\n/);
    expect(listed).toMatch(/\tPlain Shop\treseller\n/);
    const rows = await t.app.userhub.database.db.selectFrom('accounts').select(['name', 'type', 'requires_mfa']).orderBy('name').execute();
    expect(rows).toEqual([
      { name: 'Plain Shop', type: 'reseller', requires_mfa: 0 },
      { name: 'Southwind Traders', type: 'distributor', requires_mfa: 1 },
    ]);
  });

  it('a taken name is refused with the API’s problem', async () => {
    await run(['create', '--name', 'Twice', '--type', 'vendor']);
    await expect(run(['create', '--name', 'twice', '--type', 'vendor'])).rejects.toMatchObject({ status: 409, code: 'account_name_taken' });
  });

  it.each([
    [['create', '--name', 'No Type']],
    [['create', '--type', 'vendor']],
    [['create', '--name', 'X', '--type', 'pirate']],
    [['create', '--name', 'X', '--type', 'vendor', '--bogus']],
    [['frobnicate']],
    [[]],
  ])('%j is a usage error', async (args) => {
    await expect(run(args)).rejects.toBeInstanceOf(UsageError);
  });
});
