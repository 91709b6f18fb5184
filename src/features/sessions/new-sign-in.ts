import { UAParser } from 'ua-parser-js';
import type { Executor } from '../../db/schema.js';
import type { ClientInfo } from '../../http/client-info.js';
import { describeUserAgent } from '../../lib/user-agent.js';
import type { MailService } from '../../mail/service.js';
import type { UserService } from '../users/service.js';
import type { SignInObserver } from './service.js';
import { listSignInOriginsByUserId } from './store.js';

/** How many earlier sessions are compared (sessions are kept for the history window, 90 days by default). */
const HISTORY = 500;

/** Browser and OS family without versions: an update of Firefox is not a new device. */
function deviceOf(userAgent: string): string {
  const parsed = new UAParser(userAgent).getResult();
  return `${parsed.browser.name ?? '?'}|${parsed.os.name ?? '?'}`;
}

export interface NewSignInNotifierOptions {
  users: Pick<UserService, 'findById'>;
  mail: MailService;
}

/**
 * Mails the primary address when a user signs in from a browser/OS/IP combination none of
 * its earlier sessions had (always: it cannot be turned off, see mail/notice-preferences.ts). The very first
 * sign-in of a user has nothing to compare with and sends nothing. The notice is queued in
 * the sign-in's transaction and delivered by the mail worker.
 */
export class NewSignInNotifier implements SignInObserver {
  private readonly mail: MailService;
  private readonly users: Pick<UserService, 'findById'>;

  constructor(options: NewSignInNotifierOptions) {
    this.users = options.users;
    this.mail = options.mail;
  }

  async beforeSessionStart(ex: Executor, userId: string, _method: string, client: ClientInfo): Promise<void> {
    const user = await this.users.findById(userId, ex);
    if (!user) return;
    const earlier = await listSignInOriginsByUserId(ex, userId, HISTORY);
    if (earlier.length === 0) return;
    // the browsers seen from this IP, each parsed once, and only when none is this very one
    // (a user-agent parse costs 10-30 µs; most sign-ins come from a browser seen before)
    const agents = new Set(earlier.filter((session) => session.ip === client.ip).map((session) => session.user_agent));
    if (agents.has(client.userAgent)) return;
    if (agents.size > 0) {
      const device = deviceOf(client.userAgent);
      for (const agent of agents) if (deviceOf(agent) === device) return;
    }
    const { browser, os } = describeUserAgent(client.userAgent);
    const fallback = client.userAgent.slice(0, 80) || '?';
    await this.mail.enqueueNotice(ex, user, 'new_sign_in', { browser: browser ?? fallback, os: os ?? '?', ip: client.ip });
  }
}
