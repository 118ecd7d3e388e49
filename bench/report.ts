import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, sep } from 'node:path';
import type { FanOut } from './scenarios/fan-out';
import type { Isolation } from './scenarios/head-of-line';
import type { Latency } from './scenarios/latency';
import type { RawLatency, RawThroughput } from './scenarios/raw-baseline';
import type { Throughput } from './scenarios/throughput';
import type { ProbeReport } from './support/probes';
import type { Percentiles } from './support/stats';

export interface BenchResults {
  startedAt: string;
  finishedAt?: string;
  machine: { cpus: number; cpuModel: string; node: string; platform: string };
  settings: Record<string, unknown>;
  rawThroughput?: RawThroughput;
  rawLatency?: RawLatency;
  throughput?: Throughput;
  latency?: Latency;
  fanOut?: FanOut;
  isolation?: Isolation;
  badSignatures?: number;
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
  };
}

type Row = [string, string, string, string, string, string];

const ms = (value: number) => (Number.isFinite(value) ? `${value} ms` : 'n/a');
const trio = (p: Percentiles) => `${ms(p.p50)} / ${ms(p.p95)} / ${ms(p.p99)}`;
const verdict = (ok: boolean | undefined) => (ok === undefined ? '' : ok ? 'met' : 'NOT met');

/** The summary table (markdown, so it pastes into the README as is). */
export function table(results: BenchResults): string {
  const rows: Row[] = [];
  const { rawThroughput: raw, rawLatency, throughput: tp, latency, fanOut, isolation } = results;
  if (raw) {
    rows.push([
      '1 raw baseline',
      'requests/s (plain undici, same bodies)',
      '',
      `${raw.requestsPerSecond}/s`,
      '',
      '',
    ]);
  }
  if (tp) {
    const ratio = raw ? tp.eventsPerSecond / raw.requestsPerSecond : NaN;
    rows.push([
      '2 throughput',
      `events/s, ${tp.events} events emit → all received and logged`,
      `${tp.eventsPerSecond}/s${tp.complete ? '' : ' (incomplete)'}`,
      raw ? `${raw.requestsPerSecond}/s` : '',
      `${(ratio * 100).toFixed(1)} % (≥ 40 %)`,
      verdict(tp.complete && ratio >= 0.4),
    ]);
    rows.push([
      '',
      'accepted / last receipt / all logged',
      `${tp.acceptedSeconds} s / ${tp.receivedSeconds} s / ${tp.loggedSeconds} s`,
      raw ? `${raw.seconds} s` : '',
      '',
      '',
    ]);
  }
  if (latency) {
    rows.push([
      `3 latency @ ${latency.rate}/s`,
      'emit → receipt p50 / p95 / p99',
      trio(latency.latencyMs) + (latency.missing ? ` (${latency.missing} missing)` : ''),
      rawLatency ? trio(rawLatency.latencyMs) : '',
      'p99 ≤ 50 ms',
      verdict(latency.missing === 0 && latency.latencyMs.p99 <= 50),
    ]);
    rows.push(['', 'intake response p50 / p95 / p99', trio(latency.intakeMs), '', '', '']);
  }
  if (fanOut) {
    rows.push([
      `4 fan-out ×${fanOut.webhooks}`,
      `emit → last receipt, median / worst of ${fanOut.rounds.length}`,
      `${ms(fanOut.lastReceiptMs.p50)} / ${ms(fanOut.lastReceiptMs.max)}`,
      '',
      '≤ 2000 ms',
      verdict(fanOut.lastReceiptMs.count === fanOut.rounds.length && fanOut.lastReceiptMs.max <= 2000),
    ]);
    rows.push([
      '',
      'intake response, median / worst; all logged (worst)',
      `${ms(fanOut.intakeMs.p50)} / ${ms(fanOut.intakeMs.max)}; ` +
        ms(Math.max(...fanOut.rounds.map((round) => round.allLoggedMs))),
      '',
      '',
      '',
    ]);
  }
  if (isolation) {
    const { alone, withBadEndpoint: mixed } = isolation;
    const ratio = mixed.latencyMs.p99 / alone.latencyMs.p99;
    rows.push([
      '5 isolation',
      `healthy p50 / p99, 1 in ${Math.round(1 / isolation.badShare)} events to a hanging endpoint`,
      `${ms(mixed.latencyMs.p50)} / ${ms(mixed.latencyMs.p99)}` +
        (mixed.missing ? ` (${mixed.missing} missing)` : ''),
      `${ms(alone.latencyMs.p50)} / ${ms(alone.latencyMs.p99)} (no bad endpoint)`,
      `p99 ×${ratio.toFixed(2)} (≤ 2×)`,
      verdict(mixed.missing === 0 && ratio <= 2),
    ]);
  }
  const header: Row = ['scenario', 'metric', 'Hookpost', 'baseline (same run)', 'ratio / target', 'target'];
  const lines = [header, ['---', '---', '---', '---', '---', '---'] as Row, ...rows];
  return lines.map((row) => `| ${row.join(' | ')} |`).join('\n');
}

/** Where the time went, per measured scenario: CPU split, event-loop delay, queue depth, round trips. */
export function breakdown(results: BenchResults): string {
  const probes: [string, ProbeReport | undefined, number][] = [
    ['throughput', results.throughput?.probe, results.throughput?.events ?? 0],
    ['latency', results.latency?.probe, results.latency?.healthyEvents ?? 0],
    [
      'fan-out',
      results.fanOut?.probe,
      (results.fanOut?.webhooks ?? 0) * (results.fanOut?.rounds.length ?? 0),
    ],
    ['isolation alone', results.isolation?.aloneProbe, results.isolation?.alone.healthyEvents ?? 0],
    ['isolation + bad', results.isolation?.withBadProbe, 0],
  ];
  const lines: string[] = [];
  for (const [name, probe, deliveries] of probes) {
    if (!probe) continue;
    const per = (total: number) => (deliveries ? ` (${(total / deliveries).toFixed(1)} per delivery)` : '');
    lines.push(
      `${name}: ${(probe.wallMs / 1000).toFixed(1)} s wall, CPU service+load ${(probe.cpu.serviceAndLoadMs / 1000).toFixed(1)} s, ` +
        `receiver ${(probe.cpu.receiverMs / 1000).toFixed(1)} s, PostgreSQL ${(probe.cpu.postgresMs / 1000).toFixed(1)} s, ` +
        `Redis ${(probe.cpu.redisMs / 1000).toFixed(1)} s, other ${(probe.cpu.otherMs / 1000).toFixed(1)} s ` +
        `(${probe.cpu.coresBusy} of ${results.machine.cpus} cores busy); event-loop delay p50 ${probe.eventLoopDelayMs.p50} ms, ` +
        `p99 ${probe.eventLoopDelayMs.p99} ms, max ${probe.eventLoopDelayMs.max} ms; queue depth max ` +
        `${probe.queueDepthMax.waiting} waiting, ${probe.queueDepthMax.delayed} delayed; ORM pool max ` +
        `${probe.dbPoolMax.used} in use, ${probe.dbPoolMax.pending} waiting for a connection`,
      `  PostgreSQL statements ${probe.pgStatements.total}${per(probe.pgStatements.total)}, ` +
        `Redis commands ${probe.redisCommands.total}${per(probe.redisCommands.total)}`,
    );
    if (name === 'throughput') {
      for (const [statement, count] of probe.pgStatements.top.slice(0, 8))
        lines.push(`    pg ${count}× ${statement}`);
      lines.push(
        `    redis ${probe.redisCommands.top.map(([command, count]) => `${command} ${count}`).join(', ')}`,
      );
    }
  }
  return lines.join('\n');
}

/** bench/results/<timestamp>.json and latest.json (the folder is git-ignored). */
export function writeResults(results: BenchResults): string {
  const dir = join(repoRoot(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${results.startedAt.replace(/[:.]/g, '-')}.json`);
  const text = `${JSON.stringify(results, null, 2)}\n`;
  writeFileSync(file, text);
  writeFileSync(join(dir, 'latest.json'), text);
  return file;
}

/** The repository root, whether this runs from bench/ (ts-node) or from the compiled dist/bench/. */
function repoRoot(): string {
  const marker = `${sep}dist${sep}`;
  return __dirname.includes(marker) ? __dirname.slice(0, __dirname.indexOf(marker)) : join(__dirname, '..');
}
