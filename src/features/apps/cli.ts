import { parseArgs } from 'node:util';
import type { CursorPosition } from '../../lib/cursor.js';
import type { AppService } from './service.js';
import { SYSTEM_BY } from '../audit/by.js';

export const APP_USAGE = `  app create NAME [--url URL]        register an app; prints its id and secret (shown once)
      [--oidc --redirect-uri URI … [--post-logout-uri URI …] [--backchannel-logout-uri URI]
       [--public] [--implicit-consent]]   … as an OpenID Connect client (client_id = id)
  app list                           list registered apps
  app rotate-secret ID               give an app a new secret (printed once); the old one stops working
  app delete ID                      delete an app and every app password made for it`;

/** A mistake in the command line; the CLI prints it with the usage text. */
export class AppCommandError extends Error {}

/** `userhub app …`: the admin apps registry from the command line. `print` gets one line at a time. */
export async function appCommand(apps: AppService, args: string[], print: (line: string) => void): Promise<void> {
  const [action, ...rest] = args;
  switch (action) {
    case 'create': {
      const { values, positionals } = parseArgs({
        args: rest,
        options: {
          url: { type: 'string' },
          oidc: { type: 'boolean' },
          'redirect-uri': { type: 'string', multiple: true },
          'post-logout-uri': { type: 'string', multiple: true },
          'backchannel-logout-uri': { type: 'string' },
          public: { type: 'boolean' },
          'implicit-consent': { type: 'boolean' },
        },
        allowPositionals: true,
      });
      const name = positionals.join(' ');
      if (name.trim() === '') throw new AppCommandError('app create needs a NAME');
      const redirectUris = values['redirect-uri'] ?? [];
      if (values.oidc && redirectUris.length === 0) throw new AppCommandError('app create --oidc needs at least one --redirect-uri');
      if (!values.oidc && (redirectUris.length > 0 || values.public || values['implicit-consent'])) {
        throw new AppCommandError('--redirect-uri, --public and --implicit-consent go with --oidc');
      }
      const { app, secret } = await apps.create({
        name,
        url: values.url ?? null,
        ...(values.oidc
          ? {
              redirectUris,
              postLogoutRedirectUris: values['post-logout-uri'] ?? [],
              backchannelLogoutUri: values['backchannel-logout-uri'] ?? null,
              confidential: !values.public,
              consent: values['implicit-consent'] ? ('implicit' as const) : ('required' as const),
            }
          : {}),
      }, SYSTEM_BY);
      print(`created app "${app.name}"`);
      print(`id: ${app.id}`);
      if (values.oidc) print(`client_id: ${app.id} (${values.public ? 'public: PKCE, no secret' : 'confidential: the secret below is the client secret'})`);
      print(`secret: ${secret}`);
      print('The secret is shown only this once; the app sends it as Authorization: Bearer <secret>.');
      return;
    }
    case 'list': {
      let after: CursorPosition | null = null;
      do {
        const page = await apps.list(100, after);
        for (const app of page.items) print(`${app.id}\t${app.name}\t${app.url ?? ''}\t${app.secretPrefix}…`);
        const last = page.items[page.items.length - 1];
        after = page.nextCursor && last ? { createdAt: last.createdAt, id: last.id } : null;
      } while (after);
      return;
    }
    case 'rotate-secret': {
      const id = rest[0];
      if (!id) throw new AppCommandError('app rotate-secret needs an app id');
      const { app, secret } = await apps.rotateSecret(id, SYSTEM_BY);
      print(`new secret for "${app.name}" (${app.id}): ${secret}`);
      return;
    }
    case 'delete': {
      const id = rest[0];
      if (!id) throw new AppCommandError('app delete needs an app id');
      const app = await apps.get(id);
      await apps.delete(id, SYSTEM_BY);
      print(`deleted app "${app.name}" (${app.id})`);
      return;
    }
    default:
      throw new AppCommandError(`unknown app command: ${action ?? '(none)'}`);
  }
}
