import type { ReactNode } from 'react';
import { LanguagePicker } from '../components/LanguagePicker';
import { Logo } from '../components/Logo';

/** Pages for people who are not signed in: a centred card, with a language choice. */
export function PublicLayout({ children }: { children: ReactNode }) {
  return (
    <div className="public-page">
      <main className="public-card" id="main">
        <div className="public-brand">
          <Logo />
        </div>
        {children}
      </main>
      <footer className="public-footer">
        <LanguagePicker />
      </footer>
    </div>
  );
}
