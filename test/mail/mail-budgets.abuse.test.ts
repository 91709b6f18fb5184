import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, uniqueName } from '../helpers/app.js';
import { ENGINE } from '../helpers/database.js';
import { type MailTestApp, setupMailApp } from '../helpers/mail.js';
import { RECOVERY_CHANGED_SUBJECT, RECOVERY_CONFIRM_SUBJECT, confirmedRecovery } from '../helpers/email-change.js';

/**
 * Mail cannot be used to flood: link mails (password reset, confirmation of a new address) have
 * 5 per recipient and hour (all kinds together) and 5 per account, kind and hour; notices 20 per
 * hour and 100 per day per recipient and account. Bursts run in parallel, on both engines.
 */
let t: MailTestApp;
beforeAll(async () => {
  t = await setupMailApp();
});
afterAll(async () => t.close());

const HOUR = 3_600_000;
const subjects = (address: string) => t.smtp.to(address).map((m) => m.mail.subject);
const count = (address: string, subject: string) => subjects(address).filter((s) => s === subject).length;

describe(`link mail budgets (${ENGINE})`, () => {
  it('a burst of 20 accounts asking one address to be their recovery address: exactly 5 mails reach it, the rest get 429', async () => {
    const victim = `victim-${uniqueName()}@example.net`;
    const clients = await Promise.all(Array.from({ length: 20 }, () => t.signedInUser().then((s) => s.client)));
    const answers = await Promise.all(clients.map((client) => client.patch('/api/v1/profile', { recoveryEmail: victim })));
    const accepted = answers.filter((res) => res.status === 200).length;
    expect(accepted).toBe(5);
    const refused = answers.filter((res) => res.status !== 200);
    expect(refused.map((res) => `${res.status} ${res.body.code}`)).toEqual(Array(20 - accepted).fill('429 rate_limited'));
    expect(Number(refused[0]!.headers['retry-after'])).toBeGreaterThan(0);
    await t.drain();
    expect(count(victim, RECOVERY_CONFIRM_SUBJECT)).toBe(accepted);
    // one after another, the accounts fill the recipient's hour exactly
    for (const client of clients) await client.patch('/api/v1/profile', { recoveryEmail: victim });
    await t.drain();
    expect(count(victim, RECOVERY_CONFIRM_SUBJECT)).toBe(5);
    // refused requests leave nothing pending
    const pending = await Promise.all(clients.map(async (client) => (await client.get('/api/v1/profile')).body.pendingRecoveryEmail));
    expect(pending.filter((p) => p === victim).length).toBeLessThanOrEqual(5);
  });

  it('a burst of 20 requests from one account to 20 addresses: at most 5 confirmation mails, the rest get 429', async () => {
    const { user, client } = await t.signedInUser();
    const targets = Array.from({ length: 20 }, (_, i) => `spray${i}-${user.username}@example.org`);
    const answers = await Promise.all(targets.map((address) => client.patch('/api/v1/profile', { recoveryEmail: address })));
    const accepted = answers.filter((res) => res.status === 200).length;
    expect(accepted).toBeLessThanOrEqual(5);
    expect(answers.filter((res) => res.status !== 200).map((res) => res.body.code)).toEqual(Array(20 - accepted).fill('rate_limited'));
    await t.drain();
    const mailed = () => targets.reduce((n, address) => n + count(address, RECOVERY_CONFIRM_SUBJECT), 0);
    expect(mailed()).toBe(accepted);
    for (const address of targets) await client.patch('/api/v1/profile', { recoveryEmail: address });
    await t.drain();
    expect(mailed()).toBe(5);

    // the budget is per kind: the account can still ask for a primary email change, and the hour frees it
    expect((await client.patch('/api/v1/profile', { email: `new-${user.username}@example.org` })).status).toBe(200);
    t.clock.advance(HOUR + 1_000);
    const again = await t.login(user);
    expect((await again.patch('/api/v1/profile', { recoveryEmail: targets[0], password: STRONG_PASSWORD })).status).toBe(200);
  });

  it('a burst of 20 primary-email changes from one account: at most 5 confirmation mails', async () => {
    const { user, client } = await t.signedInUser();
    const targets = Array.from({ length: 20 }, (_, i) => `primary${i}-${user.username}@example.org`);
    const answers = await Promise.all(targets.map((email) => client.patch('/api/v1/profile', { email })));
    const accepted = answers.filter((res) => res.status === 200).length;
    expect(accepted).toBeLessThanOrEqual(5);
    expect(new Set(answers.filter((res) => res.status !== 200).map((res) => `${res.status} ${res.body.code}`))).toEqual(new Set(['429 rate_limited']));
    await t.drain();
    expect(targets.reduce((n, address) => n + count(address, 'Confirm your new email address'), 0)).toBe(accepted);
  });

  it('the recipient budget covers every kind: two accounts resetting to one recovery address send it 5 mails in all', async () => {
    const shared = `shared-${uniqueName()}@example.net`;
    const a = await t.signedInUser();
    const b = await t.signedInUser();
    await confirmedRecovery(t, a.client, shared);
    await confirmedRecovery(t, b.client, shared);
    const resets = await Promise.all(
      [a.user, b.user].flatMap((user) =>
        Array.from({ length: 10 }, (_, i) =>
          t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', remoteAddress: `198.51.100.${i + 20}`, payload: { username: user.username } }),
        ),
      ),
    );
    expect(resets.map((res) => res.statusCode)).toEqual(Array(20).fill(202));
    await t.drain();
    expect(count(shared, RECOVERY_CONFIRM_SUBJECT)).toBe(2);
    expect(count(shared, 'Reset your password')).toBeLessThanOrEqual(3);
    // one after another, the two accounts fill the address's hour exactly
    for (let i = 0; i < 5; i++) {
      for (const user of [a.user, b.user]) await t.anonymous().post('/api/v1/auth/password-reset', { username: user.username });
    }
    await t.drain();
    expect(count(shared, 'Reset your password')).toBe(3);
  });
});

describe(`notice budgets (${ENGINE})`, () => {
  it('a burst of 30 notices to one account: exactly 20 are sent, the rest dropped quietly; the next hour has room again', async () => {
    const user = await t.createUser();
    const notify = () => t.app.userhub.services.mail.notify(user.id, 'twofactor_disabled', {});
    await Promise.all(Array.from({ length: 30 }, notify));
    await t.drain();
    // the budget's keys are locked while it is counted: racing notices neither exceed it nor refuse each other
    expect(subjects(user.email)).toHaveLength(20);
    await notify();
    await t.drain();
    expect(subjects(user.email)).toHaveLength(20);
    t.clock.advance(HOUR + 1_000);
    await t.app.userhub.services.mail.notify(user.id, 'twofactor_disabled', {});
    await t.drain();
    expect(subjects(user.email)).toHaveLength(21);
  });

  it('at most 100 a day', async () => {
    const user = await t.createUser();
    for (let hour = 0; hour < 6; hour++) {
      for (let i = 0; i < 20; i++) await t.app.userhub.services.mail.notify(user.id, 'token_created', { tokenName: `t${hour}-${i}` });
      t.clock.advance(HOUR + 1_000);
    }
    await t.drain();
    expect(subjects(user.email)).toHaveLength(100);
  });

  it('notices queued inside a transaction are budgeted too (password changes)', async () => {
    const { user, client } = await t.signedInUser();
    const passwords = Array.from({ length: 22 }, (_, i) => `passphrase number ${i} is long`);
    let current = STRONG_PASSWORD;
    for (const next of passwords) {
      expect((await client.put('/api/v1/profile/password', { currentPassword: current, newPassword: next })).status).toBe(204);
      current = next;
    }
    await t.drain();
    expect(count(user.email, 'Your password was changed')).toBe(20);
  });

  it('a notice with an undo link is never dropped, even when the notice budget is spent', async () => {
    const { user, client } = await t.signedInUser();
    for (let i = 0; i < 25; i++) await t.app.userhub.services.mail.notify(user.id, 'twofactor_disabled', {});
    await confirmedRecovery(t, client, `undoable-${user.username}@example.net`);
    await t.drain();
    expect(count(user.email, 'Two-factor authentication was turned off')).toBe(20);
    expect(count(user.email, RECOVERY_CHANGED_SUBJECT)).toBe(1);
  });
});
