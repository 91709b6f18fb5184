/**
 * The way back into a single sign-on the server sends along (`?next=`): only the path of one
 * of its own interaction pages, `/oidc/interaction/<uid>`, is ever followed. Anything else —
 * another origin, `//host`, a scheme, a backslash, dots, a query — is ignored, so the parameter
 * can never send the user somewhere else (an open redirect).
 */
const INTERACTION = /^\/oidc\/interaction\/[A-Za-z0-9_-]{1,64}$/;

export function safeNext(value: string | null | undefined): string | null {
  if (typeof value !== 'string') return null;
  return INTERACTION.test(value) ? value : null;
}

/** The `next` of the current address, when it is one we follow. */
export function nextFrom(search: string): string | null {
  return safeNext(new URLSearchParams(search).get('next'));
}

/** A full page load: the interaction is a server route, not one of the dashboard's. */
export function continueTo(path: string): void {
  window.location.assign(path);
}

/** The app name the server puts in the address (`?app=`, shown as text only), trimmed to fit a heading. */
export function appNameFrom(search: string): string | null {
  const name = new URLSearchParams(search).get('app')?.trim();
  return name ? name.slice(0, 100) : null;
}
