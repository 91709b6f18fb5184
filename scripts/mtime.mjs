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
 * When the server was last built, 0 when it never was. The build is incremental: tsc rewrites
 * only the files whose output changed (dist/main.js rarely), but always its dist/.tsbuildinfo.
 */
export const serverBuiltAt = (root) =>
  mtime(path.join(root, 'dist/main.js')) && Math.max(mtime(path.join(root, 'dist/main.js')), mtime(path.join(root, 'dist/.tsbuildinfo')));

/** Whether dist/ is older than the server's sources (then `npm run build` is due). */
export const serverBuildStale = (root) => serverBuiltAt(root) < Math.max(newestMtime(path.join(root, 'src')), mtime(path.join(root, 'tsconfig.build.json')));
