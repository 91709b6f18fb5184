interface SessionLike {
  browser: string | null;
  os: string | null;
  ip: string;
}

/** A session's device as its row shows it ("Firefox · Linux"); `unknown` when the browser said nothing. */
export function sessionDevice(session: SessionLike, unknown: string): string {
  const parts = [session.browser, session.os].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : unknown;
}

/**
 * What a session's row actions name it by: the device and the address, so that two sessions
 * of the same browser and system ("End session on Firefox · Linux · 203.0.113.7") differ.
 */
export function sessionName(session: SessionLike, unknown: string): string {
  const device = sessionDevice(session, unknown);
  return device === session.ip ? device : `${device} · ${session.ip}`;
}
