/** What a run measures and how; defaults fit a full run in about 5 minutes on a 2-core machine. */
export const SCENARIOS = ['baseline', 'throughput', 'latency', 'fanout', 'isolation', 'control'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface BenchOptions {
  only: ScenarioName[];
  /**
   * How latency, fan-out and isolation hand events over: `http` (POST /api/internal/events, an outside
   * producer) or `bus` (the Nest event bus inside the service). Throughput always measures both.
   */
  intake: 'http' | 'bus';
  postgresUrl: string;
  redisUrl: string;
  concurrency: number;
  /** Worker processes; with any, the service is one API process (HOOKPOST_ROLE=api) plus these. */
  workers: number;
  /** HOOKPOST_PROCESSES of each of them: server processes sharing one port (the profile run uses 1). */
  processes: number;
  timeoutMs: number;
  retrySchedule: string;
  throughputEvents: number;
  /**
   * Throughput rounds, each measuring the raw client, the relay, then Hookpost (HTTP and bus) back to
   * back; the round with the median HTTP-to-relay ratio is reported, the others listed beside it.
   */
  throughputRounds: number;
  /** Events (or requests) in flight in every throughput run: Hookpost's, the relay's and the raw client's. */
  intakeInFlight: number;
  /** Events sent before each throughput run and not measured, so no target starts with a cold JIT. */
  warmupEvents: number;
  /** A CPU profile of the HTTP throughput run: one more run of it, same load, under --cpu-prof. */
  profile: boolean;
  latencyRate: number;
  latencySeconds: number;
  fanoutWebhooks: number;
  fanoutRounds: number;
  /**
   * Seconds of each isolation and delivery-control phase sent first and not measured: a new mix of
   * traffic meets cold code paths and a connection pool that has yet to grow.
   */
  pacedWarmupSeconds: number;
  isolationRate: number;
  isolationSeconds: number;
  isolationBadShare: number;
  /** Delivery control: the healthy webhook's rate, alone and beside the ordered and limited traffic. */
  controlRate: number;
  controlSeconds: number;
  controlTargets: number;
  controlOrderedRate: number;
  /** The limited webhook's `rateLimit`, and the rate of events offered to it (above the limit). */
  controlLimit: number;
  controlLimitedRate: number;
  /** Alone and beside take turns this many times; each side's latencies are pooled. */
  controlRounds: number;
  /**
   * How deliveries' URLs name the receiver (it listens on 127.0.0.1): the address itself, or a name
   * such as `localhost` that every attempt resolves, as attempts to real endpoints do.
   */
  receiverHost: string;
}

/** `--name=value` flags, then BENCH_* variables, then defaults. */
export function parseOptions(argv = process.argv.slice(2), env = process.env): BenchOptions {
  const flags = new Map(
    argv.map((arg) => {
      const [name, ...value] = arg.replace(/^--/, '').split('=');
      return [name, value.join('=') || 'true'] as const;
    }),
  );
  const text = (name: string, fallback: string) =>
    flags.get(name) ?? env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`] ?? fallback;
  const number = (name: string, fallback: number, least = 1) => {
    const value = Number(text(name, String(fallback)));
    if (!Number.isFinite(value) || value < least) throw new Error(`--${name} must be a number ≥ ${least}`);
    return value;
  };
  const only = text('only', SCENARIOS.join(','))
    .split(',')
    .map((name) => name.trim()) as ScenarioName[];
  for (const name of only) {
    if (!SCENARIOS.includes(name))
      throw new Error(`--only: unknown scenario ${name} (${SCENARIOS.join(', ')})`);
  }
  const intake = text('intake', 'http');
  if (intake !== 'http' && intake !== 'bus') throw new Error('--intake must be http or bus');
  // Cheap (one more throughput run and a service restart), so on whenever throughput runs; an
  // explicit --profile runs it with any scenario set.
  const profile = text('profile', only.includes('throughput') ? 'on' : 'off');
  if (!['on', 'off', 'true', 'false'].includes(profile)) throw new Error('--profile must be on or off');
  return {
    only,
    intake,
    postgresUrl: text('postgres-url', 'postgres://postgres@127.0.0.1:5432'),
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    concurrency: Number(env.HOOKPOST_WORKER_CONCURRENCY ?? 50),
    workers: number('workers', 0, 0),
    // One: on 2 cores shared with PostgreSQL, the receiver and the load generator, a second server
    // process measured slower (1751/s against 2175/s), each batching less. --processes tries more.
    processes: number('processes', 1),
    timeoutMs: number('timeout-ms', 2000),
    // Short, so the isolation scenario sees the retries a broken endpoint causes within its window.
    retrySchedule: text('retry-schedule', '500ms,1s,2s,4s,8s'),
    throughputEvents: number('events', 4000),
    // Every process runs slower in the first round after start-up (the relay up to twice as slow):
    // a ratio taken side by side, three times, says more than one relay run against one Hookpost run.
    throughputRounds: number('throughput-rounds', 3),
    // Concurrent intake requests, as a busy upstream would send them.
    intakeInFlight: number('in-flight', 32),
    warmupEvents: number('warmup', 400, 0),
    profile: profile === 'on' || profile === 'true',
    latencyRate: number('rate', 100),
    latencySeconds: number('latency-seconds', 20),
    fanoutWebhooks: number('fanout-webhooks', 1000),
    fanoutRounds: number('fanout-rounds', 3),
    pacedWarmupSeconds: number('paced-warmup', 2, 0),
    isolationRate: number('isolation-rate', 100),
    isolationSeconds: number('isolation-seconds', 15),
    isolationBadShare: number('bad-share', 0.1, 0.001),
    controlRate: number('control-rate', 100),
    controlSeconds: number('control-seconds', 15),
    controlTargets: number('control-targets', 200),
    controlOrderedRate: number('control-ordered-rate', 100),
    controlLimit: number('control-limit', 20),
    controlLimitedRate: number('control-limited-rate', 30),
    controlRounds: number('control-rounds', 2),
    receiverHost: text('receiver-host', '127.0.0.1'),
  };
}
