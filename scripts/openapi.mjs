// Writes the OpenAPI document of the built server (dist/, `npm run build`) to the file given
// (default dist/openapi.json). The dashboard's API types and the Redocly lint read this file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const out = path.resolve(process.argv[2] ?? path.join(root, 'dist/openapi.json'));
const { buildApp } = await import(path.join(root, 'dist/app.js'));
const { loadConfig } = await import(path.join(root, 'dist/config.js'));

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'userhub-openapi-'));
try {
  const config = loadConfig({ USERHUB_DATA_DIR: dataDir, USERHUB_DATABASE_URL: `sqlite:${dataDir}/userhub.db` });
  const app = await buildApp(config, { logger: false });
  await app.ready();
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(app.swagger(), null, 2)}\n`);
  await app.close();
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
console.log(`wrote ${path.relative(process.cwd(), out)}`);
