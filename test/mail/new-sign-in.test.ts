import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from '../helpers/app.js';
import { type MailTestApp, setupMailApp } from '../helpers/mail.js';

let t: MailTestApp;
beforeAll(async () => {
  t = await setupMailApp();
});
afterAll(async () => t.close());

const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const FIREFOX_LINUX_NEWER = 'Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0';
const CHROME_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const SUBJECT = 'New sign-in to your account';

async function signIn(user: TestUser, userAgent: string, ip = '127.0.0.1') {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress: ip,
    headers: { 'user-agent': userAgent, 'content-type': 'application/json' },
    payload: JSON.stringify({ username: user.username, password: user.password }),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.cookies.find((c) => c.name === 'userhub_session')!.value;
}

async function notices(user: TestUser) {
  await t.drain();
  return t.smtp.to(user.email).filter((m) => m.mail.subject === SUBJECT);
}

describe('new sign-in notice', () => {
  it('is not sent for the first sign-in, nor for a known browser/OS/IP (versions do not count)', async () => {
    const user = await t.createUser();
    await signIn(user, FIREFOX_LINUX);
    await signIn(user, FIREFOX_LINUX);
    await signIn(user, FIREFOX_LINUX_NEWER);
    expect(await notices(user)).toEqual([]);
  });

  it('is sent for a new browser/OS, naming it and the IP, once', async () => {
    const user = await t.createUser();
    await signIn(user, FIREFOX_LINUX);
    await signIn(user, CHROME_WINDOWS);
    const [first, ...rest] = await notices(user);
    expect(rest).toEqual([]);
    expect(first!.mail.text).toContain('Chrome 126 on Windows 10, IP address 127.0.0.1');
    await signIn(user, CHROME_WINDOWS);
    expect(await notices(user)).toHaveLength(1);
  });

  it('is sent for a known browser from a new IP address', async () => {
    const user = await t.createUser();
    await signIn(user, FIREFOX_LINUX, '198.51.100.4');
    await signIn(user, FIREFOX_LINUX, '203.0.113.77');
    const sent = await notices(user);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.mail.text).toContain('IP address 203.0.113.77');
  });

  it('cannot be turned off (lockdown-worthy): PATCH notifyNewSignIn false is 422 notice_required, and even a user who turned it off before gets it', async () => {
    const user = await t.createUser();
    const cookie = await signIn(user, FIREFOX_LINUX);
    const headers = { cookie: `userhub_session=${cookie}`, origin: 'http://userhub.test', 'content-type': 'application/json' };
    const profile = await t.app.inject({ method: 'GET', url: '/api/v1/profile', headers });
    expect(profile.json().notifyNewSignIn).toBe(true);
    const off = await t.app.inject({ method: 'PATCH', url: '/api/v1/profile', headers, payload: JSON.stringify({ notifyNewSignIn: false }) });
    expect(off.statusCode).toBe(422);
    expect(off.json()).toMatchObject({ code: 'notice_required' });
    const wrongType = await t.app.inject({ method: 'PATCH', url: '/api/v1/profile', headers, payload: JSON.stringify({ notifyNewSignIn: 'no' }) });
    expect(wrongType.statusCode).toBe(400);
    expect((await t.app.inject({ method: 'PATCH', url: '/api/v1/profile', headers, payload: JSON.stringify({ notifyNewSignIn: true }) })).statusCode).toBe(200);
    // the column of the earlier opt-out (before it became mandatory) no longer stops the notice
    await t.app.userhub.database.db.updateTable('users').set({ notify_new_sign_in: 0 }).where('id', '=', user.id).execute();
    await signIn(user, CHROME_WINDOWS, '192.0.2.50');
    expect(await notices(user)).toHaveLength(1);
  });
});
