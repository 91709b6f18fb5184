import type { TokenIdentity } from '../../src/http/authenticate.js';
import type { TestApp } from '../helpers/app.js';

/**
 * Issues real API tokens through the tokens service, so the guards are tested with
 * `Authorization: Bearer` exactly as scripts use it. Attach it to the app once.
 */
export class TestBearer {
  private app: TestApp | null = null;

  attach(app: TestApp): void {
    this.app = app;
  }

  async issue(userId: string, scope: TokenIdentity['scope'] = 'readwrite'): Promise<string> {
    if (!this.app) throw new Error('TestBearer: attach(app) first');
    const created = await this.app.app.userhub.services.tokens.create(userId, { name: 'test token', scope }, { ip: '127.0.0.1', userAgent: 'test' });
    return created.token;
  }
}
