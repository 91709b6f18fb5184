import { THEMES, type Theme } from '../api/types';

const STORAGE_KEY = 'userhub.theme';
const dark = typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : null;
let chosen: Theme = readStoredTheme();

function readStoredTheme(): Theme {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return THEMES.find((theme) => theme === stored) ?? 'system';
  } catch {
    return 'system';
  }
}

/** What the page shows: the choice, or for `system` what the browser prefers right now. */
export function resolvedTheme(theme: Theme = chosen): 'light' | 'dark' {
  if (theme !== 'system') return theme;
  return dark?.matches ? 'dark' : 'light';
}

function paint(): void {
  document.documentElement.dataset.theme = resolvedTheme();
}

/**
 * Shows the theme (the profile's, once signed in; before that the last one this browser saw) on
 * <html data-theme>, which styles.css reads. `system` follows the browser as it changes.
 */
export function applyTheme(theme: Theme): void {
  chosen = theme;
  try {
    localStorage.setItem(STORAGE_KEY, theme);
  } catch {
    // private mode: the profile still remembers it
  }
  paint();
}

/** Before the first render: the remembered theme, then follow prefers-color-scheme changes. */
export function initTheme(): void {
  paint();
  dark?.addEventListener('change', paint);
}
