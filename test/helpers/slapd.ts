import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Attribute, Change, Client } from 'ldapts';
import { freePort, isListening } from './net.js';
import { SYSTEM_FILES } from './system.js';

const run = promisify(execFile);

export const SLAPD = SYSTEM_FILES.slapd;
export const LDAPADD = SYSTEM_FILES.ldapadd;
const SCHEMA_DIR = '/etc/ldap/schema';
const MODULE_DIR = '/usr/lib/ldap';

export interface PersonEntry {
  uid: string;
  cn: string;
  sn?: string;
  mail?: string;
  password: string;
}

/** The people every directory test starts with. */
export const PEOPLE: PersonEntry[] = [
  { uid: 'ada', cn: 'Ada Lovelace', mail: 'ada@example.org', password: 'ada directory passphrase' },
  { uid: 'grace', cn: 'Grace Hopper', mail: 'grace@example.org', password: 'grace directory passphrase' },
  { uid: 'alan', cn: 'Alan Turing', mail: 'alan@example.org', password: 'alan directory passphrase' },
];

async function waitForPort(port: number, deadline: number): Promise<void> {
  for (;;) {
    if (await isListening(port)) return;
    if (Date.now() > deadline) throw new Error(`slapd did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function personLdif(suffix: string, p: PersonEntry): string {
  return [
    `dn: uid=${p.uid},ou=people,${suffix}`,
    'objectClass: inetOrgPerson',
    `uid: ${p.uid}`,
    `cn: ${p.cn}`,
    `sn: ${p.sn ?? p.cn.split(' ').pop()}`,
    ...(p.mail ? [`mail: ${p.mail}`] : []),
    `userPassword: ${p.password}`,
    '',
  ].join('\n');
}

/**
 * A real OpenLDAP server for one test file: a throw-away slapd.conf and mdb database in a temp
 * dir, listening on a free loopback port, seeded from LDIF with ldapadd (ldap-utils). Stop it
 * to simulate an outage; start it again on the same port with the same data.
 */
export class Slapd {
  readonly suffix = 'dc=example,dc=org';
  readonly rootDn = 'cn=admin,dc=example,dc=org';
  readonly rootPassword = `root-${randomBytes(8).toString('hex')}`;
  private process: ChildProcess | null = null;
  private log = '';

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `ldap://127.0.0.1:${this.port}`;
  }

  static async start(people: PersonEntry[] = PEOPLE): Promise<Slapd> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'userhub-slapd-'));
    const slapd = new Slapd(dir, await freePort());
    fs.mkdirSync(path.join(dir, 'db'));
    fs.writeFileSync(
      path.join(dir, 'slapd.conf'),
      [
        `include ${SCHEMA_DIR}/core.schema`,
        `include ${SCHEMA_DIR}/cosine.schema`,
        `include ${SCHEMA_DIR}/inetorgperson.schema`,
        `pidfile ${dir}/slapd.pid`,
        `modulepath ${MODULE_DIR}`,
        'moduleload back_mdb',
        // users may bind with their password; everyone bound may read (the service account searches)
        'access to attrs=userPassword by self write by anonymous auth by * none',
        'access to * by users read by * none',
        'database mdb',
        'maxsize 16777216',
        `suffix "${slapd.suffix}"`,
        `rootdn "${slapd.rootDn}"`,
        `rootpw ${slapd.rootPassword}`,
        `directory ${dir}/db`,
        '',
      ].join('\n'),
    );
    await slapd.resume();
    const seed = [
      `dn: ${slapd.suffix}\nobjectClass: dcObject\nobjectClass: organization\no: Example\ndc: example\n`,
      `dn: ou=people,${slapd.suffix}\nobjectClass: organizationalUnit\nou: people\n`,
      ...people.map((p) => personLdif(slapd.suffix, p)),
    ].join('\n');
    fs.writeFileSync(path.join(dir, 'seed.ldif'), seed);
    await run(LDAPADD, ['-x', '-H', slapd.url, '-D', slapd.rootDn, '-w', slapd.rootPassword, '-f', path.join(dir, 'seed.ldif')]);
    return slapd;
  }

  /** Starts (again) on the same port with the same database. */
  async resume(): Promise<void> {
    if (this.process) return;
    const child = spawn(SLAPD, ['-f', path.join(this.dir, 'slapd.conf'), '-h', `${this.url}/`, '-d', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.log = (this.log + chunk.toString()).slice(-4000);
    });
    this.process = child;
    // never outlive the test process, even when it dies without running afterAll
    const reap = () => child.kill('SIGKILL');
    process.once('exit', reap);
    child.once('exit', () => process.removeListener('exit', reap));
    try {
      await waitForPort(this.port, Date.now() + 15_000);
    } catch (error) {
      child.kill('SIGKILL');
      this.process = null;
      throw new Error(`${(error as Error).message}\n${this.log}`);
    }
  }

  /** Stops the server (an outage); the data stays for resume(). */
  async stop(): Promise<void> {
    const child = this.process;
    if (!child) return;
    this.process = null;
    if (child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }

  async destroy(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private async admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ url: this.url });
    try {
      await client.bind(this.rootDn, this.rootPassword);
      return await work(client);
    } finally {
      await client.unbind();
    }
  }

  dnOf(uid: string): string {
    return `uid=${uid},ou=people,${this.suffix}`;
  }

  async addPerson(p: PersonEntry): Promise<void> {
    await this.admin((c) =>
      c.add(this.dnOf(p.uid), {
        objectClass: 'inetOrgPerson',
        uid: p.uid,
        cn: p.cn,
        sn: p.sn ?? p.cn.split(' ').pop()!,
        ...(p.mail ? { mail: p.mail } : {}),
        userPassword: p.password,
      }),
    );
  }

  async removePerson(uid: string): Promise<void> {
    await this.admin((c) => c.del(this.dnOf(uid)));
  }

  async replace(uid: string, attribute: string, value: string): Promise<void> {
    await this.admin((c) => c.modify(this.dnOf(uid), new Change({ operation: 'replace', modification: new Attribute({ type: attribute, values: [value] }) })));
  }
}
