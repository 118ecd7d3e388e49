import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { existsSync, statSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';

const PREFIX = '/admin';
const ASSETS = `${PREFIX}/assets/`;
// Vite puts a content hash in every asset name, so an asset never changes under the same URL.
const IMMUTABLE = 'public, max-age=31536000, immutable';
const NOT_BUILT =
  'The admin console has not been built. Run `npm run build` (or `npm run build -w apps/console`) and reload.';

/**
 * Serves the built console (`root`, Vite's output) under /admin: its files, index.html for the SPA's
 * own paths, 404 for a missing asset, and a 503 that says what to do when nothing has been built.
 */
export function serveConsole(root: string | null): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const index = root ? join(root, 'index.html') : null;
    if (!root || !index || !existsSync(index)) {
      res.status(503).type('text/plain').send(NOT_BUILT);
      return;
    }
    // URL() resolves "." and ".." segments; the file is checked to stay inside root all the same.
    const path = new URL(req.originalUrl, 'http://console').pathname;
    const file = fileFor(root, path);
    const send = (target: string, cache: string) =>
      res.sendFile(target, { headers: { 'Cache-Control': cache } }, (error) => error && next(error));
    if (file) return send(file, path.startsWith(ASSETS) ? IMMUTABLE : 'no-cache');
    // A missing asset means a stale page asking for an old build: index.html would only confuse it.
    if (path.startsWith(ASSETS)) {
      res.status(404).type('text/plain').send('Not found');
      return;
    }
    send(index, 'no-cache');
  };
}

/** A real file inside `root` for this URL path, or null. */
function fileFor(root: string, path: string): string | null {
  if (!path.startsWith(`${PREFIX}/`)) return null;
  let relative: string;
  try {
    relative = normalize(decodeURIComponent(path.slice(PREFIX.length + 1)));
  } catch {
    return null;
  }
  const file = join(root, relative);
  if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) return null;
  return file;
}
