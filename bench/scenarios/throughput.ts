import { type BenchContext, probe } from '../support/context';
import type { ProbeReport } from '../support/probes';
import { progress, step } from '../support/progress';
import { ReceiptLog } from '../support/receipts';
import { percentiles, Percentiles, round, sleep, wallNow, withConcurrency } from '../support/stats';

/** Generous but bounded: the whole run must stay within minutes even on a slow machine. */
const DEADLINE_MS = 150_000;
const MAX_INTAKE_ERRORS = 5;

export interface Throughput {
  events: number;
  intake: string;
  intakeInFlight: number;
  complete: boolean;
  /** First emit until every event was accepted (stored and enqueued). */
  acceptedSeconds: number;
  /** First emit until the N-th delivery reached the receiver. */
  receivedSeconds: number;
  /** First emit until PostgreSQL recorded every delivery as succeeded. */
  loggedSeconds: number;
  eventsPerSecond: number;
  intakeMs: Percentiles;
  intakeErrors: number;
  duplicates: number;
  probe: ProbeReport;
}

/** ≥ 20,000 events, each matching exactly one webhook, as fast as the intake takes them. */
export async function throughput(context: BenchContext): Promise<Throughput> {
  const { options, service, receiver, emitter, secret } = context;
  const events = options.throughputEvents;
  const webhook = await service.createWebhook(
    'throughput',
    `${receiver.okUrl}/throughput`,
    'bench-tp',
    secret,
  );
  step(
    `End-to-end throughput: ${events} events via ${options.intake} intake, ${options.intakeInFlight} in flight`,
  );
  const log = new ReceiptLog(receiver, 'tp-');
  const intakeMs: number[] = [];
  let accepted = 0;
  let intakeErrors = 0;
  let logged = 0;
  let loggedAt = 0;
  let stopped = false;
  const stopProgress = progress(
    'throughput',
    () => `accepted ${accepted}, received ${log.unique}, logged ${logged} of ${events}`,
  );
  const probing = await probe(context);
  const started = wallNow();

  // The "all logged" clock: polled beside the run (each poll is one cheap indexed count).
  let intakeDone = false;
  const poller = (async () => {
    while (!stopped) {
      // A failed poll (PostgreSQL restarted under us) must not become an unhandled rejection.
      logged = await service.succeeded([webhook]).catch(() => logged);
      if (intakeDone && logged >= accepted) {
        loggedAt = wallNow();
        return true;
      }
      await sleep(100);
    }
    return false;
  })();

  await withConcurrency(events, options.intakeInFlight, async (index) => {
    // A stalled intake (errors after the pool's 60 s acquire timeout) would otherwise take the run hostage.
    if (intakeErrors >= MAX_INTAKE_ERRORS) return;
    const sent = wallNow();
    try {
      await emitter.emit({ key: `tp-${index}`, clientCuid: 'bench-tp' });
      intakeMs.push(wallNow() - sent);
      accepted++;
    } catch (error) {
      if (++intakeErrors <= 5) console.error(`  intake failed: ${(error as Error).message}`);
    }
  });
  intakeDone = true;
  const acceptedAt = wallNow();
  const remaining = Math.max(1000, DEADLINE_MS - (acceptedAt - started));
  const received = await log.waitForUnique(accepted, remaining);
  const allLogged = await Promise.race([poller, sleep(remaining).then(() => false)]);
  const complete = received && allLogged && intakeErrors === 0;
  stopped = true;
  await poller;
  const report = await probing.stop();
  stopProgress();
  log.stop();
  const seconds = (at: number) => round((at - started) / 1000, 2);
  const finishedAt = complete ? Math.max(log.lastFirstAt, loggedAt) : wallNow();
  return {
    events,
    intake: options.intake,
    intakeInFlight: options.intakeInFlight,
    complete,
    acceptedSeconds: seconds(acceptedAt),
    receivedSeconds: seconds(log.lastFirstAt),
    loggedSeconds: complete ? seconds(loggedAt) : NaN,
    eventsPerSecond: round(
      (complete ? events : Math.min(log.unique, logged)) / ((finishedAt - started) / 1000),
      0,
    ),
    intakeMs: percentiles(intakeMs),
    intakeErrors,
    duplicates: log.duplicates,
    probe: report,
  };
}
