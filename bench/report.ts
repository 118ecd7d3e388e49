import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { formatProfileSummary } from './profile-summary';
import type { CpuProfile } from './scenarios/cpu-profile';
import type { DeliveryControl } from './scenarios/delivery-control';
import type { FanOut } from './scenarios/fan-out';
import type { Isolation } from './scenarios/head-of-line';
import type { Latency } from './scenarios/latency';
import type { Throughput } from './scenarios/throughput';
import type { ClosedLoopRun } from './support/closed-loop';
import type { PacedRun } from './support/paced-events';
import type { ProbeReport } from './support/probes';
import type { ServiceLogSummary } from './support/service';
import type { ThroughputRound } from './support/throughput-rounds';
import type { Percentiles } from './support/stats';

export const RESULTS_DIR = join(__dirname, 'results');

export interface BenchResults {
  startedAt: string;
  finishedAt?: string;
  machine: { cpus: number; cpuModel: string; node: string; platform: string };
  settings: Record<string, unknown>;
  raw: { throughput?: ClosedLoopRun; latency?: PacedRun };
  relay: { throughput?: ClosedLoopRun; latency?: PacedRun };
  durableRelay: { throughput?: ClosedLoopRun; latency?: PacedRun };
  throughput: { http?: Throughput; bus?: Throughput };
  /** Every throughput round; the baselines' and `throughput` above are the reported (median) one's. */
  throughputRounds: ThroughputRound[];
  cpuProfile?: CpuProfile;
  latency?: Latency;
  fanOut?: FanOut;
  isolation?: Isolation;
  control?: DeliveryControl;
  badSignatures?: number;
  serviceLog?: ServiceLogSummary;
  error?: string;
}

export function newResults(settings: Record<string, unknown>): BenchResults {
  return {
    startedAt: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
    },
    settings,
    raw: {},
    relay: {},
    durableRelay: {},
    throughput: {},
    throughputRounds: [],
  };
}

type Row = [string, string, string, string, string];

const ms = (value: number) => (Number.isFinite(value) ? `${value} ms` : 'n/a');
const trio = (p: Percentiles) => `${ms(p.p50)} / ${ms(p.p95)} / ${ms(p.p99)}`;
const rate = (run?: ClosedLoopRun) =>
  run ? `${run.eventsPerSecond}/s${run.complete ? '' : ' (incomplete)'}` : 'n/a';
const share = (part: number, whole?: number) => (whole ? `${((part / whole) * 100).toFixed(1)} %` : 'n/a');
const times = (part: number, whole?: number) => (whole ? `×${(part / whole).toFixed(2)}` : 'n/a');
/** Service (or relay) CPU per event of a run, µs, from /proc. */
const cpuPerEvent = (cpuMs: number, run: ClosedLoopRun) => Math.round((cpuMs * 1000) / run.events);
const joined = (...parts: (string | false | undefined)[]) => parts.filter(Boolean).join(' · ');

/**
 * Every round's ratios to one baseline, in the order they ran: the spread the reported (median) round
 * sits in.
 */
function roundsRow(rounds: ThroughputRound[], baseline: 'relay' | 'durable'): Row {
  const name = baseline === 'relay' ? 'relay' : 'durable relay';
  const of = (run: ClosedLoopRun | undefined, base: ClosedLoopRun) =>
    run ? share(run.eventsPerSecond, base.eventsPerSecond) : 'n/a';
  return [
    '',
    baseline === 'relay'
      ? `every round (${rounds.length}, each: raw, relay, durable relay, HTTP, bus back to back; the table shows the median round by HTTP to relay)`
      : 'every round, to the durable relay',
    rounds.map((round) => of(round.http, round[baseline])).join(' · ') + ' (HTTP)',
    rounds.map((round) => `${name} ${rate(round[baseline])}`).join(' · '),
    rounds.map((round) => of(round.bus, round[baseline])).join(' · ') + ` of ${name} (bus)`,
  ];
}

/** The summary table (markdown, so it pastes into the README as is). */
export function table(results: BenchResults): string {
  const rows: Row[] = [];
  const { raw, relay, throughput, cpuProfile, latency, fanOut, isolation, control } = results;
  const durable = results.durableRelay;
  const baselines = joined(
    relay.throughput && `relay ${rate(relay.throughput)}`,
    durable.throughput && `durable relay ${rate(durable.throughput)}`,
    raw.throughput && `raw ${rate(raw.throughput)}`,
  );
  for (const run of [throughput.http, throughput.bus]) {
    if (!run) continue;
    rows.push([
      `throughput, ${run.intake === 'http' ? 'HTTP intake' : 'event bus (in-process)'}`,
      `events/s, ${run.events} events, ${run.inFlight} in flight, emit → received and logged`,
      rate(run),
      baselines,
      joined(
        relay.throughput && `${share(run.eventsPerSecond, relay.throughput.eventsPerSecond)} of relay`,
        durable.throughput &&
          `${share(run.eventsPerSecond, durable.throughput.eventsPerSecond)} of durable relay`,
        raw.throughput && `${share(run.eventsPerSecond, raw.throughput.eventsPerSecond)} of raw`,
      ),
    ]);
    rows.push([
      '',
      'first emit → all accepted / received / logged',
      `${run.acceptedSeconds} / ${run.receivedSeconds} / ${run.loggedSeconds} s`,
      joined(
        relay.throughput && `relay ${relay.throughput.receivedSeconds} s`,
        durable.throughput &&
          `durable relay ${durable.throughput.receivedSeconds} / ${durable.throughput.loggedSeconds} s`,
        raw.throughput && `raw ${raw.throughput.receivedSeconds} s`,
      ),
      '',
    ]);
  }
  if (results.throughputRounds.length > 1 && throughput.http) {
    rows.push(roundsRow(results.throughputRounds, 'relay'));
    if (durable.throughput) rows.push(roundsRow(results.throughputRounds, 'durable'));
  }
  if (throughput.http && cpuProfile) {
    rows.push([
      '',
      'the HTTP run again, service under --cpu-prof (profile below)',
      rate(cpuProfile.run),
      `without the profiler ${rate(throughput.http)}`,
      share(cpuProfile.run.eventsPerSecond, throughput.http.eventsPerSecond),
    ]);
  }
  const measured = [throughput.http, throughput.bus].filter((run): run is Throughput => run !== undefined);
  if (measured.length) {
    const relayCpu = relay.throughput && cpuPerEvent(relay.throughput.probe.cpuMs.relay, relay.throughput);
    const serviceCpu = measured.map((run) => cpuPerEvent(run.probe.cpuMs.service, run));
    rows.push([
      'CPU per event',
      `service process(es), µs per event (${measured.map((run) => run.intake).join(' / ')}); relay process`,
      `${serviceCpu.join(' / ')} µs`,
      relayCpu ? `relay ${relayCpu} µs` : 'n/a',
      serviceCpu.map((cpu) => times(cpu, relayCpu)).join(' / '),
    ]);
    if (durable.throughput) {
      const stored = durable.throughput;
      const postgresCpu = measured.map((run) => cpuPerEvent(run.probe.cpuMs.postgres, run));
      rows.push([
        '',
        "the same with the durable relay: its process; PostgreSQL (this database's backends)",
        `${serviceCpu.join(' / ')} µs; PostgreSQL ${postgresCpu.join(' / ')} µs`,
        `durable relay ${cpuPerEvent(stored.probe.cpuMs.relay, stored)} µs; ` +
          `PostgreSQL ${cpuPerEvent(stored.probe.cpuMs.postgres, stored)} µs`,
        '',
      ]);
    }
    const peaks = measured.map((run) => run.probe.rssPeakMiB.service);
    const relayPeak = relay.throughput?.probe.rssPeakMiB.relay;
    rows.push([
      'memory',
      `peak RSS during throughput (${measured.map((run) => run.intake).join(' / ')}), service process(es); ` +
        'the service compiled, the relay under the ts-node loader',
      `${peaks.join(' / ')} MiB`,
      relayPeak ? `relay ${relayPeak} MiB` : 'n/a',
      peaks.map((peak) => times(peak, relayPeak)).join(' / '),
    ]);
  }
  if (latency) {
    rows.push([
      `latency @ ${latency.rate}/s`,
      `emit → receipt p50 / p95 / p99, ${latency.intake} intake`,
      trio(latency.latencyMs) + (latency.missing ? ` (${latency.missing} missing)` : ''),
      joined(
        relay.latency && `relay ${trio(relay.latency.latencyMs)}`,
        durable.latency && `durable relay ${trio(durable.latency.latencyMs)}`,
        raw.latency && `raw ${trio(raw.latency.latencyMs)}`,
      ),
      joined(
        relay.latency && `p99 ${times(latency.latencyMs.p99, relay.latency.latencyMs.p99)} of relay`,
        durable.latency && `${times(latency.latencyMs.p99, durable.latency.latencyMs.p99)} of durable relay`,
      ),
    ]);
    rows.push([
      '',
      'intake response p50 / p95 / p99',
      trio(latency.intakeMs),
      joined(
        relay.latency && `relay ${trio(relay.latency.intakeMs)}`,
        durable.latency && `durable relay ${trio(durable.latency.intakeMs)}`,
      ),
      '',
    ]);
  }
  if (fanOut) {
    rows.push([
      `fan-out ×${fanOut.webhooks}`,
      `emit → last receipt, median / worst of ${fanOut.rounds.length}`,
      `${ms(fanOut.lastReceiptMs.p50)} / ${ms(fanOut.lastReceiptMs.max)}`,
      '— (the baselines have no subscriptions)',
      '',
    ]);
    rows.push([
      '',
      'intake response, median / worst; all logged (worst)',
      `${ms(fanOut.intakeMs.p50)} / ${ms(fanOut.intakeMs.max)}; ` +
        ms(Math.max(...fanOut.rounds.map((round) => round.allLoggedMs))),
      '',
      '',
    ]);
  }
  if (isolation) {
    const { alone, withBadEndpoint: mixed } = isolation;
    rows.push([
      'isolation',
      `healthy p50 / p99 while 1 in ${Math.round(1 / isolation.badShare)} events goes to a hanging endpoint`,
      `${ms(mixed.latencyMs.p50)} / ${ms(mixed.latencyMs.p99)}` +
        (mixed.missing ? ` (${mixed.missing} missing)` : ''),
      `no bad endpoint ${ms(alone.latencyMs.p50)} / ${ms(alone.latencyMs.p99)}`,
      `p99 ${times(mixed.latencyMs.p99, alone.latencyMs.p99)}`,
    ]);
  }
  if (control) {
    const { alone, beside, ordered, limited, rounds } = control;
    rows.push([
      'delivery control',
      `healthy p50 / p99 beside an ordered webhook (${ordered.targets} targets) and one limited to ${limited.rateLimit}/s` +
        (rounds > 1 ? `; ${rounds} rounds of each, pooled` : ''),
      `${ms(beside.latencyMs.p50)} / ${ms(beside.latencyMs.p99)}` +
        (beside.missing ? ` (${beside.missing} missing)` : ''),
      `healthy alone ${ms(alone.latencyMs.p50)} / ${ms(alone.latencyMs.p99)}`,
      `p99 ${times(beside.latencyMs.p99, alone.latencyMs.p99)}`,
    ]);
    rows.push([
      '',
      'ordered: received / emitted, out of order; emit → receipt p50 / p95 / p99',
      `${ordered.received} / ${ordered.events}, ${ordered.outOfOrder} out of order; ${trio(ordered.latencyMs)}`,
      '',
      '',
    ]);
    rows.push([
      '',
      `limited: ${limited.offeredRate}/s offered; received / emitted, busiest second, mean rate`,
      `${limited.received} / ${limited.events}, ${limited.peakPerSecond} in 1 s, ${limited.meanPerSecond}/s`,
      `limit ${limited.rateLimit}/s`,
      `peak ${times(limited.peakPerSecond, limited.rateLimit)} of limit`,
    ]);
  }
  if (!rows.length) return 'No scenario completed.';
  const header: Row = ['scenario', 'metric', 'Hookpost', 'baseline (same run)', 'Hookpost vs baseline'];
  const lines = [header, ['---', '---', '---', '---', '---'] as Row, ...rows];
  return lines.map((row) => `| ${row.join(' | ')} |`).join('\n');
}

/** Where the time went, per measured run: CPU by process, cores busy and waited for, peak memory. */
export function breakdown(results: BenchResults): string {
  const runs: [string, ProbeReport | undefined][] = [
    ['raw throughput', results.raw.throughput?.probe],
    ['relay throughput', results.relay.throughput?.probe],
    ['durable relay throughput', results.durableRelay.throughput?.probe],
    ['HTTP throughput', results.throughput.http?.probe],
    ['bus throughput', results.throughput.bus?.probe],
    ['latency', results.latency?.probe],
    ['fan-out', results.fanOut?.probe],
    ['isolation alone', results.isolation?.aloneProbe],
    ['isolation + bad', results.isolation?.withBadProbe],
    ['control alone', results.control?.aloneProbe],
    ['control + ordered + limited', results.control?.besideProbe],
  ];
  const seconds = (value: number) => (value / 1000).toFixed(1);
  return runs
    .filter((entry): entry is [string, ProbeReport] => entry[1] !== undefined)
    .map(
      ([name, { wallMs, cpuMs: cpu, coresBusy, cpuWait, rssPeakMiB }]) =>
        `${name}: ${seconds(wallMs)} s wall; CPU s: service ${seconds(cpu.service)}, bench ${seconds(cpu.bench)}, ` +
        `receiver ${seconds(cpu.receiver)}, relay ${seconds(cpu.relay)}, PostgreSQL ${seconds(cpu.postgres)}, ` +
        `Redis ${seconds(cpu.redis)}, other ${seconds(cpu.other)} (${coresBusy} of ${results.machine.cpus} cores busy` +
        `${cpuWait === null ? '' : `; a task waited for a core ${Math.round(cpuWait * 100)} % of the time`}); ` +
        `RSS peak service ${rssPeakMiB.service} MiB, relay ${rssPeakMiB.relay} MiB`,
    )
    .join('\n');
}

export function profileReport({ run, summary }: CpuProfile): string {
  return (
    `CPU profile of the HTTP throughput run (${run.events} events, ${run.inFlight} in flight, ${run.eventsPerSecond}/s ` +
    `under the profiler); files: ${summary.files.join(', ')}\n${formatProfileSummary(summary)}`
  );
}

/** bench/results/<timestamp>.json and latest.json (the folder is git-ignored). */
export function writeResults(results: BenchResults): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${stamp(results)}.json`);
  const stored = results.cpuProfile
    ? {
        ...results,
        cpuProfile: {
          ...results.cpuProfile,
          summary: {
            ...results.cpuProfile.summary,
            functions: results.cpuProfile.summary.functions.slice(0, 100),
          },
        },
      }
    : results;
  const text = `${JSON.stringify(stored, null, 2)}\n`;
  writeFileSync(file, text);
  writeFileSync(join(RESULTS_DIR, 'latest.json'), text);
  return file;
}

/** The run's file-name stamp (results, logs, profiles). */
export function stamp(results: BenchResults): string {
  return results.startedAt.replace(/[:.]/g, '-');
}
