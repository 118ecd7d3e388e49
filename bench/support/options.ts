/** What a run measures and how; defaults fit the ~6 minute budget on a 2-core machine. */
export const SCENARIOS = ['baseline', 'throughput', 'latency', 'fanout', 'isolation'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface BenchOptions {
  only: ScenarioName[];
  /** `http`: POST /api/internal/events (an outside producer); `bus`: the in-process Nest event bus. */
  intake: 'http' | 'bus';
  postgresUrl: string;
  redisUrl: string;
  concurrency: number;
  /** Worker processes beside the in-process service; with any, the in-process service is API-only. */
  workers: number;
  timeoutMs: number;
  retrySchedule: string;
  throughputEvents: number;
  intakeInFlight: number;
  latencyRate: number;
  latencySeconds: number;
  fanoutWebhooks: number;
  fanoutRounds: number;
  isolationRate: number;
  isolationSeconds: number;
  isolationBadShare: number;
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
  const number = (name: string, fallback: number) => {
    const value = Number(text(name, String(fallback)));
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
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
  return {
    only,
    intake,
    postgresUrl: text('postgres-url', 'postgres://postgres@127.0.0.1:5432'),
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    concurrency: Number(env.HOOKPOST_WORKER_CONCURRENCY ?? 50),
    workers: Number(text('workers', '0')),
    timeoutMs: number('timeout-ms', 2000),
    // Short, so the isolation scenario sees the retries a broken endpoint causes within its window.
    retrySchedule: text('retry-schedule', '500ms,1s,2s,4s,8s'),
    throughputEvents: number('events', 20_000),
    // Concurrent intake requests, as a busy upstream would send them.
    intakeInFlight: number('in-flight', 32),
    latencyRate: number('rate', 100),
    latencySeconds: number('latency-seconds', 20),
    fanoutWebhooks: number('fanout-webhooks', 1000),
    fanoutRounds: number('fanout-rounds', 3),
    isolationRate: number('isolation-rate', 100),
    isolationSeconds: number('isolation-seconds', 15),
    isolationBadShare: number('bad-share', 0.1),
  };
}
