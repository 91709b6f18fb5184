import { describe, expect, it } from 'vitest';
import { type ProfileView, viewMaxAge } from '../../src/features/profile/service.js';

// The read cache keeps a profile view until a write of its user drops it; only the pending
// addresses change by time alone (their link expires), so only a view with one is kept briefly.
describe('how long a cached profile view may be kept', () => {
  const view = (pendingEmail: string | null, pendingRecoveryEmail: string | null) => ({ pendingEmail, pendingRecoveryEmail }) as ProfileView;

  it('given no pending address, then as long as the cache allows', () => {
    expect(viewMaxAge(view(null, null))).toBe(Infinity);
  });

  it('given a pending primary or recovery address, then one second', () => {
    expect(viewMaxAge(view('new@example.org', null))).toBe(1000);
    expect(viewMaxAge(view(null, 'backup@example.org'))).toBe(1000);
  });
});
