import type { ReactNode } from 'react';
import { LanguagePicker } from '../components/LanguagePicker';
import { Logo } from '../components/Logo';

/**
 * Pages for people who are not signed in: a centred card, with a language choice. The sign-in
 * pages of an app (consent, no access) use it too, with who is signed in as the footer.
 */
export function PublicLayout({ children, footer = <LanguagePicker /> }: { children: ReactNode; footer?: ReactNode }) {
  return (
    <div className="public-page">
      <main className="public-card" id="main">
        <div className="public-brand">
          <Logo />
        </div>
        {children}
      </main>
      <footer className="public-footer">{footer}</footer>
    </div>
  );
}
