import { Client } from 'pg';
import { SqlPool } from '@hookpost/core/persistence/sql-pool';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Statements commit flushed unless marked otherwise; one PostgreSQL picks as a deadlock victim is run
 * again, not failed (it was rolled back whole).
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
});
