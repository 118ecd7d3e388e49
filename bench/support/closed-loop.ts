import { type BenchContext, probe } from './context';
import type { Emitter, Tally } from './emitter';
import type { ProbeReport } from './probes';
import { progress } from './progress';
import { ReceiptLog } from './receipts';
import { percentiles, type Percentiles, round, sleep, wallNow } from './stats';

/** Generous but bounded: the whole run must stay within minutes even on a slow machine. */
const DEADLINE_MS = 150_000;

export interface ClosedLoopPlan {
  label: string;
  emitter: Emitter;
  /** Keys are `${prefix}${i}` (unique per run: receipts of other runs are ignored). */
  prefix: string;
  clientCuid: string;
  count: number;
  inFlight: number;
  /**
   * Deliveries PostgreSQL records as succeeded so far (Hookpost's, or the durable relay's; the other
   * baselines record nothing): an event is done once logged.
   */
  logged?: () => Promise<number>;
}

export interface ClosedLoopRun {
  events: number;
  inFlight: number;
  complete: boolean;
  /** First emit until every event was accepted. */
  acceptedSeconds: number;
  /** First emit until the N-th delivery reached the receiver. */
  receivedSeconds: number;
  /** First emit until PostgreSQL recorded every delivery as succeeded (Hookpost only). */
  loggedSeconds?: number;
  eventsPerSecond: number;
  intakeMs: Percentiles;
  errors: number;
  duplicates: number;
  probe: ProbeReport;
  /** The measured window on the machine's monotonic clock (µs), as CPU profiles stamp their samples. */
  window: { startUs: number; endUs: number };
}

const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

/**
 * `count` events, `inFlight` at a time, as fast as the target takes them; an event is done when the
 * receiver got it (and, with `logged`, PostgreSQL records its delivery as succeeded).
 */
export async function closedLoop(context: BenchContext, plan: ClosedLoopPlan): Promise<ClosedLoopRun> {
  const { emitter, count, logged: countLogged } = plan;
  const log = new ReceiptLog(context.receiver, plan.prefix);
  const tally: Tally = { accepted: 0, intakeMs: [], errors: [] };
  const loggedBefore = (await countLogged?.()) ?? 0;
  let logged = 0;
  let loggedAt = NaN;
  let stopped = false;
  const stopProgress = progress(
    plan.label,
    () =>
      `accepted ${tally.accepted}, received ${log.unique}` +
      (countLogged ? `, logged ${logged}` : '') +
      ` of ${count}`,
  );
  const probing = await probe(context);
  const startUs = monotonicUs();
  const started = wallNow();

  // The "all logged" clock, polled beside the run: one count a poll (Hookpost's by index, the durable
  // relay's a scan of its one small table).
  let emitted = false;
  const poller = (async () => {
    while (countLogged && !stopped) {
      // A failed poll (PostgreSQL restarted under us) must not become an unhandled rejection.
      logged = (await countLogged().catch(() => loggedBefore + logged)) - loggedBefore;
      if (emitted && logged >= tally.accepted) {
        loggedAt = wallNow();
        return true;
      }
      // Every 100 ms while events flow; every 10 ms once all were received, when the poll is the clock.
      await sleep(emitted && log.unique >= tally.accepted ? 10 : 100);
    }
    return !countLogged;
  })();

  await emitter.emitMany(
    { prefix: plan.prefix, clientCuid: plan.clientCuid, count, inFlight: plan.inFlight },
    tally,
  );
  emitted = true;
  const acceptedAt = wallNow();
  const remaining = Math.max(1000, DEADLINE_MS - (acceptedAt - started));
  const received = await log.waitForUnique(tally.accepted, remaining);
  const allLogged = await Promise.race([poller, sleep(remaining).then(() => false)]);
  const complete = received && allLogged && tally.errors.length === 0;
  stopped = true;
  await poller;
  const endUs = monotonicUs();
  const report = await probing.stop();
  stopProgress();
  log.stop();
  for (const error of tally.errors) console.error(`  ${plan.label}: ${error}`);
  const seconds = (at: number) => round((at - started) / 1000, 2);
  const finishedAt = complete ? Math.max(log.lastFirstAt, countLogged ? loggedAt : 0) : wallNow();
  const done = complete ? count : Math.min(log.unique, countLogged ? logged : log.unique);
  return {
    events: count,
    inFlight: plan.inFlight,
    complete,
    acceptedSeconds: seconds(acceptedAt),
    receivedSeconds: seconds(log.lastFirstAt),
    loggedSeconds: countLogged ? seconds(loggedAt) : undefined,
    eventsPerSecond: round(done / ((finishedAt - started) / 1000), 0),
    intakeMs: percentiles(tally.intakeMs),
    errors: tally.errors.length,
    duplicates: log.duplicates,
    probe: report,
    window: { startUs, endUs },
  };
}

/** Events sent first and not measured, so no target is timed with a cold JIT and empty pools. */
export async function warmUp(
  context: BenchContext,
  plan: Omit<ClosedLoopPlan, 'count'>,
  count: number,
): Promise<void> {
  if (count === 0) return;
  // A prefix the measured run's does not match, so a late duplicate cannot count there.
  const run = await closedLoop(context, {
    ...plan,
    label: `${plan.label} warm-up`,
    prefix: `w${plan.prefix}`,
    count,
  });
  if (!run.complete) throw new Error(`${plan.label}: the warm-up did not complete`);
}
