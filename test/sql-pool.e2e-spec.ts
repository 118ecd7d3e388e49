import { Client } from 'pg';
import { CLAIM_SQL } from '@hookpost/core/persistence/delivery.repository';
import { sessionOptions, SqlPool } from '@hookpost/core/persistence/sql-pool';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Statements commit flushed unless marked otherwise; one PostgreSQL picks as a deadlock victim is run
 * again, not failed (it was rolled back whole); the plans a session keeps stay key lookups.
 */
describe('SqlPool', () => {
  let t: TestApp;
  let other: Client;

  beforeAll(async () => {
    t = await startTestApp();
    other = new Client({ connectionString: t.config.databaseUrl });
    await other.connect();
  });

  afterAll(async () => {
    await other?.end();
    await t?.close();
  });

  it('flushes a commit before answering unless the statement is marked unflushed', async () => {
    const sql = t.app.get(SqlPool, { strict: false });
    const setting = `select current_setting('synchronous_commit') as mode`;
    expect(await sql.query(setting)).toEqual([{ mode: 'on' }]);
    expect(await sql.prepared('sync-default', setting, [])).toEqual([{ mode: 'on' }]);
    expect(await sql.prepared('sync-off', setting, [], 'unflushed')).toEqual([{ mode: 'off' }]);
  });

  it('runs a statement again after a deadlock, and it then succeeds', async () => {
    const sql = t.app.get(SqlPool, { strict: false });
    const deadlocks = async () =>
      Number(
        (await other.query('select deadlocks from pg_stat_database where datname = current_database()'))
          .rows[0].deadlocks,
      );
    const before = await deadlocks();

    // The other session holds lock 1; the pool's statement takes lock 2, then waits for 1.
    await other.query('begin');
    await other.query('select pg_advisory_xact_lock(1)');
    const statement = sql.query<{ done: boolean }>(
      'select pg_advisory_xact_lock(2), pg_advisory_xact_lock(1), true as done',
    );
    await new Promise((resolve) => setTimeout(resolve, 200)); // it is waiting for lock 1 now
    // Now the other session wants lock 2: a cycle. PostgreSQL aborts the statement that waited first.
    await other.query('select pg_advisory_xact_lock(2)');
    await other.query('commit');

    await expect(statement).resolves.toEqual([{ pg_advisory_xact_lock: '', done: true }]);
    // Statistics reach pg_stat_database asynchronously.
    for (let i = 0; i < 50 && (await deadlocks()) === before; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await deadlocks()).toBe(before + 1);
  });

  it('keeps a claim a key lookup, whatever the statistics said when its session planned it', async () => {
    const webhook = await t
      .api()
      .post('/api/internal/webhooks')
      .send({ name: 'plans', url: 'http://127.0.0.1:1/', events: ['FindingPublished'] })
      .expect(201);
    const insert = (status: string, prefix: string) =>
      other.query(
        `insert into delivery (cuid, webhook_cuid, event, status, body, next_attempt_at, created_at, updated_at)
         select $2 || n, $1, 'FindingPublished', $3::text, '{}', case when $3::text = 'pending' then now() end, now(), now()
           from generate_series(1, 3000) n`,
        [webhook.body.cuid, prefix, status],
      );
    // Statistics from a quiet moment (nothing pending), then a backlog builds up before the next ANALYZE.
    await insert('succeeded', 'done-');
    await other.query('analyze delivery');
    await insert('pending', 'backlog-');

    const session = new Client({
      connectionString: t.config.databaseUrl,
      options: sessionOptions('unflushed'),
    });
    await session.connect();
    try {
      await session.query(`prepare claim as ${CLAIM_SQL}`);
      const { rows } = await session.query(
        `explain (format json) execute claim('{backlog-1}', now(), now(), '{null}', 'pending')`,
      );
      const nodes = planNodes(rows[0]['QUERY PLAN'][0].Plan);
      const indexes = nodes.flatMap((node) => node['Index Name'] ?? []);
      // The delivery by its key, not every pending one through delivery_due_index; no table read whole.
      expect(indexes).toContain('delivery_pkey');
      expect(indexes).not.toContain('delivery_due_index');
      expect(nodes.map((node) => node['Node Type'])).not.toContain('Seq Scan');

      // A table with no index to serve a query is still read whole, and not compiled first (JIT).
      const listed = await session.query(
        `explain (analyze, format json) select * from webhook order by created_at desc, cuid`,
      );
      const [report] = listed.rows[0]['QUERY PLAN'];
      expect(report.Plan['Node Type']).toBe('Sort');
      expect(report.JIT).toBeUndefined();
    } finally {
      await session.end();
    }
  });
});

type PlanNode = Record<string, string> & { Plans?: PlanNode[] };

function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}
