import { Client } from 'pg';
import Redis from 'ioredis';
import { testServerUrl } from './global-setup';

/** Removes whatever this run's tests left behind (a test that crashed before its own cleanup). */
export default async function globalTeardown(): Promise<void> {
  const run = process.env.HOOKPOST_TEST_RUN;
  if (!run) return;
  const pg = new Client({ connectionString: testServerUrl('postgres') });
  await pg.connect();
  // starts_with, not LIKE: the `_` in the run's name would be a LIKE wildcard matching other names.
  const { rows } = await pg.query<{ datname: string }>(
    'select datname from pg_database where starts_with(datname, $1)',
    [run],
  );
  for (const { datname } of rows) await pg.query(`drop database if exists "${datname}" with (force)`);
  await pg.end();
  const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  const keys = await redis.keys(`${run}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
}
