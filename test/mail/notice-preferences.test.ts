import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../helpers/app.js';
import { createAppPassword, registerApp } from '../helpers/app-passwords.js';
import { type MailTestApp, setupMailApp } from '../helpers/mail.js';
import { NEW_PASSWORD } from '../helpers/password-reset.js';

let t: MailTestApp;
beforeAll(async () => {
  t = await setupMailApp();
});
afterAll(async () => t.close());

const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

async function subjects(to: string): Promise<string[]> {
  await t.drain();
  return t.smtp.to(to).map((m) => m.mail.subject ?? '');
}

describe('security notices: what happened, when, from where, in the user’s language', () => {
  it('the password-changed notice names the browser, OS and IP address of the change', async () => {
    const { user, client } = await t.signedInUser();
    const res = await client.put('/api/v1/profile/password', { currentPassword: user.password, newPassword: NEW_PASSWORD }, { headers: { 'user-agent': FIREFOX_LINUX } });
    expect(res.status, JSON.stringify(res.body)).toBe(204);
    await t.drain();
    const mail = t.smtp.to(user.email).find((m) => m.mail.subject === 'Your password was changed')!.mail;
    expect(mail.text).toContain('From: Firefox 128 on Linux, IP address 127.0.0.1');
    expect(mail.html).toContain('From: Firefox 128 on Linux, IP address 127.0.0.1');
  });

  it('in German for a German user', async () => {
    const { user, client } = await t.signedInUser();
    expect((await client.patch('/api/v1/profile', { language: 'de' })).status).toBe(200);
    expect((await client.post('/api/v1/tokens', { name: 'skript', scope: 'readonly' }, { headers: { 'user-agent': FIREFOX_LINUX } })).status).toBe(201);
    await t.drain();
    const mail = t.smtp.to(user.email).at(-1)!.mail;
    expect(mail.text).toContain('skript');
    expect(mail.text).toContain('Von: Firefox 128 unter Linux, IP-Adresse 127.0.0.1');
    expect(mail.text).toContain('Das war ich nicht: Konto sperren');
  });
});

describe('turning notices off per kind (Preferences)', () => {
  it('token, app-password and passkey notices can be turned off and on again', async () => {
    const { user, client } = await t.signedInUser();
    const off = await client.patch('/api/v1/profile', { notifyTokenCreated: false, notifyAppPasswordCreated: false, notifyPasskeyAdded: false });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect(off.body).toMatchObject({ notifyTokenCreated: false, notifyAppPasswordCreated: false, notifyPasskeyAdded: false, notifyNewSignIn: true });
    expect((await client.post('/api/v1/tokens', { name: 'quiet', scope: 'readonly' })).status).toBe(201);
    const app = await registerApp(t, `Mail ${user.username}`);
    await createAppPassword(client, app.id);
    expect(await subjects(user.email)).toEqual([]);

    expect((await client.patch('/api/v1/profile', { notifyTokenCreated: true })).status).toBe(200);
    expect((await client.post('/api/v1/tokens', { name: 'loud', scope: 'readonly' })).status).toBe(201);
    expect(await subjects(user.email)).toEqual(['A new API token was created']);
    const events = (await client.get('/api/v1/profile/events')).body.items;
    expect(events.find((e: { type: string }) => e.type === 'profile_updated').details.fields).toEqual(['notifyTokenCreated']);
  });

  it('the lockdown-worthy ones cannot: a password change is mailed whatever the preferences', async () => {
    const { user, client } = await t.signedInUser();
    expect((await client.patch('/api/v1/profile', { notifyTokenCreated: false, notifyAppPasswordCreated: false, notifyPasskeyAdded: false })).status).toBe(200);
    expectProblem(await client.patch('/api/v1/profile', { notifyNewSignIn: false }), 422, 'notice_required');
    expect((await client.put('/api/v1/profile/password', { currentPassword: user.password, newPassword: NEW_PASSWORD })).status).toBe(204);
    expect(await subjects(user.email)).toEqual(['Your password was changed']);
  });

  it('refuses a wrong type and changes nothing', async () => {
    const { client } = await t.signedInUser();
    expectProblem(await client.patch('/api/v1/profile', { notifyPasskeyAdded: 'no', displayName: 'X' }), 400, 'invalid_request');
    expect((await client.get('/api/v1/profile')).body).toMatchObject({ notifyPasskeyAdded: true });
  });
});
