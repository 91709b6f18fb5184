export function Logo() {
  return (
    <span className="logo">
      <svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false">
        <rect width="32" height="32" rx="7" fill="currentColor" />
        <circle cx="16" cy="12" r="5" fill="#fff" />
        <path d="M7 26c1.5-5 5-7.5 9-7.5s7.5 2.5 9 7.5" fill="#fff" />
      </svg>
      <span className="logo-text">Userhub</span>
    </span>
  );
}
