import Fastify from 'fastify';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findConsoleDist } from './console-files';
import { serveConsole } from './serve-console';

async function get(root: string | null, url: string) {
  const fastify = Fastify();
  await serveConsole(fastify, root);
  const res = await fastify.inject({ method: 'GET', url });
  await fastify.close();
  return res;
}

describe('serveConsole', () => {
  // The build folder, and beside it a file the console must never serve; all removed afterwards.
  const base = mkdtempSync(join(tmpdir(), 'hookpost-console-'));
  const root = join(base, 'dist');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(base, 'hookpost-outside.txt'), 'secret');
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('answers index.html for the console and every path of the SPA', async () => {
    for (const path of ['/admin', '/admin/', '/admin/webhooks/new', '/admin/webhooks/abc/logs']) {
      const res = await get(root, path);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('<title>console</title>');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed assets as immutable and 404s a missing one', async () => {
    const res = await get(root, '/admin/assets/index-abc123.js');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('immutable');
    expect(res.headers['content-type']).toContain('javascript');
    expect((await get(root, '/admin/assets/index-old.js')).statusCode).toBe(404);
  });

  it('never reads outside the build folder', async () => {
    for (const path of [
      '/admin/../hookpost-outside.txt',
      '/admin/%2e%2e/hookpost-outside.txt',
      '/admin/%2E%2E%2Fx',
    ]) {
      expect((await get(root, path)).body).not.toContain('secret');
    }
  });

  it('answers a helpful 503 when the console has not been built', async () => {
    const empty = join(base, 'empty');
    mkdirSync(empty);
    for (const dir of [empty, null]) {
      const res = await get(dir, '/admin/');
      expect(res.statusCode).toBe(503);
      expect(res.body).toContain('npm run build');
    }
  });

  it('says once at start-up, in its own words, that the console is not built', async () => {
    const logged = async (dir: string | null) => {
      const lines: string[] = [];
      const fastify = Fastify({ logger: { level: 'info', stream: { write: (line) => lines.push(line) } } });
      await serveConsole(fastify, dir);
      await fastify.ready();
      await fastify.close();
      return lines
        .map((line) => JSON.parse(line) as { level: number; msg: string })
        .filter((l) => l.level >= 40);
    };
    for (const dir of [join(base, 'never-built'), null]) {
      expect(await logged(dir)).toEqual([
        expect.objectContaining({
          msg: expect.stringMatching(/^The admin console has not been built: .*npm run build/),
        }),
      ]);
    }
    expect(await logged(root)).toEqual([]);
  });

  it('serves a console built after start-up without a restart', async () => {
    const later = join(base, 'built-later');
    const fastify = Fastify();
    await serveConsole(fastify, later);
    expect((await fastify.inject({ method: 'GET', url: '/admin/' })).statusCode).toBe(503);
    mkdirSync(later);
    writeFileSync(join(later, 'index.html'), '<!doctype html><title>later</title>');
    const res = await fastify.inject({ method: 'GET', url: '/admin/' });
    await fastify.close();
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<title>later</title>');
  });

  it('finds apps/console/dist above the server code', () => {
    expect(findConsoleDist(__dirname)).toBe(join(__dirname, '..', '..', '..', 'console', 'dist'));
  });
});
