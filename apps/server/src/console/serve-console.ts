import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync, statSync } from 'node:fs';
import { join, normalize, relative, sep } from 'node:path';

const PREFIX = '/admin';
const ASSETS = `${PREFIX}/assets/`;
// Vite puts a content hash in every asset name, so an asset never changes under the same URL.
const IMMUTABLE = 'public, max-age=31536000, immutable';
const BUILD_IT = 'Run `npm run build` (or `npm run build -w apps/console`)';
const NOT_BUILT = `The admin console has not been built. ${BUILD_IT} and reload.`;
const NOT_BUILT_AT_START = `The admin console has not been built: /admin answers 503 until it is. ${BUILD_IT}.`;

/**
 * Serves the built console (`root`, Vite's output) under /admin: its files, index.html for the SPA's
 * own paths, 404 for a missing asset, and a 503 that says what to do when nothing has been built.
 * Routes answer before any guard: the files hold no data, and every API call they make carries the
 * admin token. (The queue board's routes under /admin/queues are more specific and win.)
 */
export async function serveConsole(fastify: FastifyInstance, root: string | null): Promise<void> {
  // A console built after start-up is served without a restart, so its folder may not exist yet:
  // one line of ours says what to do instead of @fastify/static's '"root" path … must exist'.
  if (!builtAt(root)) fastify.log.warn(NOT_BUILT_AT_START);
  await fastify.register(fastifyStatic, { root: root ?? process.cwd(), serve: false, suppressWarning: true });
  const handler = (request: FastifyRequest, reply: FastifyReply) => {
    const dir = builtAt(root);
    if (!dir) return reply.status(503).type('text/plain').send(NOT_BUILT);
    // URL() resolves "." and ".." segments; the file is checked to stay inside the folder all the same.
    const path = new URL(request.url, 'http://console').pathname;
    const file = fileFor(dir, path);
    if (file) return send(reply, relative(dir, file), path.startsWith(ASSETS) ? IMMUTABLE : 'no-cache');
    // A missing asset means a stale page asking for an old build: index.html would only confuse it.
    if (path.startsWith(ASSETS)) return reply.status(404).type('text/plain').send('Not found');
    return send(reply, 'index.html', 'no-cache');
  };
  fastify.get(PREFIX, handler);
  fastify.get(`${PREFIX}/*`, handler);
}

/** The console's folder once a build is in it (checked on each request), else null. */
function builtAt(root: string | null): string | null {
  return root !== null && existsSync(join(root, 'index.html')) ? root : null;
}

function send(reply: FastifyReply, file: string, cacheControl: string) {
  return reply.header('cache-control', cacheControl).sendFile(file, { cacheControl: false });
}

/** A real file inside `root` for this URL path, or null. */
function fileFor(root: string, path: string): string | null {
  if (!path.startsWith(`${PREFIX}/`)) return null;
  let relativePath: string;
  try {
    relativePath = normalize(decodeURIComponent(path.slice(PREFIX.length + 1)));
  } catch {
    return null;
  }
  const file = join(root, relativePath);
  if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) return null;
  return file;
}
