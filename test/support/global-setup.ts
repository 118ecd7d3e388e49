import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import Redis from 'ioredis';

/** Names this run (its databases and queue prefixes carry the id) and fails fast if a service is down. */
export default async function globalSetup(): Promise<void> {
  nameTestRun();
  const pg = new Client({ connectionString: testServerUrl('postgres') });
  await pg.connect().catch((error: Error) => {
    throw new Error(`End-to-end tests need PostgreSQL at ${testServerUrl('postgres')}: ${error.message}`);
  });
  await pg.end();
  const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
  });
  await redis.connect().catch((error: Error) => {
    throw new Error(`End-to-end tests need Redis at 127.0.0.1:6379: ${error.message}`);
  });
  redis.disconnect();
}

/** Every database, queue prefix and own-server directory of this run starts with the name. */
export function nameTestRun(): void {
  process.env.HOOKPOST_TEST_RUN = `hp_t_${randomBytes(3).toString('hex')}`;
}

export function testServerUrl(database: string): string {
  return `${process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432'}/${database}`;
}
