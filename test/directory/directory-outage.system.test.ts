import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directoryCommand } from '../../src/cli/admin-commands.js';
import { type TestApp, expectProblem, setupApp } from '../helpers/app.js';
import { printed } from '../helpers/cli.js';
import type { TestClient } from '../helpers/client.js';
import { attemptLogin } from '../helpers/sessions.js';
import { configure, directoryConfig, sync, userRow } from '../helpers/directory.js';
import { PEOPLE, Slapd } from '../helpers/slapd.js';

/** A real slapd that goes away and comes back; the scheduled sync; the CLI. */
let slapd: Slapd;
let t: TestApp;
let admin: TestClient;
const ada = PEOPLE[0]!;

beforeAll(async () => {
  slapd = await Slapd.start();
  t = await setupApp();
  admin = (await t.signedInUser({ role: 'admin' })).client;
  await configure(admin, slapd);
  await sync(admin);
});
afterAll(async () => {
  await t?.close();
  await slapd?.destroy();
});

const failures = async () => (await t.app.userhub.database.db.selectFrom('auth_failures').select('id').execute()).length;

describe('when slapd is down', () => {
  it('directory users get 503 directory_unavailable, local users still sign in, the server stays up', async () => {
    const local = await t.createUser();
    const ldapSession = await t.login({ username: ada.uid, password: ada.password });
    await slapd.stop();
    try {
      const before = await failures();
      const res = await attemptLogin(t, ada.uid, ada.password);
      expectProblem(res, 503, 'directory_unavailable');
      expect(res.headers['retry-after']).toBe('30');
      expectProblem(await attemptLogin(t, ada.mail!, 'a wrong password as well'), 503, 'directory_unavailable');
      // an outage is not a wrong password: nothing counts against the throttle
      expect(await failures()).toBe(before);

      expect((await attemptLogin(t, local.username, local.password)).status).toBe(200);
      expect((await t.anonymous().get('/api/v1/health')).status).toBe(200);
      // a directory user's existing session does not need the directory
      expect((await ldapSession.get('/api/v1/profile')).status).toBe(200);

      expectProblem(await admin.post('/api/v1/admin/directory/test'), 503, 'directory_unavailable');
      expectProblem(await admin.post('/api/v1/admin/directory/sync'), 503, 'directory_unavailable');
      expect((await admin.get('/api/v1/admin/directory')).body.lastSync).toMatchObject({ ok: false, error: 'directory_unavailable' });
      // nobody was disabled by the failed sync
      expect(await userRow(t, 'ada')).toMatchObject({ disabled: 0 });
    } finally {
      await slapd.resume();
    }
    expect((await attemptLogin(t, ada.uid, ada.password)).status).toBe(200);
    expect(await sync(admin)).toMatchObject({ found: 3, disabled: 0 });
  });

  it('a server that accepts and hangs up at once is unavailable too', async () => {
    const rude = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => rude.listen(0, '127.0.0.1', resolve));
    const port = (rude.address() as net.AddressInfo).port;
    try {
      expectProblem(await admin.post('/api/v1/admin/directory/test', directoryConfig(slapd, { url: `ldap://127.0.0.1:${port}` })), 503, 'directory_unavailable');
      await configure(admin, slapd, { url: `ldap://127.0.0.1:${port}` });
      expectProblem(await attemptLogin(t, ada.uid, ada.password), 503, 'directory_unavailable');
    } finally {
      rude.close();
      await configure(admin, slapd);
    }
    expect((await attemptLogin(t, ada.uid, ada.password)).status).toBe(200);
  });
});

describe('a directory turned off or removed', () => {
  it('turned off: no sync (409 directory_disabled), directory users cannot sign in (503)', async () => {
    await configure(admin, slapd, { enabled: false });
    expectProblem(await admin.post('/api/v1/admin/directory/sync'), 409, 'directory_disabled');
    expectProblem(await attemptLogin(t, ada.uid, ada.password), 503, 'directory_unavailable');
    await configure(admin, slapd, { enabled: true });
    expect((await attemptLogin(t, ada.uid, ada.password)).status).toBe(200);
  });

  it('removed: the configuration is gone, its users stay but cannot sign in until it is back', async () => {
    expect((await admin.delete('/api/v1/admin/directory')).status).toBe(204);
    expect((await admin.get('/api/v1/admin/directory')).body.config).toBeNull();
    expectProblem(await attemptLogin(t, ada.uid, ada.password), 503, 'directory_unavailable');
    expect(await userRow(t, 'ada')).toMatchObject({ source: 'ldap', disabled: 0 });
    await configure(admin, slapd);
    expect((await attemptLogin(t, ada.uid, ada.password)).status).toBe(200);
  });
});

describe('scheduled sync', () => {
  it('runs when the interval has passed since the last sync, not before', async () => {
    const directory = t.app.userhub.services.directory;
    await configure(admin, slapd, { syncIntervalMinutes: 30 });
    await sync(admin);
    expect(await directory.runScheduledSync()).toBeNull();
    t.clock.advance(29 * 60_000);
    expect(await directory.runScheduledSync()).toBeNull();
    await slapd.replace('alan', 'cn', 'Alan M. Turing');
    t.clock.advance(60_000);
    const report = await directory.runScheduledSync();
    expect(report).toMatchObject({ trigger: 'schedule', updated: 1 });
    expect(await userRow(t, 'alan')).toMatchObject({ display_name: 'Alan M. Turing' });
    expect(await directory.runScheduledSync()).toBeNull();
    await configure(admin, slapd, { syncIntervalMinutes: 0 });
    t.clock.advance(24 * 60 * 60_000);
    expect(await directory.runScheduledSync()).toBeNull();
  });

  it('the timer runs the sync by itself and reports failures instead of crashing', async () => {
    const directory = t.app.userhub.services.directory;
    expect(directory.scheduled).toBe(true);
    await directory.stopSchedule();
    expect(directory.scheduled).toBe(false);
    await configure(admin, slapd, { syncIntervalMinutes: 1 });
    t.clock.advance(2 * 60_000);
    await slapd.replace('grace', 'cn', 'Grace Brewster Hopper');
    const errors: unknown[] = [];
    directory.startSchedule((error) => errors.push(error), 50);
    try {
      await expect.poll(async () => (await userRow(t, 'grace'))?.display_name, { timeout: 10_000 }).toBe('Grace Brewster Hopper');
      expect((await admin.get('/api/v1/admin/directory')).body.lastSync).toMatchObject({ trigger: 'schedule', ok: true });

      await slapd.stop();
      t.clock.advance(2 * 60_000);
      await expect.poll(() => errors.length, { timeout: 10_000 }).toBeGreaterThan(0);
      expect(errors[0]).toMatchObject({ code: 'directory_unavailable' });
      expect((await t.anonymous().get('/api/v1/health')).status).toBe(200);
    } finally {
      await slapd.resume();
      await configure(admin, slapd, { syncIntervalMinutes: 0 });
    }
  });

  it('closing the app clears the timer', async () => {
    const other = await setupApp();
    const directory = other.app.userhub.services.directory;
    expect(directory.scheduled).toBe(true);
    await other.close();
    expect(directory.scheduled).toBe(false);
  });

  it('only one node runs a sync at a time: a held lease makes the sync answer 409 sync_in_progress', async () => {
    const settings = t.app.userhub.services.settings;
    expect(await settings.acquireLease('directory.syncLease', 'another-node', 60_000)).toBe(true);
    try {
      expectProblem(await admin.post('/api/v1/admin/directory/sync'), 409, 'sync_in_progress');
    } finally {
      await settings.releaseLease('directory.syncLease', 'another-node');
    }
    expect((await admin.post('/api/v1/admin/directory/sync')).status).toBe(200);
  });
});

describe('userhub directory sync', () => {
  it('syncs and prints the report', async () => {
    await slapd.addPerson({ uid: 'barbara', cn: 'Barbara Liskov', mail: 'barbara@example.org', password: 'barbara directory pass' });
    const out = await printed((output) => directoryCommand(t.app.userhub.services, ['sync'], output));
    expect(out).toMatch(/^directory sync: 4 found, 1 created, 0 updated, 0 enabled, 0 disabled, 0 skipped\n$/);
    expect(await userRow(t, 'barbara')).toMatchObject({ source: 'ldap' });
    expect((await admin.get('/api/v1/admin/directory')).body.lastSync).toMatchObject({ trigger: 'cli', ok: true });
  });

  it('an unknown subcommand is a usage error; an outage is the API’s problem', async () => {
    await expect(directoryCommand(t.app.userhub.services, ['frob'], { write: () => true })).rejects.toThrow(/unknown directory command/);
    await slapd.stop();
    try {
      await expect(directoryCommand(t.app.userhub.services, ['sync'], { write: () => true })).rejects.toMatchObject({ status: 503, code: 'directory_unavailable' });
    } finally {
      await slapd.resume();
    }
  });
});
