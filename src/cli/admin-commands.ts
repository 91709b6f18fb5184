import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { AccountType } from '../db/schema.js';
import { ACCOUNT_TYPES } from '../features/accounts/rules.js';
import type { Services } from '../services.js';
import { SYSTEM_BY } from '../features/audit/by.js';

/** A command line that does not make sense; main prints it with the usage text. */
export class UsageError extends Error {}

/** Where a command writes its lines (process.stdout in main, a buffer in tests). */
export interface Output {
  write(text: string): unknown;
}

function parse(args: string[], options: NonNullable<ParseArgsConfig['options']>) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** `userhub account create --name N --type vendor|distributor|reseller [--requires-mfa]` and `userhub account list`. */
export async function accountCommand(services: Services, args: string[], out: Output): Promise<void> {
  const [action, ...rest] = args;
  if (action === 'create') {
    const { values } = parse(rest, { name: { type: 'string' }, type: { type: 'string' }, 'requires-mfa': { type: 'boolean', default: false } });
    const name = values.name as string | undefined;
    const type = values.type as string | undefined;
    if (!name || !type) throw new UsageError('account create needs --name and --type');
    if (!(ACCOUNT_TYPES as readonly string[]).includes(type)) throw new UsageError(`--type must be one of ${ACCOUNT_TYPES.join(', ')}`);
    const account = await services.accounts.create({ name, type: type as AccountType, requiresMfa: values['requires-mfa'] === true }, SYSTEM_BY);
    out.write(`created account ${account.name} (${account.id}, ${account.type}${account.requiresMfa ? ', requires MFA' : ''})\n`);
    return;
  }
  if (action === 'list') {
    parse(rest, {});
    let cursor = null;
    do {
      const page = await services.accounts.list({ limit: 100, after: cursor, search: null });
      for (const a of page.items) out.write(`${a.id}\t${a.name}\t${a.type}${a.requiresMfa ? '\trequires-mfa' : ''}\n`);
      const last = page.items[page.items.length - 1];
      cursor = page.nextCursor && last ? { createdAt: last.createdAt, id: last.id } : null;
    } while (cursor);
    return;
  }
  throw new UsageError(`unknown account command: ${action ?? '(none)'}`);
}

/** `userhub user disable U` / `userhub user enable U`: disabling ends every session at once. */
export async function userStateCommand(services: Services, action: 'disable' | 'enable', args: string[], out: Output): Promise<void> {
  const { positionals } = parse(args, {});
  const username = positionals[0];
  if (!username || positionals.length > 1) throw new UsageError(`user ${action} needs one username`);
  const user = await services.adminUsers.setDisabledByUsername(username, action === 'disable');
  out.write(`${action}d ${user.username}\n`);
}

/** `userhub directory sync`: one sync now, with its report. */
export async function directoryCommand(services: Services, args: string[], out: Output): Promise<void> {
  const [action, ...rest] = args;
  if (action !== 'sync') throw new UsageError(`unknown directory command: ${action ?? '(none)'}`);
  parse(rest, {});
  const report = await services.directory.sync('cli', SYSTEM_BY);
  out.write(
    `directory sync: ${report.found} found, ${report.created} created, ${report.updated} updated, ` +
      `${report.enabled} enabled, ${report.disabled} disabled, ${report.skipped.length} skipped\n`,
  );
  for (const skipped of report.skipped) out.write(`  skipped ${skipped.username ?? skipped.dn}: ${skipped.reason}\n`);
}
