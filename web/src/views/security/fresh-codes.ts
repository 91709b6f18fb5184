import { useSyncExternalStore } from 'react';

/**
 * Recovery codes just generated and not yet confirmed as saved. They live outside the
 * component: a profile refetch can swap the page's layout (the restricted "set up 2FA" shell
 * becomes the full one once 2FA is on) and remount the card, and the codes must survive that.
 * Kept per user id, so another account signed in later in this tab never sees them.
 */
let fresh: { userId: string; codes: string[] } | null = null;
const listeners = new Set<() => void>();

function emit() {
  for (const listener of listeners) listener();
}

export function showFreshCodes(userId: string, codes: string[]): void {
  fresh = { userId, codes };
  emit();
}

export function forgetFreshCodes(): void {
  fresh = null;
  emit();
}

/** Whether fresh codes are waiting for "I saved them" (the sign-out button asks first then). */
export function hasFreshCodes(): boolean {
  return fresh !== null;
}

export function useFreshCodes(userId: string): string[] | null {
  const current = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => fresh,
  );
  return current && current.userId === userId ? current.codes : null;
}
