import type { BenchContext } from './context';
import { progress, step } from './progress';
import { until } from './stats';

const SETTLE_TIMEOUT_MS = 60_000;

/**
 * Waits until no delivery is pending, so a scenario that compares a webhook's latency alone and beside
 * other traffic starts from an idle service: what an earlier scenario left retrying (the isolation
 * scenario's hanging endpoint keeps worker slots for its timeouts, seconds after it ends) is not the
 * traffic this one measures. Gives up, saying so, after a minute. Then does to the run's own
 * database what autovacuum would have done by then on a server with its default settings: a
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
  await autovacuum(service.db);
}

/**
 * Vacuums and analyzes the tables autovacuum would, by its default thresholds, and no other. Analyzing
 * an empty table is not harmless: PostgreSQL then plans every statement on it as if it stayed empty
 * (a sequential scan is cheapest), keeps those plans for its prepared statements and foreign-key
 * checks, and with nothing to analyze the table again they scanned 10,000 rows per lookup by the end
 * of a delivery-control run. Autovacuum leaves a table alone until 50 rows have changed.
 */
async function autovacuum(db: BenchContext['service']['db']): Promise<void> {
  const { rows } = await db.query<{ name: string; vacuum: boolean; analyze: boolean }>(
    `select quote_ident(s.relname) as name,
            s.n_dead_tup > 50 + 0.2 * greatest(c.reltuples, 0)
              or s.n_ins_since_vacuum > 1000 + 0.2 * greatest(c.reltuples, 0) as vacuum,
            s.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0) as analyze
       from pg_stat_user_tables s join pg_class c on c.oid = s.relid`,
  );
  for (const table of rows) {
    if (table.vacuum) await db.query(`vacuum (analyze ${table.analyze}) ${table.name}`);
    else if (table.analyze) await db.query(`analyze ${table.name}`);
  }
}
