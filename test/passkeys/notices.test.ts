import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MailTestApp, setupMailApp } from '../helpers/mail.js';
import { addPasskey, authenticator } from '../helpers/passkeys.js';

let t: MailTestApp;
beforeAll(async () => {
  t = await setupMailApp();
});
afterAll(async () => t.close());

const subjects = (to: string) => t.smtp.to(to).map((m) => m.mail.subject);

describe('passkey notices, through a real SMTP server', () => {
  it('adding a passkey mails the user; deleting one of two does not; deleting the last second factor says 2FA is off', async () => {
    const { user, client } = await t.signedInUser();
    const first = await addPasskey(client, authenticator(), 'Work laptop');
    const second = await addPasskey(client, authenticator(), 'Phone');
    await t.drain();
    const added = t.smtp.to(user.email).filter((m) => m.mail.subject === 'A passkey was added to your account');
    expect(added).toHaveLength(2);
    expect(String(added[0]!.mail.text)).toContain('“Work laptop”');

    expect((await client.delete(`/api/v1/profile/passkeys/${first.id}`)).status).toBe(204);
    await t.drain();
    expect(subjects(user.email)).not.toContain('Two-factor authentication was turned off');
    expect((await client.delete(`/api/v1/profile/passkeys/${second.id}`)).status).toBe(204);
    await t.drain();
    expect(subjects(user.email)).toContain('Two-factor authentication was turned off');
  });
});
