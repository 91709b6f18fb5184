/**
 * The `problems.*` keys the dashboard makes up itself: no answer at all (`network_error`), an
 * answer without a problem body (`server_error`, `request_failed`), a thrown non-API error
 * (`unexpected`), a status-class fallback (`forbidden`). Every other `problems.*` key is a code
 * of the server's catalogue (src/problem-catalogue.ts); test/i18n/problem-codes.test.ts holds
 * the two to each other. No imports: the server's tests read this file.
 */
export const DASHBOARD_PROBLEMS = ['unexpected', 'network_error', 'network_timeout', 'server_error', 'request_failed', 'forbidden'] as const;
export type DashboardProblem = (typeof DASHBOARD_PROBLEMS)[number];

/**
 * The `fieldErrors.*` keys the dashboard's own checks use beyond the server's schema codes
 * (src/http/field-errors.ts): a box that must be ticked, a text that must repeat another. test/i18n/problem-codes.test.ts holds
 * the keys to the two lists.
 */
export const DASHBOARD_FIELD_ERRORS = ['unchecked', 'mismatch'] as const;
