import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useLocation, useNavigate } from 'react-router-dom';
import { logout } from '../api/auth';
import { useMe } from '../api/profile';
import { signOutLocally } from '../api/query-client';
import { Avatar } from '../components/Avatar';
import { useConfirm } from '../components/dialogs';
import { Logo } from '../components/Logo';
import { forgetFreshCodes, hasFreshCodes } from '../views/security/fresh-codes';
import { MfaBanner } from './MfaBanner';

interface NavItem {
  to: string;
  label: string;
  icon: string;
}

/** Small inline icons (paths only; no icon font to download). */
const ICONS: Record<string, string> = {
  profile: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-7 8c0-3.9 3.1-6 7-6s7 2.1 7 6',
  security: 'M12 3l7 3v6c0 4.4-3 7.7-7 9-4-1.3-7-4.6-7-9V6l7-3z',
  sessions: 'M4 5h16v10H4zM9 19h6M12 15v4',
  tokens: 'M14 10a4 4 0 1 0-3.5 4L9 15.5V18H6.5v2.5H4V18l6-6',
  appPasswords: 'M6 10V8a6 6 0 0 1 12 0v2M5 10h14v10H5zM12 14v2',
  connectedApps: 'M4 4h6v6H4zM14 14h6v6h-6zM10 7h4a3 3 0 0 1 3 3v4M14 17h-4a3 3 0 0 1-3-3v-4',
  accounts: 'M4 20V8l8-4 8 4v12M9 20v-5h6v5',
  activity: 'M3 12h4l3 7 4-14 3 7h4',
  admin: 'M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8zM12 2v3M12 19v3M2 12h3M19 12h3M5 5l2 2M17 17l2 2M5 19l2-2M17 7l2-2',
};

function Icon({ name }: { name: string }) {
  return (
    <svg className="nav-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path d={ICONS[name]} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

/** The signed-in frame: top bar, left navigation (a drawer on narrow screens), the page. */
export function Shell({ children, restricted = false }: { children: ReactNode; restricted?: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  const client = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  const confirm = useConfirm();

  const toggleRef = useRef<HTMLButtonElement>(null);
  const navRef = useRef<HTMLElement>(null);
  const mainRef = useRef<HTMLElement>(null);
  // A page change closes the drawer. If the focus was in it (a link was followed), it goes to the
  // new page once the page is no longer inert, not to <body> with the hidden link.
  const focusPageOnClose = useRef(false);
  useEffect(() => {
    const nav = navRef.current;
    if (nav?.classList.contains('open') && nav.contains(document.activeElement)) focusPageOnClose.current = true;
    setMenuOpen(false);
  }, [location.pathname]);
  useEffect(() => {
    if (menuOpen || !focusPageOnClose.current) return;
    focusPageOnClose.current = false;
    mainRef.current?.focus();
  }, [menuOpen]);
  // The drawer (narrow screens) takes the focus when it opens; the page behind it is inert while
  // it is open, so Tab stays in it; Escape closes it and gives the focus back to the menu button.
  useEffect(() => {
    if (!menuOpen) return;
    navRef.current?.querySelector<HTMLElement>('a, button')?.focus();
    const close = (event: KeyboardEvent) => {
      // a dialog opened from the drawer (e.g. "leave without saving?") takes this Escape itself
      if (event.key !== 'Escape' || event.defaultPrevented || document.querySelector('dialog[open]')) return;
      setMenuOpen(false);
      toggleRef.current?.focus();
    };
    window.addEventListener('keydown', close);
    return () => window.removeEventListener('keydown', close);
  }, [menuOpen]);

  const all: NavItem[] = [
    { to: '/profile', label: t('nav.profile'), icon: 'profile' },
    { to: '/security', label: t('nav.security'), icon: 'security' },
    { to: '/sessions', label: t('nav.sessions'), icon: 'sessions' },
    { to: '/tokens', label: t('nav.tokens'), icon: 'tokens' },
    { to: '/app-passwords', label: t('nav.appPasswords'), icon: 'appPasswords' },
    { to: '/connected-apps', label: t('nav.connectedApps'), icon: 'connectedApps' },
    { to: '/accounts', label: t('nav.accounts'), icon: 'accounts' },
    { to: '/activity', label: t('nav.activity'), icon: 'activity' },
  ];
  if (me.isAdmin || me.role === 'usermanager') all.push({ to: '/admin', label: t('nav.admin'), icon: 'admin' });
  // While the instance demands 2FA and the user has none, only the enrolment is reachable.
  const items = restricted ? all.filter((item) => item.to === '/security') : all;

  const signOut = async () => {
    if (hasFreshCodes()) {
      const leave = await confirm({ title: t('twoFactor.leaveTitle'), message: t('twoFactor.leaveText'), confirmLabel: t('twoFactor.leaveConfirm'), danger: true });
      if (!leave) return;
      forgetFreshCodes();
    }
    setSigningOut(true);
    try {
      await logout();
    } catch {
      // the cookie is cleared by the server either way; forget locally regardless
    }
    signOutLocally(client);
    navigate('/signin', { replace: true });
  };

  const background = me.backgroundUrl ? { backgroundImage: `url("${me.backgroundUrl}")` } : undefined;

  return (
    <div className={me.backgroundUrl ? 'shell has-background' : 'shell'} style={background} data-testid="shell">
      <a href="#main" className="skip-link">
        {t('nav.skip')}
      </a>
      <header className="topbar">
        <button
          ref={toggleRef}
          type="button"
          className="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
            <path d={menuOpen ? 'M6 6l12 12M18 6L6 18' : 'M4 7h16M4 12h16M4 17h16'} stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
          </svg>
          <span className="visually-hidden">{t('nav.menu')}</span>
        </button>
        <Logo />
        <div className="topbar-user" inert={menuOpen}>
          <Avatar url={me.avatarSmallUrl} name={me.displayName} size={32} />
          <span className="topbar-name" data-testid="topbar-name">
            {me.displayName}
          </span>
          <button type="button" className="btn btn-small" onClick={() => void signOut()} disabled={signingOut}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <div className="shell-body">
        <nav id="main-nav" ref={navRef} className={menuOpen ? 'sidenav open' : 'sidenav'} aria-label={t('nav.label')}>
          <ul>
            {items.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} className="nav-link">
                  <Icon name={item.icon} />
                  <span>{item.label}</span>
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        {menuOpen ? <div className="nav-backdrop" aria-hidden="true" onClick={() => setMenuOpen(false)} /> : null}
        <main id="main" ref={mainRef} className="content" tabIndex={-1} inert={menuOpen}>
          {restricted ? null : <MfaBanner />}
          {children}
        </main>
      </div>
    </div>
  );
}
