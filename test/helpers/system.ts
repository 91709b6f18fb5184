import fs from 'node:fs';
import path from 'node:path';

/**
 * The Debian binaries some tests run (and the one font file, which sharp draws initials with),
 * in one place. A suite that needs one (directly or through
 * a helper) is named `*.system.test.ts`: `npm test` leaves it to `npm run test:all`, which installs
 * the packages (scripts/test-all.sh). test/system-suites.test.ts holds the naming to the imports.
 */
export const SYSTEM_FILES = {
  slapd: '/usr/sbin/slapd',
  ldapadd: '/usr/bin/ldapadd',
  nginx: '/usr/sbin/nginx',
  oathtool: '/usr/bin/oathtool',
  chromium: '/usr/bin/chromium',
  /** fonts-dejavu-core: fontconfig's default font for the initials avatars */
  font: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
} as const;

export type SystemBinary = keyof typeof SYSTEM_FILES;

export const SYSTEM_SUFFIX = '.system.test.ts';
export const TEST_ROOT = path.resolve(import.meta.dirname, '..');

const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;
const USE = /SYSTEM_FILES\.(\w+)/g;

/** The relative modules `file` loads at run time (type-only imports are erased, so left out). */
function runtimeImports(file: string, source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(IMPORT)) {
    if (match[1]) continue;
    const specifier = match[2] ?? match[3]!;
    const resolved = path.resolve(path.dirname(file), specifier);
    for (const candidate of [resolved.replace(/\.js$/, '.ts'), resolved, `${resolved}.ts`]) {
      if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) {
        found.push(candidate);
        break;
      }
    }
  }
  return found;
}

/** Which Debian binaries running `file` needs: those its module graph (within test/) names. */
export function binariesNeededBy(file: string, seen = new Set<string>()): Set<SystemBinary> {
  const needed = new Set<SystemBinary>();
  if (seen.has(file) || !file.startsWith(TEST_ROOT) || !/\.(ts|mjs)$/.test(file)) return needed;
  seen.add(file);
  const source = fs.readFileSync(file, 'utf8');
  if (path.basename(file) !== 'system.ts') {
    for (const [, name] of source.matchAll(USE)) if (name && name in SYSTEM_FILES) needed.add(name as SystemBinary);
  }
  for (const dep of runtimeImports(file, source)) for (const name of binariesNeededBy(dep, seen)) needed.add(name);
  return needed;
}

/** Every API test file (test/e2e is the browser suite's) with the binaries it needs. */
export function apiSuites(): { file: string; binaries: SystemBinary[] }[] {
  return fs
    .readdirSync(TEST_ROOT, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.test.ts') && !name.startsWith(`e2e${path.sep}`))
    .sort()
    .map((name) => {
      const file = path.join(TEST_ROOT, name);
      return { file, binaries: [...binariesNeededBy(file)].sort() };
    });
}

/** The lines `npm test` ends with: what it left to `npm run test:all`, and why. */
export function leftToTestAll(): string {
  const system = apiSuites().filter((suite) => suite.file.endsWith(SYSTEM_SUFFIX));
  const relative = (file: string) => path.relative(path.dirname(TEST_ROOT), file);
  const lines = system.map(({ file, binaries }) => {
    const why = binaries.map((name) => `${name} (${SYSTEM_FILES[name]}${fs.existsSync(SYSTEM_FILES[name]) ? '' : ', not installed'})`);
    return `  ${relative(file)}: needs ${why.join(', ') || 'nothing (rename it: test/system-suites.test.ts fails)'}`;
  });
  return [
    `npm test left ${system.length} suites that need a Debian package (a binary or the font) to \`npm run test:all\` (or USERHUB_TEST_SYSTEM=1 npx vitest run <file>):`,
    ...lines,
    `  test/e2e/*.e2e.ts: the browser suite, needs chromium (${SYSTEM_FILES.chromium}): \`npm run test:e2e\``,
  ].join('\n');
}
