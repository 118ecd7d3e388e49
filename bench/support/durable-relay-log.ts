import { MicroBatcher } from '@hookpost/core/persistence/micro-batcher';
import { type Client, Pool } from 'pg';

const TABLE = 'bench_relay_event';

/**
 * The least storage a relay that loses nothing needs, for the durable relay baseline: each event
 * stored before its 202 (flushed, as Hookpost flushes its intake) and its delivery's outcome recorded
 * after it (unflushed, as Hookpost records attempts: a record lost in a crash means one more attempt),
 * batched as Hookpost batches, on the same PostgreSQL. One table with its key, the event kept as the
 * text it came as (nothing reads into it): no subscriptions, retries, leases, health, or request logs.
 */
export class DurableRelayLog {
  private readonly stored = new MicroBatcher<{ cuid: string; event: string }, void>(async (rows) => {
    await this.flushed.query({
      name: 'store',
      text: `insert into ${TABLE} (cuid, event, created_at)
             select cuid, event, now() from json_to_recordset($1::json) as e(cuid text, event text)`,
      values: [JSON.stringify(rows)],
    });
    return rows.map(() => undefined);
  });

  private readonly recorded = new MicroBatcher<{ cuid: string; status: number }, void>(async (rows) => {
    await this.unflushed.query({
      name: 'record',
      text: `update ${TABLE} e set status_code = a.status, delivered_at = now()
               from json_to_recordset($1::json) as a(cuid text, status int) where e.cuid = a.cuid`,
      values: [JSON.stringify(rows)],
    });
    return rows.map(() => undefined);
  });

  private constructor(
    private readonly flushed: Pool,
    private readonly unflushed: Pool,
  ) {}

  static async open(databaseUrl: string): Promise<DurableRelayLog> {
    const flushed = new Pool({ connectionString: databaseUrl });
    const unflushed = new Pool({ connectionString: databaseUrl, options: '-c synchronous_commit=off' });
    await flushed.query(
      `create table if not exists ${TABLE} (cuid text primary key, event text not null,
         status_code int, delivered_at timestamptz, created_at timestamptz not null)`,
    );
    return new DurableRelayLog(flushed, unflushed);
  }

  /** `event`: the intake request's body, as received. */
  store(cuid: string, event: string): Promise<void> {
    return this.stored.add({ cuid, event });
  }

  record(cuid: string, status: number): Promise<void> {
    return this.recorded.add({ cuid, status });
  }

  async close(): Promise<void> {
    await Promise.all([this.flushed.end(), this.unflushed.end()]);
  }
}

/** Events the durable relay has recorded as delivered (the bench's "logged", as for Hookpost). */
export async function relayDelivered(db: Client): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    `select count(*) as n from ${TABLE} where status_code between 200 and 299`,
  );
  return Number(rows[0].n);
}
