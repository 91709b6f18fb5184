/** The kinds of organisation on the marketplace. */
export const ACCOUNT_TYPES = ['vendor', 'distributor', 'reseller'] as const;
