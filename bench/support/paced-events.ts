import type { BenchContext } from './context';
import type { Emitter } from './emitter';
import { progress } from './progress';
import { ReceiptLog } from './receipts';
import { paced, percentiles, type Percentiles, wallNow } from './stats';

export interface PacedRun {
  rate: number;
  seconds: number;
  /** Events sent to healthy webhooks, and their emit-to-receipt latency. */
  healthyEvents: number;
  latencyMs: Percentiles;
  /** Healthy events that never arrived within the wait. */
  missing: number;
  intakeMs: Percentiles;
  intakeErrors: number;
  /** The measured values behind the percentiles, to pool several runs. */
  samples: { latencyMs: number[]; intakeMs: number[] };
}

export interface PacedPlan {
  label: string;
  emitter: Emitter;
  /** Key prefix unique to this run, so receipts of other phases are ignored. */
  prefix: string;
  rate: number;
  seconds: number;
  /**
   * Which client (hence webhook) event i goes to, and whether that webhook is the healthy one; `key`
   * (default: prefix + index) lets a scenario send several events about one target.
   */
  route: (index: number) => { clientCuid: string; healthy: boolean; key?: string };
  /**
   * Seconds emitted first at the same rate and routing, their healthy latencies not counted: a new
   * mix of traffic meets cold code paths, an empty connection pool and unprepared statements.
   */
  warmupSeconds?: number;
  /** How long to wait for stragglers after the last emit. */
  drainMs?: number;
}

/** Emits at a fixed rate (open loop) and measures emit-to-receipt latency of the healthy events. */
export async function pacedEvents({ receiver }: BenchContext, plan: PacedPlan): Promise<PacedRun> {
  const warmup = Math.round(plan.rate * (plan.warmupSeconds ?? 0));
  const count = warmup + Math.round(plan.rate * plan.seconds);
  const log = new ReceiptLog(receiver, plan.prefix);
  const emittedAt = new Map<string, number>();
  let healthyEvents = 0;
  /** Healthy events taken in, the warm-up's too: the receipts to wait for. */
  let awaited = 0;
  let emitted = 0;
  const intakeMs: number[] = [];
  let intakeErrors = 0;
  const pending: Promise<void>[] = [];
  const stopProgress = progress(
    plan.label,
    () => `${emitted < warmup ? 'warming up, ' : ''}emitted ${emitted}, received ${log.unique}`,
  );
  await paced(count, plan.rate, (index) => {
    const route = plan.route(index);
    const { clientCuid, key = `${plan.prefix}${index}` } = route;
    const healthy = route.healthy && index >= warmup; // a warm-up event's latency is not counted
    emitted++;
    if (healthy) healthyEvents++;
    pending.push(
      plan.emitter.emit({ key, clientCuid }).then(
        (sentAt) => {
          if (route.healthy) awaited++;
          if (healthy) emittedAt.set(key, sentAt);
          intakeMs.push(wallNow() - sentAt);
        },
        (error: Error) => {
          if (++intakeErrors <= 5) console.error(`  intake failed: ${error.message}`);
        },
      ),
    );
  });
  await Promise.all(pending);
  await log.waitForUnique(awaited, plan.drainMs ?? 20_000);
  stopProgress();
  log.stop();
  const latencies = [...emittedAt].flatMap(([key, sent]) => {
    const at = log.first.get(key);
    return at === undefined ? [] : [at - sent];
  });
  return {
    rate: plan.rate,
    seconds: plan.seconds,
    healthyEvents,
    latencyMs: percentiles(latencies),
    missing: healthyEvents - latencies.length,
    intakeMs: percentiles(intakeMs),
    intakeErrors,
    samples: { latencyMs: latencies, intakeMs },
  };
}

/** Runs of one plan taken at different times, as one: their events added up, percentiles over all. */
export function pooledRuns(runs: PacedRun[]): PacedRun {
  const sum = (value: (run: PacedRun) => number) => runs.reduce((total, run) => total + value(run), 0);
  const samples = {
    latencyMs: runs.flatMap((run) => run.samples.latencyMs),
    intakeMs: runs.flatMap((run) => run.samples.intakeMs),
  };
  return {
    rate: runs[0].rate,
    seconds: sum((run) => run.seconds),
    healthyEvents: sum((run) => run.healthyEvents),
    latencyMs: percentiles(samples.latencyMs),
    missing: sum((run) => run.missing),
    intakeMs: percentiles(samples.intakeMs),
    intakeErrors: sum((run) => run.intakeErrors),
    samples,
  };
}
