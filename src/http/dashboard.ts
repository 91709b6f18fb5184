import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { urlPath } from '../lib/url-path.js';

/** `dist/web` of the project: the same from `src/http` (tests, tsx) and from `dist/http` (built). */
export const DEFAULT_WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');

const ONE_YEAR_SECONDS = 365 * 24 * 3600;

/** Vite names every asset by its content hash, so those may be cached for good; the page itself never. */
function cacheControlFor(relativePath: string): string {
  return relativePath.startsWith('assets/') ? `public, max-age=${ONE_YEAR_SECONDS}, immutable` : 'no-cache';
}

/** The file under `root` the URL names, or null (missing, a directory, or outside the root). */
function fileFor(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = path.normalize(decoded).replace(/^([/\\])+/, '');
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  const absolute = path.join(root, relative);
  if (!absolute.startsWith(root + path.sep)) return null;
  try {
    return fs.statSync(absolute).isFile() ? relative.split(path.sep).join('/') : null;
  } catch {
    return null;
  }
}

const wantsHtml = (request: FastifyRequest) => /\btext\/html\b|\*\/\*/.test(request.headers.accept ?? '');

/**
 * Serves the built dashboard (`dist/web`) at `/`: its files as they are, and `index.html` for any
 * other page address a browser asks for (client-side routes such as `/sessions`), so a reload or
 * a bookmarked link works. Paths under `/api` never fall back to the page: an unknown API path
 * keeps its problem+json 404. The page gets the strict page CSP from request-hygiene.ts.
 *
 * Does nothing when the dashboard has not been built (the API works without it).
 */
export async function registerDashboard(app: FastifyInstance, webDir: string = DEFAULT_WEB_DIR): Promise<boolean> {
  const root = path.resolve(webDir);
  if (!fs.existsSync(path.join(root, 'index.html'))) return false;

  await app.register(fastifyStatic, { root, serve: false, cacheControl: false, dotfiles: 'deny' });

  const serve = async (request: FastifyRequest, reply: FastifyReply) => {
    const requested = urlPath(request.url);
    if (requested === '/api' || requested.startsWith('/api/')) return reply.callNotFound();
    const file = fileFor(root, requested);
    if (file) return reply.header('cache-control', cacheControlFor(file)).sendFile(file);
    // A missing asset is a 404, not the page: a stale bundle must fail visibly, not parse HTML as JS.
    if (requested.startsWith('/assets/') || !wantsHtml(request)) return reply.callNotFound();
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').sendFile('index.html');
  };

  app.get('/', { schema: { hide: true } }, serve);
  app.get('/*', { schema: { hide: true } }, serve);
  return true;
}
