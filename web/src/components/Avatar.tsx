import { useEffect, useState } from 'react';

function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((word) => [...(word ?? '')][0] ?? '').join('').toUpperCase() || '?';
}

/** A hue from the name, so initials avatars differ from person to person. */
function hue(name: string): number {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) % 360;
  return hash;
}

/**
 * The user's picture; when it cannot load (Gravatar unreachable, offline instance) the
 * initials take its place instead of a broken image.
 */
export function Avatar({ url, name, size, alt = '', testId }: { url: string; name: string; size: number; alt?: string; testId?: string }) {
  const [failed, setFailed] = useState(false);
  useEffect(() => setFailed(false), [url]);
  if (failed) {
    return (
      <span
        className="avatar avatar-initials"
        style={{ width: size, height: size, fontSize: size * 0.4, background: `hsl(${hue(name)} 45% 42%)` }}
        role={alt ? 'img' : undefined}
        aria-label={alt || undefined}
        aria-hidden={alt ? undefined : true}
        data-testid={testId}
      >
        {initials(name)}
      </span>
    );
  }
  return (
    <img
      className="avatar"
      src={url}
      alt={alt}
      width={size}
      height={size}
      style={{ width: size, height: size }}
      referrerPolicy="no-referrer"
      onError={() => setFailed(true)}
      data-testid={testId}
    />
  );
}
