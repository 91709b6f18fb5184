// Modification times for the "build only what is stale" checks of scripts/start.mjs and scripts/gen-api.mjs.
import fs from 'node:fs';
import path from 'node:path';

/** The file's mtime in ms, 0 when it does not exist. */
export const mtime = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0);

/** The newest mtime of any file below `dir`, 0 when it does not exist. */
export function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return newest;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, mtime(path.join(entry.parentPath ?? entry.path, entry.name)));
  }
  return newest;
}

/**
 * When the server was last built: the newest compiled file. Not dist/main.js alone: tsc leaves a
 * file whose output did not change as it was, so a change elsewhere (src/lib/languages.ts) would
 * leave main.js old and the OpenAPI document stale.
 */
export function serverBuiltAt(root) {
  let newest = 0;
  const dist = path.join(root, 'dist');
  if (!fs.existsSync(dist)) return newest;
  for (const entry of fs.readdirSync(dist, { withFileTypes: true, recursive: true })) {
    const dir = entry.parentPath ?? entry.path;
    if (entry.isFile() && entry.name.endsWith('.js') && !path.relative(dist, dir).startsWith('web')) newest = Math.max(newest, mtime(path.join(dir, entry.name)));
  }
  return newest;
}

/** Whether dist/ is older than the server's sources (then `npm run build` is due). */
export const serverBuildStale = (root) => serverBuiltAt(root) < Math.max(newestMtime(path.join(root, 'src')), mtime(path.join(root, 'tsconfig.build.json')));
