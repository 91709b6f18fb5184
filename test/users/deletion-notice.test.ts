import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MailTestApp, setupMailApp } from '../helpers/mail.js';

let t: MailTestApp;
beforeAll(async () => {
  t = await setupMailApp();
});
afterAll(async () => t.close());

const SUBJECT = 'Your account was deleted';
const db = () => t.app.userhub.database.db;
const deletedMails = (to: string) => t.smtp.to(to).filter((m) => m.mail.subject === SUBJECT);

describe('deleting an account mails a notice to the primary and the recovery address', () => {
  it('given a user deleting themselves, then both addresses get it, over SMTP', async () => {
    const { user, client } = await t.signedInUser();
    const recovery = `safe-${user.username}@example.net`;
    await db().updateTable('users').set({ recovery_email: recovery }).where('id', '=', user.id).execute();
    expect((await client.delete('/api/v1/profile', { password: user.password })).status).toBe(204);
    await t.drain();
    expect(deletedMails(user.email)).toHaveLength(1);
    expect(deletedMails(recovery)).toHaveLength(1);
    expect(deletedMails(user.email)[0]!.mail.text).toContain(`Your account ${user.username} was deleted`);
    // the notice carries no lockdown link: there is nothing left to lock
    expect(deletedMails(user.email)[0]!.mail.text).not.toContain('/lockdown?token=');
  });

  it('given an admin deleting a user without a recovery address, then the primary gets it once', async () => {
    const admin = await t.signedInUser({ role: 'admin' });
    const user = await t.createUser();
    expect((await admin.client.delete(`/api/v1/admin/users/${user.id}`)).status).toBe(204);
    await t.drain();
    expect(deletedMails(user.email)).toHaveLength(1);
  });

  it('given a refused deletion (wrong password), then nothing is mailed', async () => {
    const { user, client } = await t.signedInUser();
    expect((await client.delete('/api/v1/profile', { password: 'not the password at all' })).status).toBe(403);
    await t.drain();
    expect(deletedMails(user.email)).toHaveLength(0);
  });
});
