import { Client, type Entry, InvalidCredentialsError, ResultCodeError } from 'ldapts';
import { Problem, unprocessable } from '../../http/problem.js';
import type { AttributeMap } from './config.js';

/** The only module that speaks LDAP (ldapts). Everything else sees entries and Problems. */

const CONNECT_TIMEOUT_MS = 3_000;
const OPERATION_TIMEOUT_MS = 15_000;
const PAGE_SIZE = 500;

/** LDAP result codes that mean "the server cannot answer now", not "wrong password": busy (51), unavailable (52). */
const TRANSIENT_RESULT_CODES = new Set([51, 52]);

export function directoryUnavailable(detail = 'The directory cannot be reached right now. Try again later.'): Problem {
  return new Problem(503, 'directory_unavailable', detail, {}, { 'retry-after': '30' });
}

/** One user as the directory describes them. */
export interface DirectoryEntry {
  dn: string;
  externalId: string | null;
  username: string | null;
  email: string | null;
  displayName: string | null;
}

function newClient(url: string): Client {
  return new Client({ url, connectTimeout: CONNECT_TIMEOUT_MS, timeout: OPERATION_TIMEOUT_MS, strictDN: false });
}

async function close(client: Client): Promise<void> {
  try {
    await client.unbind();
  } catch {
    // the connection is gone already
  }
}

function describe(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown };
  const text = typeof e?.message === 'string' ? e.message : String(error);
  return text.slice(0, 200);
}

function isTransient(error: unknown): boolean {
  return !(error instanceof ResultCodeError) || TRANSIENT_RESULT_CODES.has(error.code);
}

/**
 * Binds as the configured service account and runs `work` on the connection.
 * @throws 422 directory_bind_failed (the server refused the bind DN or password),
 *   422 directory_search_failed (e.g. the base DN does not exist), 503 directory_unavailable
 *   (cannot connect, timeout, server busy). Details name the cause: only admins see them.
 */
export async function withServiceBind<T>(target: { url: string; bindDn: string; bindPassword: string }, work: (client: Client) => Promise<T>): Promise<T> {
  const client = newClient(target.url);
  try {
    try {
      await client.bind(target.bindDn, target.bindPassword);
    } catch (error) {
      if (isTransient(error)) throw directoryUnavailable(`The directory cannot be reached: ${describe(error)}`);
      throw unprocessable('directory_bind_failed', `The directory refused the bind DN or password: ${describe(error)}`);
    }
    try {
      return await work(client);
    } catch (error) {
      if (error instanceof Problem) throw error;
      if (isTransient(error)) throw directoryUnavailable(`The directory stopped answering: ${describe(error)}`);
      throw unprocessable('directory_search_failed', `The directory refused the search: ${describe(error)}`);
    }
  } finally {
    await close(client);
  }
}

/**
 * Checks a user's password by binding as their DN. An empty password is refused before LDAP sees
 * it (an empty-password bind is an anonymous bind that "succeeds").
 * @throws 503 directory_unavailable when the server cannot answer
 */
export async function checkUserPassword(url: string, dn: string, password: string): Promise<boolean> {
  if (password === '' || dn === '') return false;
  const client = newClient(url);
  try {
    await client.bind(dn, password);
    return true;
  } catch (error) {
    if (error instanceof InvalidCredentialsError) return false;
    if (isTransient(error)) throw directoryUnavailable();
    return false;
  } finally {
    await close(client);
  }
}

function firstValue(entry: Entry, attribute: string): string | null {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase());
  if (!key || key === 'dn') return null;
  const raw = entry[key];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined) return null;
  // binary ids (AD objectGUID) come as buffers: hex keeps them stable and comparable
  const text = Buffer.isBuffer(value) ? value.toString('hex') : String(value);
  return text.trim() === '' ? null : text.trim();
}

/** Every entry under `baseDn` matching `filter`, paged, with the mapped attributes. */
export async function searchUsers(client: Client, baseDn: string, filter: string, attributes: AttributeMap): Promise<DirectoryEntry[]> {
  const entries: DirectoryEntry[] = [];
  const wanted = [...new Set(Object.values(attributes))];
  for await (const page of client.searchPaginated(baseDn, { scope: 'sub', filter, attributes: wanted, paged: { pageSize: PAGE_SIZE } })) {
    for (const entry of page.searchEntries) {
      entries.push({
        dn: entry.dn,
        externalId: firstValue(entry, attributes.id),
        username: firstValue(entry, attributes.username),
        email: firstValue(entry, attributes.email),
        displayName: firstValue(entry, attributes.displayName),
      });
    }
  }
  return entries;
}

/** How many entries match (for the connection test); stops counting at `cap`. */
export async function countUsers(client: Client, baseDn: string, filter: string, cap = 100_000): Promise<number> {
  let count = 0;
  for await (const page of client.searchPaginated(baseDn, { scope: 'sub', filter, attributes: ['1.1'], paged: { pageSize: PAGE_SIZE } })) {
    count += page.searchEntries.length;
    if (count >= cap) break;
  }
  return count;
}
