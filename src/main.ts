import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildApp } from './app.js';
import { ensureBootstrapAdmin } from './bootstrap.js';
import { UsageError, accountCommand, directoryCommand, userStateCommand } from './cli/admin-commands.js';
import { ConfigError, type Config, loadConfig } from './config.js';
import { migrateToLatest, openDatabase, openMigrated } from './db/database.js';
import { APP_USAGE, AppCommandError, appCommand } from './features/apps/cli.js';
import { Problem } from './http/problem.js';
import { systemClock } from './lib/clock.js';
import { createServices } from './services.js';
import { SYSTEM } from './features/users/admin-service.js';

const USAGE = `Usage: userhub <command>

  serve                              start the server (migrates first)
  migrate                            bring the database schema up to date
  user create --username U --email E [--display-name D] [--admin]
                                     password from stdin, or generated and printed
  user list                          list users
  user delete U                      delete a user and everything theirs
  user reset-2fa U                   turn off U's two-factor sign-in (TOTP, passkeys) and end U's sessions
${APP_USAGE}
  user disable U | user enable U     disabling ends every session and token use at once
  account create --name N --type vendor|distributor|reseller [--requires-mfa]
  account list                       list accounts
  directory sync                     sync users from the LDAP directory now
  oidc rotate-keys                   new ID-token signing keys (ES256, RS256); the old ones stay in the JWKS

Configuration comes from USERHUB_* environment variables (see README).`;

export interface CliIo {
  env?: Record<string, string | undefined>;
  /** the password piped to `user create`; defaults to reading stdin */
  readStdin?: () => string;
}

function readStdin(): string {
  if (process.stdin.isTTY) return '';
  try {
    return readFileSync(0, 'utf8').replace(/\r?\n$/, '');
  } catch {
    return '';
  }
}

async function withServices<T>(config: Config, run: (services: ReturnType<typeof createServices>) => Promise<T>): Promise<T> {
  const database = await openMigrated(config.database);
  try {
    return await run(createServices(database.db, config, systemClock, database));
  } finally {
    await database.close();
  }
}

async function serve(config: Config): Promise<void> {
  const app = await buildApp(config);
  const admin = await ensureBootstrapAdmin(app.userhub.services, config);
  if (admin) {
    const shown = admin.password ?? '(the value of USERHUB_BOOTSTRAP_ADMIN_PASSWORD)';
    process.stdout.write(`\nFirst start: created administrator "${admin.username}" with password: ${shown}\nIt is shown only this once.\n\n`);
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      app.close().then(() => process.exit(0), () => process.exit(1));
    });
  }
  const address = await app.listen({ host: config.host, port: config.port });
  app.userhub.services.log.info({ address, database: app.userhub.database.engine, accessLog: config.accessLog }, 'Userhub listening');
}

async function userCommand(config: Config, args: string[], io: CliIo): Promise<void> {
  const [action, ...rest] = args;
  if (action === 'create') {
    const { values } = parseArgs({
      args: rest,
      options: {
        username: { type: 'string' },
        email: { type: 'string' },
        'display-name': { type: 'string' },
        admin: { type: 'boolean', default: false },
      },
    });
    if (!values.username || !values.email) throw new UsageError('user create needs --username and --email');
    const password = (io.readStdin ?? readStdin)();
    await withServices(config, async (services) => {
      // as an administrator would (the system as the actor): on the admin audit
      const { user, generatedPassword } = await services.adminUsers.create(
        SYSTEM,
        { username: values.username as string, email: values.email as string, displayName: values['display-name'], password: password === '' ? null : password, role: values.admin ? 'admin' : 'user' },
        null,
      );
      process.stdout.write(`created ${user.username} (${user.id})\n`);
      if (generatedPassword) process.stdout.write(`password: ${generatedPassword}\n`);
    });
    return;
  }
  if (action === 'list') {
    await withServices(config, async (services) => {
      let cursor = null;
      do {
        const page = await services.users.list({ limit: 100, after: cursor, search: null });
        for (const u of page.items) {
          process.stdout.write(`${u.username}\t${u.email}\t${u.role}${u.disabled ? '\tdisabled' : ''}\n`);
        }
        const last = page.items[page.items.length - 1];
        cursor = page.nextCursor && last ? { createdAt: last.createdAt, id: last.id } : null;
      } while (cursor);
    });
    return;
  }
  if (action === 'delete') {
    const username = rest[0];
    if (!username) throw new UsageError('user delete needs a username');
    await withServices(config, async (services) => {
      const user = await services.users.findByUsername(username);
      if (!user) throw new UsageError(`no user named ${username}`);
      await services.adminUsers.delete(SYSTEM, user.id, null);
      process.stdout.write(`deleted ${user.username}\n`);
    });
    return;
  }
  if (action === 'reset-2fa') {
    const username = rest[0];
    if (!username) throw new UsageError('user reset-2fa needs a username');
    await withServices(config, async (services) => {
      const user = await services.users.findByUsername(username);
      if (!user) throw new UsageError(`no user named ${username}`);
      const { totpRemoved, passkeysRemoved, sessionsEnded } = await services.twoFactor.resetByAdmin(user.id, null, null);
      const removed = [totpRemoved ? 'TOTP and recovery codes' : null, `${passkeysRemoved} passkey(s)`].filter(Boolean).join(', ');
      process.stdout.write(`two-factor sign-in turned off for ${user.username}: removed ${removed}; ${sessionsEnded} session(s) ended\n`);
    });
    return;
  }
  if (action === 'disable' || action === 'enable') {
    await withServices(config, (services) => userStateCommand(services, action, rest, process.stdout));
    return;
  }
  throw new UsageError(`unknown user command: ${action ?? '(none)'}`);
}

/** Runs one CLI command; returns the exit code (-1: keep running, the server is up). */
export async function main(argv: string[], io: CliIo = {}): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === 'help' || command === '--help') {
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 1 : 0;
    }
    const config = loadConfig(io.env);
    switch (command) {
      case 'serve':
        await serve(config);
        return -1;
      case 'migrate': {
        const database = openDatabase(config.database);
        try {
          const applied = await migrateToLatest(database.db);
          process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'schema is up to date\n');
        } finally {
          await database.close();
        }
        return 0;
      }
      case 'user':
        await userCommand(config, rest, io);
        return 0;
      case 'app':
        await withServices(config, (services) => appCommand(services.apps, rest, (line) => process.stdout.write(`${line}\n`)));
        return 0;
      case 'account':
        await withServices(config, (services) => accountCommand(services, rest, process.stdout));
        return 0;
      case 'directory':
        await withServices(config, (services) => directoryCommand(services, rest, process.stdout));
        return 0;
      case 'oidc': {
        if (rest[0] !== 'rotate-keys') throw new UsageError(`unknown oidc command: ${rest[0] ?? '(none)'}`);
        await withServices(config, async (services) => {
          await services.oidc.start();
          const kids = await services.oidc.rotateKeys();
          process.stdout.write(`new signing keys: ${kids.join(', ')}; published now, signing in 20 s (once every node publishes them); the previous ones stay published until their tokens have expired\n`);
        });
        return 0;
      }
      default:
        throw new UsageError(`unknown command: ${command}`);
    }
  } catch (error) {
    if (error instanceof ConfigError) process.stderr.write(`userhub: configuration error: ${error.message}\n`);
    else if (error instanceof UsageError || error instanceof AppCommandError) process.stderr.write(`userhub: ${error.message}\n\n${USAGE}\n`);
    else if (error instanceof Problem) process.stderr.write(`userhub: ${error.code}: ${error.detail ?? ''}\n`);
    else process.stderr.write(`userhub: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
