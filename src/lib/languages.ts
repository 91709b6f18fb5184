/** The languages of the dashboard and of every mail. */
export const LANGUAGES = ['en', 'de', 'fr', 'es', 'pl', 'ja', 'ar'] as const;
export type Language = (typeof LANGUAGES)[number];
