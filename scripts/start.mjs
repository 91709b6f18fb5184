// `npm start`: build what is missing or stale, then serve.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
process.chdir(root);

function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return newest;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return newest;
}

const mtime = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

if (mtime('dist/main.js') < newestMtime('src')) {
  console.log('building the server…');
  execFileSync(npm, ['run', '--silent', 'build'], { stdio: 'inherit' });
}
const webSources = () => Math.max(newestMtime('web/src'), newestMtime('web/public'), mtime('web/index.html'), mtime('web/vite.config.ts'));
if (fs.existsSync('web/index.html') && mtime('dist/web/index.html') < webSources()) {
  console.log('building the dashboard…');
  execFileSync(npm, ['run', '--silent', 'build:web'], { stdio: 'inherit' });
}

const child = spawn(process.execPath, ['bin/userhub.js', 'serve', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
