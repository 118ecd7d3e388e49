import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

/** Starts the real entry point and returns what it printed; configuration errors exit before any I/O. */
function start(env: Record<string, string>) {
  const secretsDir = mkdtempSync(join(tmpdir(), 'hookpost-'));
  const result = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/server/src/main.ts'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        PATH: process.env.PATH,
        TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
        HOOKPOST_LOCAL_SECRETS_FILE: join(secretsDir, 'secrets.json'),
        DATABASE_URL: 'postgres://postgres@127.0.0.1:1/never-reached',
        ...env,
      },
    },
  );
  rmSync(secretsDir, { recursive: true, force: true });
  return { status: result.status, lines: result.stderr.trim().split('\n') };
}

describe('Start-up configuration', () => {
  it.each([
    ['HOOKPOST_RETRY_SCHEDULE', { HOOKPOST_RETRY_SCHEDULE: '10s,soon' }],
    ['HOOKPOST_ALLOW_CIDRS', { HOOKPOST_ALLOW_CIDRS: '127.0.0.1/33' }],
    ['PORT', { PORT: 'eighty' }],
    ['HOOKPOST_ROLE', { HOOKPOST_ROLE: 'boss' }],
    ['HOOKPOST_ENCRYPTION_KEY', { HOOKPOST_ENCRYPTION_KEY: 'too-short' }],
    ['HOOKPOST_SIGNING_KEY', { HOOKPOST_SIGNING_KEY: 'bm90IGEga2V5' }],
    ['HOOKPOST_DELIVERY_TIMEOUT_MS', { HOOKPOST_DELIVERY_TIMEOUT_MS: '-5' }],
    ['REDIS_URL', { REDIS_URL: 'http://127.0.0.1:6379' }],
  ])('stops with one line naming %s', (variable, env) => {
    const { status, lines } = start(env);
    expect(status).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Invalid configuration: ${variable} `));
  });

  it.each(['HOOKPOST_ADMIN_TOKEN', 'HOOKPOST_ENCRYPTION_KEY', 'HOOKPOST_SIGNING_KEY'])(
    'refuses to start in production without %s',
    (missing) => {
      const env: Record<string, string> = {
        NODE_ENV: 'production',
        HOOKPOST_ADMIN_TOKEN: 'a-production-token-of-some-length',
        HOOKPOST_ENCRYPTION_KEY: 'ab'.repeat(32),
        HOOKPOST_SIGNING_KEY: Buffer.alloc(32, 1).toString('base64'),
      };
      delete env[missing];
      const { status, lines } = start(env);
      expect(status).toBe(1);
      expect(lines).toEqual([`Invalid configuration: ${missing} is required when NODE_ENV=production`]);
    },
  );
});
