import type { BenchContext } from './context';
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
}

export interface PacedPlan {
  label: string;
  /** Key prefix unique to this run, so receipts of other phases are ignored. */
  prefix: string;
  rate: number;
  seconds: number;
  /** Which client (hence webhook) event i goes to, and whether that webhook is the healthy one. */
  route: (index: number) => { clientCuid: string; healthy: boolean };
  /** How long to wait for stragglers after the last emit. */
  drainMs?: number;
}

/** Emits at a fixed rate (open loop) and measures emit-to-receipt latency of the healthy events. */
export async function pacedEvents(context: BenchContext, plan: PacedPlan): Promise<PacedRun> {
  const { emitter, receiver } = context;
  const count = Math.round(plan.rate * plan.seconds);
  const log = new ReceiptLog(receiver, plan.prefix);
  const emittedAt = new Map<string, number>();
  const intakeMs: number[] = [];
  let intakeErrors = 0;
  const pending: Promise<void>[] = [];
  const stopProgress = progress(plan.label, () => `emitted ${emittedAt.size}, received ${log.unique}`);
  await paced(count, plan.rate, (index) => {
    const { clientCuid, healthy } = plan.route(index);
    const key = `${plan.prefix}${index}`;
    const sent = wallNow();
    if (healthy) emittedAt.set(key, sent);
    pending.push(
      emitter.emit({ key, clientCuid }).then(
        () => void intakeMs.push(wallNow() - sent),
        (error: Error) => {
          if (++intakeErrors <= 5) console.error(`  intake failed: ${error.message}`);
        },
      ),
    );
  });
  await Promise.all(pending);
  await log.waitForUnique(emittedAt.size, plan.drainMs ?? 20_000);
  stopProgress();
  log.stop();
  const latencies = [...emittedAt].flatMap(([key, sent]) => {
    const at = log.first.get(key);
    return at === undefined ? [] : [at - sent];
  });
  return {
    rate: plan.rate,
    seconds: plan.seconds,
    healthyEvents: emittedAt.size,
    latencyMs: percentiles(latencies),
    missing: emittedAt.size - latencies.length,
    intakeMs: percentiles(intakeMs),
    intakeErrors,
  };
}
