import { UAParser } from 'ua-parser-js';

/** What kind of device, for an icon: ua-parser-js reports no type for desktops. */
export type DeviceKind = 'desktop' | 'phone' | 'tablet' | 'other';

export interface UserAgentSummary {
  browser: string | null;
  os: string | null;
  device: DeviceKind;
}

function deviceKind(type: string | undefined, os: string | undefined): DeviceKind {
  if (type === 'mobile' || type === 'wearable') return 'phone';
  if (type === 'tablet') return 'tablet';
  return type === undefined && os ? 'desktop' : 'other';
}

const cache = new Map<string, UserAgentSummary>();

/** "Firefox 128" / "Ubuntu" from a User-Agent header, by ua-parser-js (MIT 1.x line). */
export function describeUserAgent(userAgent: string | null): UserAgentSummary {
  if (!userAgent) return { browser: null, os: null, device: 'other' };
  const hit = cache.get(userAgent);
  if (hit) return hit;
  const parsed = new UAParser(userAgent).getResult();
  const join = (name?: string, version?: string) => (name ? [name, version].filter(Boolean).join(' ') : null);
  const summary = {
    browser: join(parsed.browser.name, parsed.browser.major),
    os: join(parsed.os.name, parsed.os.version),
    device: deviceKind(parsed.device.type, parsed.os.name),
  };
  if (cache.size > 1000) cache.clear();
  cache.set(userAgent, summary);
  return summary;
}
