import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { testServerUrl } from '../support/global-setup';

/**
 * DESIGN.md §11: `npm test` leaves the machine's PostgreSQL and Redis as it found them. This runs the
 * fault suite, which flushes a Redis and restarts a PostgreSQL, and then checks that the machine's own
 * servers came through: a marker key and a marker database are still there and neither server
 * restarted. `npm test` runs the fault suite only through this guard.
 */
const ROOT = join(__dirname, '../..');
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const MARKER = `hp_t_guard_${randomBytes(4).toString('hex')}`;
const MARKER_VALUE = 'left by the host guard';

/** What a FLUSHALL, a dropped database or a restart of either server would change. */
interface HostState {
  markerKey: string | null;
  markerDatabase: boolean;
  postgresStartedAt: string;
  redisRunId: string;
  redisUptimeSeconds: number;
}

describe("The fault suite and the machine's PostgreSQL and Redis", () => {
  let suite: ChildProcess | undefined;

  beforeAll(async () => {
    await withPostgres((pg) => pg.query(`create database "${MARKER}"`));
    await withRedis((redis) => redis.set(MARKER, MARKER_VALUE));
  });
  afterAll(async () => {
    suite?.kill('SIGTERM'); // still running only if the test timed out
    await withPostgres((pg) => pg.query(`drop database if exists "${MARKER}"`));
    await withRedis((redis) => redis.del(MARKER));
  });

  it('passes without flushing or restarting either server', async () => {
    const { redisUptimeSeconds: uptimeBefore, ...before } = await hostState();
    expect(before).toMatchObject({ markerKey: MARKER_VALUE, markerDatabase: true });

    suite = spawn(
      process.execPath,
      [require.resolve('jest/bin/jest'), '--selectProjects', 'faults', '--runInBand', '--ci'],
      { cwd: ROOT, stdio: 'inherit' }, // the suite's own progress shows as it runs
    );
    const running = suite;
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      running.once('error', reject);
      running.once('exit', (code) => resolve(code));
    });
    expect(exitCode).toBe(0);

    const { redisUptimeSeconds: uptimeAfter, ...after } = await hostState();
    expect(after).toEqual(before);
    expect(uptimeAfter).toBeGreaterThanOrEqual(uptimeBefore);
  }, 600_000);
});

async function hostState(): Promise<HostState> {
  const postgres = await withPostgres(async (pg) => {
    const { rows } = await pg.query<{ started: string; marker: boolean }>(
      `select pg_postmaster_start_time()::text as started,
              exists (select 1 from pg_database where datname = $1) as marker`,
      [MARKER],
    );
    return rows[0];
  });
  const [markerKey, info] = await withRedis((redis) =>
    Promise.all([redis.get(MARKER), redis.info('server')]),
  );
  const field = (name: string) => new RegExp(`^${name}:(\\w+)`, 'm').exec(info)?.[1] ?? '';
  return {
    markerKey,
    markerDatabase: postgres.marker,
    postgresStartedAt: postgres.started,
    redisRunId: field('run_id'),
    redisUptimeSeconds: Number(field('uptime_in_seconds')),
  };
}

/** A connection per check, so a server restarting in between could not break a long-held one. */
async function withPostgres<T>(act: (pg: Client) => Promise<T>): Promise<T> {
  const pg = new Client({ connectionString: testServerUrl('postgres') });
  await pg.connect().catch((error: Error) => {
    throw new Error(`The host guard needs PostgreSQL at ${testServerUrl('postgres')}: ${error.message}`);
  });
  try {
    return await act(pg);
  } finally {
    await pg.end();
  }
}

async function withRedis<T>(act: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect().catch((error: Error) => {
    throw new Error(`The host guard needs Redis at ${REDIS_URL}: ${error.message}`);
  });
  try {
    return await act(redis);
  } finally {
    redis.disconnect();
  }
}
