import { closedLoop, type ClosedLoopPlan, type ClosedLoopRun, warmUp } from '../support/closed-loop';
import type { BenchContext } from '../support/context';
import { relayDelivered } from '../support/durable-relay-log';
import { type Emitter, httpEmitter, rawEmitter } from '../support/emitter';
import { pacedEvents, type PacedRun } from '../support/paced-events';
import { step } from '../support/progress';
import { NO_ROUNDS, type RoundLabel } from '../support/throughput-rounds';

/**
 * What Hookpost is measured against, in the same run, through the same receiver, with the same signed
 * bodies and the same load shape:
 * - `raw`: this process posts the delivery Hookpost would make straight to the receiver (the wire and
 *   the receiver alone);
 * - `relay`: the zero-work relay (`relay.process.ts`) takes the intake request Hookpost takes, signs
 *   and forwards it, with no storage and no queue (the least a relay process can do per event);
 * - `durable`: the same relay storing each event before its 202 and recording its delivery's outcome
 *   after it, batched, on the service's PostgreSQL: the storage a relay that loses nothing cannot do
 *   without, and none of the rest (subscriptions, retries, leases, health, request logs, metrics). It
 *   runs only while its baselines are measured (`withDurableRelay`).
 */
export type Baseline = 'raw' | 'relay' | 'durable';

const TITLE: Record<Baseline, string> = {
  raw: 'Raw client (signed deliveries straight to the receiver)',
  relay: 'Zero-work relay (intake → sign → post; no storage, no queue)',
  durable: 'Durable relay (intake → store → 202; sign → post → record)',
};

function emitterFor(
  { options, receiver, relay, durableRelay, service, secret }: BenchContext,
  baseline: Baseline,
): Emitter {
  if (baseline === 'raw') return rawEmitter(receiver.okUrl, secret, options.intakeInFlight);
  if (baseline === 'relay') return httpEmitter(relay.url, service.token, options.intakeInFlight);
  if (!durableRelay) throw new Error('The durable relay runs only while its baselines are measured');
  return httpEmitter(durableRelay.url, service.token, options.intakeInFlight);
}

export async function baselineThroughput(
  context: BenchContext,
  baseline: Baseline,
  round: RoundLabel = NO_ROUNDS,
): Promise<ClosedLoopRun> {
  const { throughputEvents: count, intakeInFlight: inFlight, warmupEvents } = context.options;
  step(`${TITLE[baseline]}${round.of}: ${count} events, ${inFlight} in flight`);
  const emitter = emitterFor(context, baseline);
  const plan: ClosedLoopPlan = {
    label: baseline,
    emitter,
    prefix: `${baseline}-tp${round.suffix}-`,
    clientCuid: 'bench-baseline',
    count,
    inFlight,
    // Like Hookpost's, a durable relay's event is done once its delivery is recorded.
    logged: baseline === 'durable' ? () => relayDelivered(context.service.db) : undefined,
  };
  try {
    await warmUp(context, plan, warmupEvents);
    return await closedLoop(context, plan);
  } finally {
    await emitter.close();
  }
}

export async function baselineLatency(context: BenchContext, baseline: Baseline): Promise<PacedRun> {
  const { latencyRate: rate, latencySeconds: seconds, intakeInFlight: inFlight } = context.options;
  step(`${TITLE[baseline]}, latency: ${rate} events/s for ${seconds}s`);
  const emitter = emitterFor(context, baseline);
  const clientCuid = 'bench-baseline';
  const label = `${baseline} latency`;
  const prefix = `${baseline}-lat-`;
  try {
    await warmUp(context, { label, emitter, prefix, clientCuid, inFlight }, context.options.warmupEvents);
    return await pacedEvents(context, {
      label,
      emitter,
      prefix,
      rate,
      seconds,
      route: () => ({ clientCuid, healthy: true }),
    });
  } finally {
    await emitter.close();
  }
}
