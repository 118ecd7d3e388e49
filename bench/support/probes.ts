import { readdirSync, readFileSync } from 'node:fs';
import type { Client } from 'pg';
import { round } from './stats';

/**
 * Where a scenario's time and memory go, measured from the outside (Linux /proc; zeros elsewhere): CPU
 * of each bench process, of this database's PostgreSQL backends, of the Redis server and of everything
 * else on the machine, and the peak resident memory of the service and of the relays (the larger).
 */

export interface ProbeTargets {
  /** The service's processes (the API and any workers); read at every sample, as they may restart. */
  service: () => number[];
  receiver: number;
  /** The relay processes: one at a time is under load, so their CPU adds up to that one's. */
  relays: number[];
  /** The bench's own connection to the service's database: it lists that database's backends. */
  db: Client;
}

export interface ProbeReport {
  wallMs: number;
  cpuMs: {
    service: number;
    /** This process: the load generator, the receipts from the receiver, polling. */
    bench: number;
    receiver: number;
    relay: number;
    /** Backends connected to the bench database (not the rest of the shared server). */
    postgres: number;
    /** The whole Redis server, which other users of the machine share. */
    redis: number;
    /** Everything else on the machine (other engineers' work included). */
    other: number;
  };
  coresBusy: number;
  /**
   * Share of the time some task on the machine waited for a CPU (Linux PSI, `/proc/pressure/cpu`
   * "some"; null where the kernel does not report it): how often the cores were oversubscribed.
   */
  cpuWait: number | null;
  /** Highest sampled resident memory, MiB: the service's processes together, and the larger relay. */
  rssPeakMiB: { service: number; relay: number };
}

/** Several measured phases as one: their times and CPU added up, the highest memory. */
export function combinedProbes(reports: ProbeReport[]): ProbeReport {
  const wallMs = reports.reduce((total, report) => total + report.wallMs, 0);
  const cpuMs = Object.fromEntries(
    Object.keys(reports[0].cpuMs).map((key) => [
      key,
      reports.reduce((total, report) => total + report.cpuMs[key as keyof ProbeReport['cpuMs']], 0),
    ]),
  ) as ProbeReport['cpuMs'];
  const busyMs = reports.reduce((total, report) => total + report.coresBusy * report.wallMs, 0);
  const waitMs = reports.some((report) => report.cpuWait === null)
    ? null
    : reports.reduce((total, report) => total + report.cpuWait! * report.wallMs, 0);
  return {
    wallMs: round(wallMs),
    cpuMs,
    coresBusy: round(busyMs / wallMs, 2),
    cpuWait: waitMs === null ? null : round(waitMs / wallMs, 3),
    rssPeakMiB: {
      service: Math.max(...reports.map((report) => report.rssPeakMiB.service)),
      relay: Math.max(...reports.map((report) => report.rssPeakMiB.relay)),
    },
  };
}

const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux
const SAMPLE_MS = 100;

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // not Linux, or the process ended
  }
}

/** utime + stime of one process (all its threads), ms. */
function cpuMs(pid: number): number {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return 0;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

function rssMiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(read(`/proc/${pid}/status`) ?? '');
  return match ? Number(match[1]) / 1024 : 0;
}

/** Busy time of the whole machine (all cores), from /proc/stat. */
function machineBusyMs(): number {
  const fields = (read('/proc/stat') ?? 'cpu 0').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return (fields.reduce((sum, value) => sum + value, 0) - idle) * TICK_MS;
}

/** Time some task waited for a CPU since boot, µs (Linux PSI); null where it is not reported. */
function cpuWaitUs(): number | null {
  const match = /^some .*total=(\d+)/m.exec(read('/proc/pressure/cpu') ?? '');
  return match ? Number(match[1]) : null;
}

function pidsNamed(name: string): number[] {
  const pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  return pids.map(Number).filter((pid) => read(`/proc/${pid}/comm`)?.trim() === name);
}

async function backendPids(db: Client): Promise<number[]> {
  const { rows } = await db
    .query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database()')
    .catch(() => ({ rows: [] as { pid: number }[] }));
  return rows.map((row) => row.pid);
}

/** CPU so far per process, to subtract at the end (a process that appears later started from 0). */
async function cpuSnapshot(targets: ProbeTargets): Promise<Map<string, Map<number, number>>> {
  const groups: Record<string, number[]> = {
    service: targets.service(),
    receiver: [targets.receiver],
    relay: targets.relays,
    postgres: await backendPids(targets.db),
    redis: process.platform === 'linux' ? pidsNamed('redis-server') : [],
  };
  return new Map(
    Object.entries(groups).map(([group, pids]) => [group, new Map(pids.map((pid) => [pid, cpuMs(pid)]))]),
  );
}

/** Samples one scenario from now on: call `stop()` when it ends. */
export async function startProbe(targets: ProbeTargets): Promise<{ stop: () => Promise<ProbeReport> }> {
  const before = {
    wall: performance.now(),
    bench: process.cpuUsage(),
    machine: machineBusyMs(),
    cpuWait: cpuWaitUs(),
  };
  const cpuBefore = await cpuSnapshot(targets);
  const peak = { service: 0, relay: 0 };
  const sample = () => {
    peak.service = Math.max(
      peak.service,
      targets.service().reduce((total, pid) => total + rssMiB(pid), 0),
    );
    peak.relay = Math.max(peak.relay, ...targets.relays.map(rssMiB));
  };
  sample();
  const timer = setInterval(sample, SAMPLE_MS);

  return {
    async stop() {
      clearInterval(timer);
      sample();
      const wallMs = performance.now() - before.wall;
      const cpuAfter = await cpuSnapshot(targets);
      // Backends that ended during the scenario drop out, so PostgreSQL's share is a floor.
      const used = (group: string) =>
        Math.max(
          0,
          [...cpuAfter.get(group)!].reduce(
            (total, [pid, ms]) => total + ms - (cpuBefore.get(group)!.get(pid) ?? 0),
            0,
          ),
        );
      const bench = process.cpuUsage(before.bench);
      const cpu = {
        service: used('service'),
        bench: (bench.user + bench.system) / 1000,
        receiver: used('receiver'),
        relay: used('relay'),
        postgres: used('postgres'),
        redis: used('redis'),
      };
      const machineMs = machineBusyMs() - before.machine;
      const cpuWaitAfter = cpuWaitUs();
      const cpuWaitMs =
        cpuWaitAfter === null || before.cpuWait === null ? null : (cpuWaitAfter - before.cpuWait) / 1000;
      const known = Object.values(cpu).reduce((total, ms) => total + ms, 0);
      return {
        wallMs: round(wallMs),
        cpuMs: {
          ...(Object.fromEntries(Object.entries(cpu).map(([key, ms]) => [key, round(ms, 0)])) as typeof cpu),
          other: round(Math.max(0, machineMs - known), 0),
        },
        coresBusy: round(machineMs / wallMs, 2),
        cpuWait: cpuWaitMs === null ? null : round(cpuWaitMs / wallMs, 3),
        rssPeakMiB: { service: round(peak.service, 0), relay: round(peak.relay, 0) },
      };
    },
  };
}
