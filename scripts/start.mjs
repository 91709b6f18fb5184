// `npm start`: build what is missing or stale, then serve.
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { mtime, newestMtime, serverBuildStale } from './mtime.mjs';

const root = path.resolve(import.meta.dirname, '..');
process.chdir(root);

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

if (serverBuildStale(root)) {
  console.log('building the server…');
  execFileSync(npm, ['run', '--silent', 'build'], { stdio: 'inherit' });
}
const webSources = () => Math.max(newestMtime('web/src'), newestMtime('web/public'), mtime('web/index.html'), mtime('web/vite.config.ts'));
if (fs.existsSync('web/index.html') && mtime('dist/web/index.html') < webSources()) {
  console.log('building the dashboard…');
  execFileSync(npm, ['run', '--silent', 'build:web'], { stdio: 'inherit' });
}

// the server's V8 flags (bin/node-flags.js says why)
const nodeFlags = createRequire(import.meta.url)('../bin/node-flags.js');
const child = spawn(process.execPath, [...nodeFlags, 'bin/userhub.js', 'serve', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
