import type { TestApp } from '../helpers/app.js';

/**
 * Gives a user a confirmed TOTP second factor by writing the row the two-factor feature
 * (issue 3, another branch) writes at enrolment: what `hasSecondFactor` reads. The secret is
 * sealed like a real one; no code is ever checked against it here.
 */
export async function giveSecondFactor(t: TestApp, userId: string): Promise<void> {
  const now = t.clock.now().toISOString();
  await t.app.userhub.database.db
    .insertInto('totp_credentials')
    .values({
      user_id: userId,
      secret_ciphertext: t.app.userhub.services.secretBox.seal('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'),
      confirmed_at: now,
      last_used_step: 0,
      created_at: now,
    })
    .execute();
}

/** Takes the second factor away again (as an admin reset would). */
export async function removeSecondFactor(t: TestApp, userId: string): Promise<void> {
  await t.app.userhub.database.db.deleteFrom('totp_credentials').where('user_id', '=', userId).execute();
}
