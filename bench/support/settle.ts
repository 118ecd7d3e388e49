import type { BenchContext } from './context';
import { progress, step } from './progress';
import { until } from './stats';

const SETTLE_TIMEOUT_MS = 60_000;

/**
 * Waits until no delivery is pending, so a scenario that compares a webhook's latency alone and beside
 * other traffic starts from an idle service: what an earlier scenario left retrying (the isolation
 * scenario's hanging endpoint keeps worker slots for its timeouts, seconds after it ends) is not the
 * traffic this one measures. Gives up, saying so, after a minute. Then vacuums and analyzes the run's
 * own database, as autovacuum would have by then on a server with its default settings: a
 * PostgreSQL with autovacuum off (this project's machine runs one) keeps every dead row version the
 * earlier scenarios left, and each later scenario ran slower for it (PostgreSQL took 19.7 CPU-seconds
 * in the delivery-control mix at the end of a full run, 7.0 on a server with autovacuum on).
 */
export async function settle({ service }: BenchContext): Promise<void> {
  step('Waiting for earlier scenarios’ deliveries to settle (none pending), then vacuuming the database');
  let pending = 0;
  const done = progress('settling', () => `${pending} pending`);
  const settled = await until(
    async () => {
      const { rows } = await service.db.query<{ pending: string }>(
        `select count(*) as pending from delivery where status = 'pending'`,
      );
      pending = Number(rows[0].pending);
      return pending === 0;
    },
    SETTLE_TIMEOUT_MS,
    250,
  );
  done();
  if (!settled)
    console.log(`  ${pending} still pending after ${SETTLE_TIMEOUT_MS / 1000}s: measuring anyway`);
  await service.db.query('vacuum (analyze)');
}
