import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Redis from 'ioredis';
import { round } from './stats';

/**
 * Where a scenario's time goes, measured from the outside: CPU of this process (service + load
 * generator), of the receiver and of everything else (PostgreSQL, Redis), event-loop delay, and the
 * PostgreSQL statements and Redis commands the service issued, counted by wrapping the client libraries.
 */

type Counter = Map<string, number>;
const pgStatements: Counter = new Map();
const redisCommands: Counter = new Map();
/** Connections the benchmark itself uses (polling, sampling) are not counted. */
export const uncounted = new WeakSet<object>();

function bump(counter: Counter, key: string): void {
  counter.set(key, (counter.get(key) ?? 0) + 1);
}

/** Short, stable label for a statement: its first words, literals and parameters blanked. */
function label(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim().slice(0, 60);
}

/** Wraps every copy of `pg` the ORM may load (knex's and MikroORM's own) and ioredis. Idempotent. */
export function instrumentClients(): void {
  const roots = [__dirname, dirname(createRequire(__filename).resolve('@mikro-orm/postgresql'))];
  const load = createRequire(__filename);
  const prototypes = new Set(
    roots.map(
      (root) => (load(load.resolve('pg', { paths: [root] })) as typeof import('pg')).Client.prototype,
    ),
  );
  for (const proto of prototypes) {
    const marked = proto as unknown as { __benchWrapped?: boolean; query: (...args: unknown[]) => unknown };
    if (marked.__benchWrapped) continue;
    marked.__benchWrapped = true;
    const original = marked.query;
    marked.query = function (this: object, ...args: unknown[]) {
      if (!uncounted.has(this)) {
        const first = args[0] as string | { text?: string };
        bump(pgStatements, label(typeof first === 'string' ? first : (first?.text ?? '?')));
      }
      return original.apply(this, args);
    };
  }
  const redisProto = Redis.prototype as unknown as {
    __benchWrapped?: boolean;
    sendCommand: (command: { name: string }, ...rest: unknown[]) => unknown;
  };
  if (redisProto.__benchWrapped) return;
  redisProto.__benchWrapped = true;
  const send = redisProto.sendCommand;
  redisProto.sendCommand = function (this: object, command, ...rest) {
    if (!uncounted.has(this)) bump(redisCommands, command.name);
    return send.call(this, command, ...rest);
  };
}

/** Jiffies the whole machine spent busy (all cores), from /proc/stat; 0 where that does not exist. */
function machineBusyMs(): number {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = fields[3] + (fields[4] ?? 0);
    const total = fields.reduce((sum, value) => sum + value, 0);
    return ((total - idle) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return 0;
  }
}

/** CPU ms used so far by every process with this command name (PostgreSQL backends, redis-server). */
function processCpuMs(names: string[]): Record<string, number> {
  const totals: Record<string, number> = Object.fromEntries(names.map((name) => [name, 0]));
  try {
    for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (!(comm in totals)) continue;
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        totals[comm] += ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime
      } catch {
        // The process ended between listing and reading.
      }
    }
  } catch {
    // Not Linux: no breakdown.
  }
  return totals;
}

const SERVERS = ['postgres', 'redis-server'];

export interface ProbeReport {
  wallMs: number;
  cpu: {
    serviceAndLoadMs: number;
    receiverMs: number;
    postgresMs: number;
    redisMs: number;
    /** Everything else on the machine (other users of it included: keep it quiet while benchmarking). */
    otherMs: number;
    coresBusy: number;
  };
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  queueDepthMax: { waiting: number; delayed: number };
  /** The ORM pool (max 10): most connections in use and most callers waiting for one, sampled. */
  dbPoolMax: { used: number; pending: number };
  pgStatements: { total: number; top: [string, number][] };
  redisCommands: { total: number; top: [string, number][] };
}

/** Samples one scenario: call `stop()` when it ends. Queue depth is sampled every 100 ms. */
export async function startProbe(
  redisUrl: string,
  queuePrefix: string,
  receiverCpuMs: () => Promise<number>,
  poolStats: () => { used: number; pending: number },
): Promise<{ stop: () => Promise<ProbeReport> }> {
  const before = {
    wall: performance.now(),
    cpu: process.cpuUsage(),
    receiver: await receiverCpuMs(),
    machine: machineBusyMs(),
    servers: processCpuMs(SERVERS),
    pg: new Map(pgStatements),
    redis: new Map(redisCommands),
  };
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const sampler = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  uncounted.add(sampler);
  const depth = { waiting: 0, delayed: 0 };
  const pool = { used: 0, pending: 0 };
  const key = (name: string) => `${queuePrefix}:deliveries:${name}`;
  const timer = setInterval(() => {
    const now = poolStats();
    pool.used = Math.max(pool.used, now.used);
    pool.pending = Math.max(pool.pending, now.pending);
    void Promise.all([sampler.llen(key('wait')), sampler.zcard(key('delayed'))])
      .then(([waiting, delayed]) => {
        depth.waiting = Math.max(depth.waiting, waiting);
        depth.delayed = Math.max(depth.delayed, delayed);
      })
      .catch(() => undefined);
  }, 100);

  return {
    async stop() {
      clearInterval(timer);
      delay.disable();
      sampler.disconnect();
      const wallMs = performance.now() - before.wall;
      const cpu = process.cpuUsage(before.cpu);
      const serviceAndLoadMs = (cpu.user + cpu.system) / 1000;
      const receiverMs = (await receiverCpuMs()) - before.receiver;
      const machineMs = machineBusyMs() - before.machine;
      const servers = processCpuMs(SERVERS);
      // Backends that ended during the scenario drop out of the sum, so this is a floor (never below 0).
      const postgresMs = Math.max(0, servers.postgres - before.servers.postgres);
      const redisMs = Math.max(0, servers['redis-server'] - before.servers['redis-server']);
      return {
        wallMs: round(wallMs),
        cpu: {
          serviceAndLoadMs: round(serviceAndLoadMs, 0),
          receiverMs: round(receiverMs, 0),
          postgresMs: round(postgresMs, 0),
          redisMs: round(redisMs, 0),
          otherMs: round(Math.max(0, machineMs - serviceAndLoadMs - receiverMs - postgresMs - redisMs), 0),
          coresBusy: round(machineMs / wallMs, 2),
        },
        eventLoopDelayMs: {
          p50: round(delay.percentile(50) / 1e6),
          p99: round(delay.percentile(99) / 1e6),
          max: round(delay.max / 1e6),
        },
        queueDepthMax: depth,
        dbPoolMax: pool,
        pgStatements: diff(pgStatements, before.pg),
        redisCommands: diff(redisCommands, before.redis),
      };
    },
  };
}

function diff(now: Counter, then: Counter): { total: number; top: [string, number][] } {
  const entries = [...now]
    .map(([key, value]) => [key, value - (then.get(key) ?? 0)] as [string, number])
    .filter(([, value]) => value > 0)
    .sort((a, b) => b[1] - a[1]);
  return { total: entries.reduce((sum, [, value]) => sum + value, 0), top: entries.slice(0, 12) };
}
