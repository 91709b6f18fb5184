import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD } from '../helpers/app.js';
import { type MailTestApp, setupMailApp } from '../helpers/mail.js';
import { RECOVERY_CONFIRM_SUBJECT, confirmedRecovery } from '../helpers/email-change.js';

let t: MailTestApp;
beforeAll(async () => {
  t = await setupMailApp({ USERHUB_MAIL_FROM: 'Example Accounts <accounts@example.org>' });
});
afterAll(async () => t.close());

const NEW_PASSWORD = 'a brand new passphrase 77';

async function changePassword(client: Awaited<ReturnType<MailTestApp['signedInUser']>>['client']) {
  const res = await client.put('/api/v1/profile/password', { currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD });
  expect(res.status, res.text).toBe(204);
}

describe('mail over a real SMTP server', () => {
  it('delivers a notice with AUTH: From, To, Message-ID, multipart text + HTML', async () => {
    const { user, client } = await t.signedInUser();
    await changePassword(client);
    const mail = await t.smtp.waitFor(user.email, (m) => m.subject === 'Your password was changed');
    const captured = t.smtp.to(user.email).find((m) => m.mail === mail)!;
    expect(captured.envelope.from).toBe('accounts@example.org');
    expect(mail.from).toBe('Example Accounts <accounts@example.org>');
    expect(mail.to).toBe(user.email);
    expect(mail.messageId).toMatch(/^<[A-Za-z0-9_-]{22}@example\.org>$/);
    expect(mail.headers['content-type']).toMatch(/^multipart\/alternative/);
    expect(mail.headers['auto-submitted']).toBe('auto-generated');
    expect(mail.parts).toEqual(['text/plain', 'text/html']);
    expect(mail.text).toContain(`The password of your account ${user.username} was changed on`);
    expect(mail.text).toContain('http://userhub.test');
    expect(mail.html).toMatch(/^<!doctype html>/);
    expect(mail.html).toContain(`<a href="http://userhub.test"`);
  });

  it.each([
    ['de', 'Ihr Passwort wurde geändert', 'das Passwort Ihres Kontos'],
    ['fr', 'Votre mot de passe a été modifié', 'Le mot de passe de votre compte'],
    ['es', 'Su contraseña ha cambiado', 'La contraseña de su cuenta'],
    ['it', 'La tua password è stata cambiata', 'La password del tuo account'],
    ['pt-BR', 'Sua senha foi alterada', 'A senha da sua conta'],
    ['nl', 'Je wachtwoord is gewijzigd', 'Het wachtwoord van je account'],
  ])('writes in the recipient’s language (%s), subject encoded and decoded intact', async (language, subject, phrase) => {
    const { user, client } = await t.signedInUser();
    expect((await client.patch('/api/v1/profile', { language, timezone: 'Europe/Berlin' })).status).toBe(200);
    await changePassword(client);
    const mail = await t.smtp.waitFor(user.email, (m) => m.subject === subject);
    expect(mail.text).toContain(phrase);
    expect(mail.text).toContain('(Europe/Berlin)');
    expect(mail.html).toContain(`<html lang="${language}" dir="ltr">`);
  });

  it('escapes what users typed (display name, token name) in the HTML part', async () => {
    const { user } = await t.signedInUser({ displayName: '<b>Eve</b> & "co"' });
    await t.app.userhub.services.mail.notify(user.id, 'token_created', { tokenName: '<img src=x onerror=alert(1)>' });
    const mail = await t.smtp.waitFor(user.email, (m) => m.subject === 'A new API token was created');
    expect(mail.html).toContain('&lt;b&gt;Eve&lt;/b&gt; &amp; &quot;co&quot;');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(mail.html).not.toContain('<img');
    expect(mail.html).not.toContain('<b>Eve');
    expect(mail.text).toContain('<img src=x onerror=alert(1)>');
  });
});

describe('the notices API (mail.notify)', () => {
  it.each([
    ['twofactor_disabled', {}, 'Two-factor authentication was turned off'],
    ['twofactor_reset', {}, 'Two-factor authentication was reset by an administrator'],
    ['token_created', { tokenName: 'deploy bot' }, 'A new API token was created'],
    ['password_changed', {}, 'Your password was changed'],
  ] as const)('%s goes to the primary address', async (notice, vars, subject) => {
    const { user, client } = await t.signedInUser();
    // a recovery address must not receive notices: they go to the primary one
    const rescue = `rescue-${user.username}@example.net`;
    await confirmedRecovery(t, client, rescue);
    await t.app.userhub.services.mail.notify(user.id, notice, vars as never);
    const mail = await t.smtp.waitFor(user.email, (m) => m.subject === subject);
    expect(mail.text).toContain(user.username);
    if (notice === 'token_created') expect(mail.text).toContain('“deploy bot”');
    expect(t.smtp.to(rescue).map((m) => m.mail.subject)).toEqual([RECOVERY_CONFIRM_SUBJECT]);
  });

  it('for an unknown user, sends nothing and does not throw', async () => {
    const before = t.smtp.messages.length;
    await expect(t.app.userhub.services.mail.notify('no-such-user', 'twofactor_disabled', {})).resolves.toBeUndefined();
    await t.drain();
    expect(t.smtp.messages.length).toBe(before);
  });
});
