import { createHash, createPublicKey, verify } from 'node:crypto';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
  type WebAuthnCredential,
} from '@simplewebauthn/server';
import { describe, expect, it } from 'vitest';
import { SoftAuthenticator, type SoftAuthenticatorOptions } from './soft-authenticator.js';

/** The authenticator proved against the server library the API uses (@simplewebauthn/server). */

const origin = 'https://accounts.userhub.test';
const rpID = 'userhub.test';

async function registrationOptions(overrides: Partial<Parameters<typeof generateRegistrationOptions>[0]> = {}) {
  return generateRegistrationOptions({
    rpName: 'Userhub',
    rpID,
    userName: 'alice',
    userID: new TextEncoder().encode('user-1'),
    ...overrides,
  });
}

function verifyRegistration(response: RegistrationResponseJSON, options: PublicKeyCredentialCreationOptionsJSON) {
  return verifyRegistrationResponse({
    response,
    expectedChallenge: options.challenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    requireUserVerification: true,
  });
}

/** Registers a credential and returns it as the server would store it. */
async function registered(authenticator: SoftAuthenticator): Promise<WebAuthnCredential> {
  const options = await registrationOptions();
  const verification = await verifyRegistration(authenticator.register(options), options);
  expect(verification.verified).toBe(true);
  const { id, publicKey, counter, transports } = verification.registrationInfo!.credential;
  return { id, publicKey, counter, transports };
}

function verifyAssertion(response: AuthenticationResponseJSON, challenge: string, credential: WebAuthnCredential, requireUserVerification = true) {
  return verifyAuthenticationResponse({ response, expectedChallenge: challenge, expectedOrigin: origin, expectedRPID: rpID, credential, requireUserVerification });
}

function softAuthenticator(options: Partial<SoftAuthenticatorOptions> = {}): SoftAuthenticator {
  return new SoftAuthenticator({ origin, rpId: rpID, ...options });
}

describe('SoftAuthenticator registration', () => {
  it('is verified: none attestation, ES256, UV, single-device, the id it reports', async () => {
    const authenticator = softAuthenticator();
    const options = await registrationOptions();
    const response = authenticator.register(options);
    const verification = await verifyRegistration(response, options);

    expect(verification.verified).toBe(true);
    const info = verification.registrationInfo!;
    expect(info.fmt).toBe('none');
    expect(info.aaguid).toBe('00000000-0000-0000-0000-000000000000');
    expect(info.origin).toBe(origin);
    expect(info.rpID).toBe(rpID);
    expect(info.userVerified).toBe(true);
    expect(info.credentialDeviceType).toBe('singleDevice');
    expect(info.credentialBackedUp).toBe(false);
    expect(info.credential.id).toBe(response.id);
    expect(info.credential.counter).toBe(0);
    expect(info.credential.transports).toEqual(['internal']);
    expect(response.response.publicKeyAlgorithm).toBe(-7);
    expect(response.authenticatorAttachment).toBe('platform');
    expect(response.clientExtensionResults).toEqual({ credProps: { rk: true } });
    expect(authenticator.credentialIds()).toEqual([response.id]);
    expect(authenticator.credential(response.id)).toMatchObject({ rpId: rpID, userHandle: options.user.id, discoverable: true, counter: 0 });
  });

  it('reports the AAGUID it is given; the RP ID defaults to the origin host', async () => {
    const aaguid = 'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4';
    const authenticator = new SoftAuthenticator({ origin: 'http://localhost:3000', aaguid });
    const options = await registrationOptions({ rpID: 'localhost' });
    const verification = await verifyRegistrationResponse({
      response: authenticator.register(options),
      expectedChallenge: options.challenge,
      expectedOrigin: 'http://localhost:3000',
      expectedRPID: 'localhost',
    });
    expect(verification.registrationInfo?.aaguid).toBe(aaguid);
    expect(authenticator.rpId).toBe('localhost');
  });

  it('shows the backup flags as multiDevice / credentialBackedUp', async () => {
    const cases = [
      { backupEligible: true, backedUp: true, deviceType: 'multiDevice', backedUpResult: true },
      { backupEligible: true, backedUp: false, deviceType: 'multiDevice', backedUpResult: false },
      { backupEligible: false, backedUp: false, deviceType: 'singleDevice', backedUpResult: false },
    ] as const;
    for (const { backupEligible, backedUp, deviceType, backedUpResult } of cases) {
      const authenticator = softAuthenticator({ backupEligible, backedUp });
      const options = await registrationOptions();
      const verification = await verifyRegistration(authenticator.register(options), options);
      expect(verification.registrationInfo?.credentialDeviceType).toBe(deviceType);
      expect(verification.registrationInfo?.credentialBackedUp).toBe(backedUpResult);
    }
  });

  it('sends BS without BE when asked, which the library refuses', async () => {
    const options = await registrationOptions();
    const response = softAuthenticator({ backedUp: true }).register(options);
    await expect(verifyRegistration(response, options)).rejects.toThrow(/Single-device credential indicated that it was backed up/);
  });

  it('throws InvalidStateError when excludeCredentials names one of its credentials (and only then)', async () => {
    const authenticator = softAuthenticator();
    const credential = await registered(authenticator);
    const other = await registered(softAuthenticator());

    const again = await registrationOptions({ excludeCredentials: [{ id: other.id }, { id: credential.id }] });
    expect(() => authenticator.register(again)).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
    expect(authenticator.credentialIds()).toEqual([credential.id]);

    const othersOnly = await registrationOptions({ excludeCredentials: [{ id: other.id }] });
    expect((await verifyRegistration(authenticator.register(othersOnly), othersOnly)).verified).toBe(true);
  });

  it('fails verification when a tampering override changes origin, RP ID, challenge, type or UV', async () => {
    const cases = [
      [{ origin: 'https://evil.test' }, /Unexpected registration response origin/],
      [{ rpId: 'evil.test' }, /Unexpected RP ID hash/],
      [{ challenge: 'b3RoZXItY2hhbGxlbmdl' }, /Unexpected registration response challenge/],
      [{ type: 'webauthn.get' }, /Unexpected registration response type/],
      [{ userVerified: false }, /User verification was required/],
    ] as const;
    for (const [override, error] of cases) {
      const options = await registrationOptions();
      const response = softAuthenticator().register(options, override);
      await expect(verifyRegistration(response, options), JSON.stringify(override)).rejects.toThrow(error);
    }
  });

  it('refuses an RP ID the origin may not use (SecurityError) and offers without ES256 (NotSupportedError)', async () => {
    const authenticator = softAuthenticator();
    const elsewhere = { ...(await registrationOptions()), rp: { name: 'x', id: 'elsewhere.test' } };
    expect(() => authenticator.register(elsewhere)).toThrow(
      expect.objectContaining({ name: 'SecurityError' }),
    );
    const rsaOnly = await registrationOptions({ supportedAlgorithmIDs: [-257] });
    expect(() => authenticator.register(rsaOnly)).toThrow(expect.objectContaining({ name: 'NotSupportedError' }));
    expect(authenticator.credentialIds()).toEqual([]);
  });

  it('registers with the credential id it is told to (a duplicate of another account)', async () => {
    const options = await registrationOptions();
    const response = softAuthenticator().register(options, { credentialId: 'AAECAwQFBgcICQ' });
    expect(response.id).toBe('AAECAwQFBgcICQ');
    expect((await verifyRegistration(response, options)).registrationInfo?.credential.id).toBe('AAECAwQFBgcICQ');
  });
});

describe('SoftAuthenticator authentication', () => {
  it('is verified with the stored credential, the counter rising on each use', async () => {
    const authenticator = softAuthenticator();
    const credential = await registered(authenticator);

    for (const expected of [1, 2, 3]) {
      const options = await generateAuthenticationOptions({ rpID, allowCredentials: [{ id: credential.id }], userVerification: 'required' });
      const response = authenticator.authenticate(options);
      expect(response.id).toBe(credential.id);
      const verification = await verifyAssertion(response, options.challenge, credential);
      expect(verification.verified).toBe(true);
      expect(verification.authenticationInfo.newCounter).toBe(expected);
      expect(verification.authenticationInfo.userVerified).toBe(true);
      expect(verification.authenticationInfo.rpID).toBe(rpID);
      credential.counter = verification.authenticationInfo.newCounter;
    }
    expect(authenticator.credential(credential.id)?.counter).toBe(3);
  });

  it('signs with DER ECDSA: the SPKI key of the registration response verifies it with node:crypto', async () => {
    const authenticator = softAuthenticator();
    const options = await registrationOptions();
    const registration = authenticator.register(options);
    const assertion = authenticator.authenticate(await generateAuthenticationOptions({ rpID }));
    const key = createPublicKey({ key: Buffer.from(registration.response.publicKey!, 'base64url'), format: 'der', type: 'spki' });
    const clientDataHash = createHash('sha256').update(Buffer.from(assertion.response.clientDataJSON, 'base64url')).digest();
    const signed = Buffer.concat([Buffer.from(assertion.response.authenticatorData, 'base64url'), clientDataHash]);
    expect(verify('sha256', signed, key, Buffer.from(assertion.response.signature, 'base64url'))).toBe(true);
    expect(Buffer.from(assertion.response.signature, 'base64url')[0]).toBe(0x30); // a DER SEQUENCE, not raw r|s
  });

  it('answers a discoverable request (no allowCredentials) with the first credential and its user handle', async () => {
    const authenticator = softAuthenticator();
    const first = await registrationOptions({ userID: new TextEncoder().encode('user-1') });
    const firstId = authenticator.register(first).id;
    const second = await registrationOptions({ userID: new TextEncoder().encode('user-2') });
    const secondId = authenticator.register(second).id;

    const options = await generateAuthenticationOptions({ rpID });
    const response = authenticator.authenticate(options);
    expect(response.id).toBe(firstId);
    expect(response.response.userHandle).toBe(first.user.id);

    const chosen = authenticator.authenticate(await generateAuthenticationOptions({ rpID }), { credentialId: secondId });
    expect(chosen.id).toBe(secondId);
    expect(chosen.response.userHandle).toBe(second.user.id);
  });

  it('keeps a non-discoverable credential (residentKey discouraged) out of discoverable requests, without user handle', async () => {
    const authenticator = softAuthenticator();
    const options = await registrationOptions({ authenticatorSelection: { residentKey: 'discouraged', userVerification: 'preferred' } });
    const response = authenticator.register(options);
    expect(response.clientExtensionResults).toEqual({ credProps: { rk: false } });

    expect(() => authenticator.authenticate({ challenge: 'Y2hhbGxlbmdl', rpId: rpID })).toThrow(expect.objectContaining({ name: 'NotAllowedError' }));
    const assertion = authenticator.authenticate({ challenge: 'Y2hhbGxlbmdl', rpId: rpID, allowCredentials: [{ id: response.id, type: 'public-key' }] });
    expect(assertion.response.userHandle).toBeUndefined();
  });

  it('throws NotAllowedError when no credential matches allowCredentials, or after forget', async () => {
    const authenticator = softAuthenticator();
    const credential = await registered(authenticator);
    const other = await registered(softAuthenticator());

    const foreign = await generateAuthenticationOptions({ rpID, allowCredentials: [{ id: other.id }] });
    expect(() => authenticator.authenticate(foreign)).toThrow(expect.objectContaining({ name: 'NotAllowedError' }));

    expect(authenticator.forget(credential.id)).toBe(true);
    expect(authenticator.forget(credential.id)).toBe(false);
    expect(authenticator.credentialIds()).toEqual([]);
    const own = await generateAuthenticationOptions({ rpID, allowCredentials: [{ id: credential.id }] });
    expect(() => authenticator.authenticate(own)).toThrow(expect.objectContaining({ name: 'NotAllowedError' }));
  });

  it('with counter "zero" (synced passkeys) stays at 0, which the library accepts every time', async () => {
    const authenticator = softAuthenticator({ counter: 'zero', backupEligible: true, backedUp: true });
    const credential = await registered(authenticator);
    for (let i = 0; i < 3; i += 1) {
      const options = await generateAuthenticationOptions({ rpID });
      const verification = await verifyAssertion(authenticator.authenticate(options), options.challenge, credential);
      expect(verification.verified).toBe(true);
      expect(verification.authenticationInfo.newCounter).toBe(0);
      expect(verification.authenticationInfo.credentialDeviceType).toBe('multiDevice');
      expect(verification.authenticationInfo.credentialBackedUp).toBe(true);
    }
  });

  it('fails verification when a tampering override changes origin, RP ID, challenge, type or UV', async () => {
    const authenticator = softAuthenticator();
    const credential = await registered(authenticator);
    const cases = [
      [{ origin: 'https://evil.test' }, /Unexpected authentication response origin/],
      [{ rpId: 'evil.test' }, /Unexpected RP ID hash/],
      [{ challenge: 'b3RoZXItY2hhbGxlbmdl' }, /Unexpected authentication response challenge/],
      [{ type: 'webauthn.create' }, /Unexpected authentication response type/],
      [{ userVerified: false }, /User verification required/],
    ] as const;
    for (const [override, error] of cases) {
      const options = await generateAuthenticationOptions({ rpID });
      await expect(verifyAssertion(authenticator.authenticate(options, override), options.challenge, credential), JSON.stringify(override)).rejects.toThrow(error);
    }
  });

  it('a tampered signature, or one by another credential than the claimed id, is not verified', async () => {
    const authenticator = softAuthenticator();
    const credential = await registered(authenticator);
    const options = await generateAuthenticationOptions({ rpID });
    expect((await verifyAssertion(authenticator.authenticate(options, { tamperSignature: true }), options.challenge, credential)).verified).toBe(false);

    const victim = await registered(softAuthenticator());
    const claiming = authenticator.authenticate(await generateAuthenticationOptions({ rpID }), { credentialId: victim.id, userHandle: 'dXNlci0y' });
    expect(claiming.id).toBe(victim.id);
    expect(claiming.response.userHandle).toBe('dXNlci0y');
    expect((await verifyAssertion(claiming, JSON.parse(Buffer.from(claiming.response.clientDataJSON, 'base64url').toString()).challenge, victim)).verified).toBe(false);
  });

  it('a counter not above the stored one is refused (an equal one too); a higher one passes', async () => {
    const authenticator = softAuthenticator();
    const credential = await registered(authenticator);
    const first = await generateAuthenticationOptions({ rpID });
    credential.counter = (await verifyAssertion(authenticator.authenticate(first), first.challenge, credential)).authenticationInfo.newCounter;
    const second = await generateAuthenticationOptions({ rpID });
    credential.counter = (await verifyAssertion(authenticator.authenticate(second), second.challenge, credential)).authenticationInfo.newCounter;
    expect(credential.counter).toBe(2);

    for (const counter of [1, 2, 0]) {
      const options = await generateAuthenticationOptions({ rpID });
      await expect(verifyAssertion(authenticator.authenticate(options, { counter }), options.challenge, credential), `counter ${counter}`).rejects.toThrow(
        /Response counter value \d+ was lower than expected 2/,
      );
    }
    const options = await generateAuthenticationOptions({ rpID });
    const verification = await verifyAssertion(authenticator.authenticate(options, { counter: 100 }), options.challenge, credential);
    expect(verification.authenticationInfo.newCounter).toBe(100);
    // the override is for one response: the authenticator's own counter goes on from 2
    const next = await generateAuthenticationOptions({ rpID });
    expect((await verifyAssertion(authenticator.authenticate(next), next.challenge, credential)).authenticationInfo.newCounter).toBe(3);
  });

  it('without user verification: refused when the server requires it, accepted when it does not', async () => {
    const authenticator = softAuthenticator({ userVerification: false });
    const options = await registrationOptions();
    const response = authenticator.register(options);
    await expect(verifyRegistration(response, options)).rejects.toThrow(/User verification was required/);
    const verification = await verifyRegistrationResponse({ response, expectedChallenge: options.challenge, expectedOrigin: origin, expectedRPID: rpID, requireUserVerification: false });
    const credential = verification.registrationInfo!.credential;

    const request = await generateAuthenticationOptions({ rpID });
    const assertion = authenticator.authenticate(request);
    await expect(verifyAssertion(assertion, request.challenge, credential)).rejects.toThrow(/User verification required/);
    const accepted = await verifyAssertion(assertion, request.challenge, credential, false);
    expect(accepted.verified).toBe(true);
    expect(accepted.authenticationInfo.userVerified).toBe(false);
  });
});
