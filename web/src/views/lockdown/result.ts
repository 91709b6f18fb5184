import type { LockdownResult } from '../../api/types';

const KEY = 'userhub.lockdown';

/** The signed-in lockdown's result, for the lockdown page after the full page load. */
export function keepLockdownResult(result: LockdownResult): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(result));
  } catch {
    // no storage: the page then offers the link's form, which says the account is locked on use
  }
}

/** The kept result (forget it once shown: a reload of the page afterwards shows the form). */
export function keptLockdownResult(): LockdownResult | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as LockdownResult) : null;
  } catch {
    return null;
  }
}

export function forgetLockdownResult(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // nothing kept
  }
}
