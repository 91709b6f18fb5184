import { isValidDisplayName } from '../users/rules.js';

/** The kinds of organisation on the marketplace. */
export const ACCOUNT_TYPES = ['vendor', 'distributor', 'reseller'] as const;

/** Account and group names: 1–100 characters, no control characters, not blank (like display names). */
export function isValidName(name: string): boolean {
  return isValidDisplayName(name);
}
