import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Pool, type QueryConfig, type QueryResult, types } from 'pg';
import { HOOKPOST_CONFIG } from '../config/config.tokens';
import type { HookpostConfig } from '../config/hookpost-config';

/** Spare connections beyond one per eight in-flight deliveries, for intake and the API. */
const SPARE_CONNECTIONS = 10;
/** PostgreSQL allows 100 connections by default, shared by every Hookpost process. */
const MAX_CONNECTIONS = 40;

/** deadlock_detected, serialization_failure: the statement was rolled back and may simply run again. */
const RETRYABLE = new Set(['40P01', '40001']);
const STATEMENT_TRIES = 3;

// bigint counts (count(*)) as numbers: they never come near 2^53 here.
types.setTypeParser(types.builtins.INT8, (value) => Number(value));

/**
 * How a statement commits. `flushed` (the default) answers once its commit is on disk. `unflushed`
 * answers before (synchronous_commit off; PostgreSQL's WAL writer flushes within 0.2 s): for what a
 * worker does with a stored delivery (claim, defer, give a turn, record an attempt), which a
 * PostgreSQL crash could only make happen again, never lose: the delivery stays stored, pending,
 * and is attempted again once its lease ends. Their commits no longer queue for the disk with the
 * intake's, which must be flushed before the event is acknowledged.
 */
export type CommitMode = 'flushed' | 'unflushed';

/**
 * The settings of a pool's sessions. Every statement Hookpost runs at volume finds its rows through
 * an index, and PostgreSQL plans a prepared statement (or a foreign-key check) once per connection,
 * then keeps that plan until the table is next analyzed. Planned while a table was nearly empty, when
 * a sequential scan is the cheapest way, it went on scanning the table as it grew (10,000 rows a
 * lookup within a minute of a fresh start, on a server whose autovacuum had yet to come by). So these
 * sessions plan without sequential scans wherever an index serves, and plan prepared statements once,
 * generically, as they are written to be planned. Without JIT compilation: it pays off for long
 * analytic queries, never for these, and a plan kept off a sequential scan where no index serves
 * costs 10^10 in the planner's units, so PostgreSQL spent 150 ms compiling a select of three webhooks.
 */
export function sessionOptions(commit: CommitMode): string {
  const settings = ['enable_seqscan=off', 'plan_cache_mode=force_generic_plan', 'jit=off'];
  if (commit === 'unflushed') settings.push('synchronous_commit=off');
  return settings.map((setting) => `-c ${setting}`).join(' ');
}

/**
 * The one way to PostgreSQL at run time: a plain `pg` pool, used only by the repositories beside
 * this file. One round trip per statement, no ORM layer in between; MikroORM owns the schema (the
 * entities) and runs the migrations at start-up.
 */
@Injectable()
export class SqlPool implements OnApplicationShutdown {
  private readonly pools: Record<CommitMode, Pool>;

  constructor(@Inject(HOOKPOST_CONFIG) config: HookpostConfig) {
    const perSlots = Math.ceil(config.workerConcurrency / 8);
    this.pools = {
      flushed: SqlPool.pool(config, Math.min(MAX_CONNECTIONS / 2, perSlots + SPARE_CONNECTIONS), 'flushed'),
      unflushed: SqlPool.pool(config, Math.min(MAX_CONNECTIONS / 2, perSlots * 2), 'unflushed'),
    };
  }

  private static pool(config: HookpostConfig, max: number, commit: CommitMode): Pool {
    const pool = new Pool({
      connectionString: config.databaseUrl,
      max,
      connectionTimeoutMillis: 5000,
      // Connections stay open once a burst needed them. Closed after an idle spell (pg's default: 10 s),
      // each came back cold when the next burst arrived: a new server process, and every prepared
      // statement parsed and planned again, stalling intake and attempts for tens of milliseconds.
      idleTimeoutMillis: 0,
      // Idle connections do not keep the process alive (the server does; a finished script may exit).
      allowExitOnIdle: true,
      options: sessionOptions(commit),
    });
    // An idle connection dropped by the server (a restart) is replaced on next use; without a
    // listener the error would be thrown from the pool as an unhandled 'error' event.
    pool.on('error', () => undefined);
    return pool;
  }

  async query<Row>(sql: string, params: unknown[] = []): Promise<Row[]> {
    return (await this.run({ text: sql, values: params })).rows as Row[];
  }

  /**
   * A statement the hot path runs thousands of times a second, as a named prepared statement:
   * PostgreSQL parses and plans it once per connection instead of on every call.
   */
  async prepared<Row>(
    name: string,
    sql: string,
    params: unknown[],
    commit: CommitMode = 'flushed',
  ): Promise<Row[]> {
    return (await this.run({ name, text: sql, values: params }, commit)).rows as Row[];
  }

  /** For statements whose rows are not wanted: how many rows they touched. */
  async execute(sql: string, params: unknown[] = []): Promise<number> {
    return (await this.run({ text: sql, values: params })).rowCount ?? 0;
  }

  /**
   * Every call is one statement, committed on its own: PostgreSQL undid all of it when it chose the
   * statement as a deadlock victim or a serialization failure, so it is run again (after a short,
   * jittered pause that lets the other side finish) rather than failing an intake or an attempt.
   */
  private async run(statement: QueryConfig, commit: CommitMode = 'flushed'): Promise<QueryResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.pools[commit].query(statement);
      } catch (error) {
        if (attempt >= STATEMENT_TRIES || !RETRYABLE.has((error as { code?: string }).code ?? ''))
          throw error;
        await new Promise((resolve) => setTimeout(resolve, attempt * 5 + Math.random() * 10));
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.pools.flushed.end(), this.pools.unflushed.end()]);
  }
}
