import { FilterParser } from 'ldapts';
import { badRequest } from '../../http/problem.js';

/** Which LDAP attribute carries each user field. */
export interface AttributeMap {
  /** a stable id of the entry that survives renames (OpenLDAP `entryUUID`, AD `objectGUID`) */
  id: string;
  username: string;
  email: string;
  displayName: string;
}

/** The stored directory configuration (settings key `directory`); the bind password is sealed. */
export interface DirectoryConfig {
  enabled: boolean;
  url: string;
  bindDn: string;
  /** SecretBox-sealed bind password; never leaves the server */
  bindPasswordSealed: string;
  baseDn: string;
  userFilter: string;
  attributes: AttributeMap;
  /** the directory gives its users their own second factor: they cannot enrol TOTP here */
  providesTwoFactor: boolean;
  /** minutes between automatic syncs; 0 = manual only */
  syncIntervalMinutes: number;
}

export const DEFAULT_ATTRIBUTES: AttributeMap = { id: 'entryUUID', username: 'uid', email: 'mail', displayName: 'cn' };
export const DEFAULT_USER_FILTER = '(objectClass=inetOrgPerson)';
export const SYNC_INTERVAL_RANGE = { minimum: 0, maximum: 10_080 } as const;

const ATTRIBUTE_NAME = /^(?:[A-Za-z][A-Za-z0-9-]{0,63}|\d+(?:\.\d+){1,30})$/;

/** The admin's input, before the password is sealed. `bindPassword` omitted: keep the stored one. */
export interface DirectoryInput {
  enabled?: boolean;
  url: string;
  bindDn: string;
  bindPassword?: string;
  baseDn: string;
  userFilter?: string;
  attributes?: Partial<AttributeMap>;
  providesTwoFactor?: boolean;
  syncIntervalMinutes?: number;
}

/**
 * Checks what the schema cannot: an ldap:// or ldaps:// URL without path or credentials, a
 * filter LDAP can parse, plain attribute names.
 * @throws 400 invalid_directory_url | invalid_filter | invalid_attribute
 */
export function validateInput(input: DirectoryInput): { url: string; userFilter: string; attributes: AttributeMap } {
  let parsed: URL;
  try {
    parsed = new URL(input.url.trim());
  } catch {
    throw badRequest('invalid_directory_url', 'Use ldap://host:port or ldaps://host:port.').forField('url');
  }
  if (!['ldap:', 'ldaps:'].includes(parsed.protocol) || !parsed.hostname || parsed.username || parsed.password || (parsed.pathname !== '' && parsed.pathname !== '/') || parsed.search) {
    throw badRequest('invalid_directory_url', 'Use ldap://host:port or ldaps://host:port.').forField('url');
  }
  const userFilter = (input.userFilter ?? DEFAULT_USER_FILTER).trim();
  try {
    if (!userFilter.startsWith('(')) throw new Error('unparenthesised');
    FilterParser.parseString(userFilter);
  } catch {
    throw badRequest('invalid_filter', 'The user filter is not a valid LDAP filter, e.g. (objectClass=inetOrgPerson).').forField('userFilter');
  }
  const attributes = { ...DEFAULT_ATTRIBUTES, ...input.attributes };
  for (const [field, name] of Object.entries(attributes)) {
    if (!ATTRIBUTE_NAME.test(name)) throw badRequest('invalid_attribute', `The ${field} attribute is not an LDAP attribute name.`).forField(`attributes.${field}`);
  }
  return { url: `${parsed.protocol}//${parsed.host}`, userFilter, attributes };
}

/** Reads a stored configuration defensively; anything malformed counts as "not configured". */
export function parseStoredConfig(value: unknown): DirectoryConfig | null {
  if (!value || typeof value !== 'object') return null;
  const c = value as Partial<DirectoryConfig>;
  const str = (v: unknown): v is string => typeof v === 'string' && v !== '';
  const a = (c.attributes ?? {}) as Partial<AttributeMap>;
  if (!str(c.url) || !str(c.bindDn) || !str(c.bindPasswordSealed) || !str(c.baseDn) || !str(c.userFilter)) return null;
  if (!str(a.id) || !str(a.username) || !str(a.email) || !str(a.displayName)) return null;
  return {
    enabled: c.enabled !== false,
    url: c.url,
    bindDn: c.bindDn,
    bindPasswordSealed: c.bindPasswordSealed,
    baseDn: c.baseDn,
    userFilter: c.userFilter,
    attributes: { id: a.id, username: a.username, email: a.email, displayName: a.displayName },
    providesTwoFactor: c.providesTwoFactor === true,
    syncIntervalMinutes: Number.isInteger(c.syncIntervalMinutes) ? (c.syncIntervalMinutes as number) : 0,
  };
}
