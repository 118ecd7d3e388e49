import { type BenchContext, hookpostEmitter, probe } from '../support/context';
import { pacedEvents, type PacedRun } from '../support/paced-events';
import type { ProbeReport } from '../support/probes';
import { step } from '../support/progress';
import { ReceiptLog } from '../support/receipts';
import { sleep } from '../support/stats';

export interface Isolation {
  /** Healthy events only, at the healthy share of the rate. */
  alone: PacedRun;
  /** The same healthy events plus a share going to an endpoint that never answers. */
  withBadEndpoint: PacedRun & { badEvents: number; badAttemptsSeen: number };
  badShare: number;
  timeoutMs: number;
  retrySchedule: string;
  aloneProbe: ProbeReport;
  withBadProbe: ProbeReport;
}

/**
 * Head-of-line isolation: does one endpoint that times out on every request slow the others? The
 * healthy webhook gets the same event rate in both phases; in the second, a broken one (another
 * origin, answering nothing) gets `bad-share` of all events, each attempt holding a worker slot for
 * the whole timeout and coming back on the retry schedule.
 */
export async function headOfLine(context: BenchContext): Promise<Isolation> {
  const { options, service, receiver, secret } = context;
  const { isolationRate: rate, isolationSeconds: seconds, isolationBadShare: share } = options;
  await service.createWebhook('healthy', `${receiver.okUrl}/healthy`, 'bench-iso', secret);
  const bad = await service.createWebhook('broken', `${receiver.hangUrl}/broken`, 'bench-iso-bad', secret);
  const healthyRate = rate * (1 - share);
  const every = Math.round(1 / share); // every n-th event of the mixed phase goes to the broken endpoint
  const emitter = hookpostEmitter(context, options.intake);

  step(`Isolation, healthy alone: ${healthyRate} events/s for ${seconds}s`);
  let probing = await probe(context);
  const alone = await pacedEvents(context, {
    label: 'healthy alone',
    emitter,
    prefix: 'iso-a-',
    rate: healthyRate,
    seconds,
    warmupSeconds: options.pacedWarmupSeconds,
    route: () => ({ clientCuid: 'bench-iso', healthy: true }),
  });
  const aloneProbe = await probing.stop();

  step(
    `Isolation, with a broken endpoint: ${rate} events/s for ${seconds}s, 1 in ${every} to an endpoint ` +
      `that never answers (timeout ${options.timeoutMs} ms, retries ${options.retrySchedule})`,
  );
  const badLog = new ReceiptLog(receiver, 'iso-b-', 'hang');
  probing = await probe(context);
  const mixed = await pacedEvents(context, {
    label: 'healthy + broken',
    emitter,
    prefix: 'iso-b-',
    rate,
    seconds,
    warmupSeconds: options.pacedWarmupSeconds,
    route: (index) =>
      index % every === every - 1
        ? { clientCuid: 'bench-iso-bad', healthy: false }
        : { clientCuid: 'bench-iso', healthy: true },
    drainMs: 60_000,
  });
  const withBadProbe = await probing.stop();
  badLog.stop();
  await emitter.close();
  // Stop the broken webhook's retries (its pending deliveries are cancelled at their next turn).
  await service.setEnabled(bad, false);
  await sleep(options.timeoutMs);
  return {
    alone,
    withBadEndpoint: {
      ...mixed,
      badEvents: Math.round(rate * seconds) - mixed.healthyEvents,
      badAttemptsSeen: badLog.unique + badLog.duplicates,
    },
    badShare: share,
    timeoutMs: options.timeoutMs,
    retrySchedule: options.retrySchedule,
    aloneProbe,
    withBadProbe,
  };
}
