import { type BenchContext, hookpostEmitter, probe } from '../support/context';
import { pacedEvents, pooledRuns, type PacedRun } from '../support/paced-events';
import { combinedProbes, type ProbeReport } from '../support/probes';
import { step } from '../support/progress';
import type { Receipt } from '../support/receiver-protocol';
import { percentiles, type Percentiles, round, until, wallNow } from '../support/stats';

export interface OrderedTraffic {
  targets: number;
  events: number;
  received: number;
  /** Arrivals that came before an earlier event of their target (0 when ordering holds). */
  outOfOrder: number;
  /** Emit → receipt of the ordered events: what waiting in line costs. */
  latencyMs: Percentiles;
}

export interface LimitedTraffic {
  rateLimit: number;
  offeredRate: number;
  events: number;
  received: number;
  /** Most arrivals in any one-second window. */
  peakPerSecond: number;
  /** Arrivals per second from the first to the last. */
  meanPerSecond: number;
}

export interface DeliveryControl {
  /** Alone, then beside, this many times over; each side pooled over its rounds. */
  rounds: number;
  /** Healthy events alone, then the same healthy rate beside the ordered and rate-limited traffic. */
  alone: PacedRun;
  beside: PacedRun;
  ordered: OrderedTraffic;
  limited: LimitedTraffic;
  aloneProbe: ProbeReport;
  besideProbe: ProbeReport;
}

type Lane = 'healthy' | 'ordered' | 'limited';

/**
 * Delivery control under load: one webhook with `ordering: "target"` gets a stream over many
 * targets, one with a `rateLimit` is offered more than its limit, and a healthy webhook keeps its
 * rate throughout. Its latency beside them is compared with its latency alone; the ordered
 * arrivals are checked per target and the limited ones counted per second at the receiver.
 */
export async function deliveryControl(context: BenchContext): Promise<DeliveryControl> {
  const { options, service, receiver, secret } = context;
  const { controlRate: healthyRate, controlSeconds: seconds, controlTargets: targets } = options;
  const { controlOrderedRate: orderedRate, controlLimit: limit, controlLimitedRate: limitedRate } = options;
  await service.createWebhook('control healthy', `${receiver.okUrl}/healthy`, 'bench-ctl', secret);
  await service.createWebhook('control ordered', `${receiver.okUrl}/ordered`, 'bench-ctl-ord', secret, {
    ordering: 'target',
  });
  await service.createWebhook('control limited', `${receiver.okUrl}/limited`, 'bench-ctl-lim', secret, {
    rateLimit: limit,
  });
  const emitter = hookpostEmitter(context, options.intake);
  const rounds = options.controlRounds;
  const alone: PacedRun[] = [];
  const beside: PacedRun[] = [];
  const aloneProbes: ProbeReport[] = [];
  const besideProbes: ProbeReport[] = [];
  const limitedRounds: LimitedTraffic[] = [];
  const lanes = interleave({ healthy: healthyRate, ordered: orderedRate, limited: limitedRate });
  const arrivals = { ordered: [] as Receipt[], limited: [] as Receipt[] };
  const unsubscribe = receiver.subscribe((receipt) => {
    if (receipt.key.startsWith('ctl-o-')) arrivals.ordered.push(receipt);
    else if (receipt.key.startsWith('ctl-l')) arrivals.limited.push(receipt);
  });
  const orderedEmits = new Map<string, number[]>(); // per target, emit times in order, every round
  let orderedEvents = 0;
  try {
    // Alone and beside take turns, so a spell when the machine is slower falls on both.
    for (let round = 1; round <= rounds; round++) {
      const of = rounds > 1 ? ` (round ${round} of ${rounds})` : '';
      step(`Delivery control, healthy alone${of}: ${healthyRate} events/s for ${seconds}s`);
      let probing = await probe(context);
      alone.push(
        await pacedEvents(context, {
          label: 'healthy alone',
          emitter,
          prefix: `ctl-a${round}-`,
          rate: healthyRate,
          seconds,
          warmupSeconds: options.pacedWarmupSeconds,
          route: () => ({ clientCuid: 'bench-ctl', healthy: true }),
        }),
      );
      aloneProbes.push(await probing.stop());

      step(
        `Delivery control, beside ordered and limited traffic${of}: healthy ${healthyRate}/s, ordered ` +
          `${orderedRate}/s over ${targets} targets, ${limitedRate}/s offered to a webhook limited to ` +
          `${limit}/s, for ${seconds}s`,
      );
      arrivals.limited = [];
      let limitedEvents = 0;
      probing = await probe(context);
      beside.push(
        await pacedEvents(context, {
          label: 'healthy + ordered + limited',
          emitter,
          prefix: `ctl-b${round}-`,
          rate: healthyRate + orderedRate + limitedRate,
          seconds,
          warmupSeconds: options.pacedWarmupSeconds,
          route: (index) => {
            const lane = lanes[index % lanes.length];
            if (lane === 'ordered') {
              const key = `ctl-o-${orderedEvents++ % targets}`;
              orderedEmits.set(key, [...(orderedEmits.get(key) ?? []), wallNow()]);
              return { clientCuid: 'bench-ctl-ord', healthy: false, key };
            }
            if (lane === 'limited') {
              return { clientCuid: 'bench-ctl-lim', healthy: false, key: `ctl-l${round}-${limitedEvents++}` };
            }
            return { clientCuid: 'bench-ctl', healthy: true };
          },
        }),
      );
      step(`Waiting for the limited webhook's backlog (${limitedEvents} events at ${limit}/s)`);
      await until(
        () => arrivals.ordered.length >= orderedEvents && arrivals.limited.length >= limitedEvents,
        (limitedEvents / limit) * 1000 + 30_000,
        100,
      );
      besideProbes.push(await probing.stop());
      limitedRounds.push(limitedTraffic(arrivals.limited, limit, limitedRate, limitedEvents));
    }
    return {
      rounds,
      alone: pooledRuns(alone),
      beside: pooledRuns(beside),
      ordered: orderedTraffic(arrivals.ordered, targets, orderedEmits),
      limited: combinedLimited(limitedRounds),
      aloneProbe: combinedProbes(aloneProbes),
      besideProbe: combinedProbes(besideProbes),
    };
  } finally {
    unsubscribe();
    await emitter.close();
  }
}

/** A repeating pattern of lanes in proportion to their rates, spread evenly (smooth weighted round robin). */
function interleave(rates: Record<Lane, number>): Lane[] {
  const lanes = Object.keys(rates) as Lane[];
  const total = lanes.reduce((sum, lane) => sum + rates[lane], 0);
  const credit = Object.fromEntries(lanes.map((lane) => [lane, 0])) as Record<Lane, number>;
  return Array.from({ length: total }, () => {
    for (const lane of lanes) credit[lane] += rates[lane];
    const chosen = lanes.reduce((best, lane) => (credit[lane] > credit[best] ? lane : best));
    credit[chosen] -= total;
    return chosen;
  });
}

/**
 * Out-of-order arrivals per target, and latencies: a target's events carry rising serials (`seq`), so
 * its k-th smallest serial is its k-th emit.
 */
function orderedTraffic(arrivals: Receipt[], targets: number, emits: Map<string, number[]>): OrderedTraffic {
  const lastSeq = new Map<string, number>();
  const firsts = new Map<string, Receipt[]>();
  const seen = new Set<string>();
  let outOfOrder = 0;
  for (const receipt of [...arrivals].sort((a, b) => a.at - b.at)) {
    if (seen.has(receipt.cuid)) continue; // a redelivery of one already counted
    seen.add(receipt.cuid);
    if (receipt.seq < (lastSeq.get(receipt.key) ?? 0)) outOfOrder++;
    else lastSeq.set(receipt.key, receipt.seq);
    firsts.set(receipt.key, [...(firsts.get(receipt.key) ?? []), receipt]);
  }
  const latencies = [...firsts].flatMap(([key, received]) => {
    const emitted = emits.get(key) ?? [];
    return received.sort((a, b) => a.seq - b.seq).map((receipt, k) => receipt.at - emitted[k]);
  });
  return {
    targets,
    events: [...emits.values()].reduce((sum, times) => sum + times.length, 0),
    received: seen.size,
    outOfOrder,
    latencyMs: percentiles(latencies),
  };
}

/** The limited webhook over several rounds: its busiest second of any, its mean rate over them. */
function combinedLimited(rounds: LimitedTraffic[]): LimitedTraffic {
  return {
    ...rounds[0],
    events: rounds.reduce((total, r) => total + r.events, 0),
    received: rounds.reduce((total, r) => total + r.received, 0),
    peakPerSecond: Math.max(...rounds.map((r) => r.peakPerSecond)),
    meanPerSecond: round(rounds.reduce((total, r) => total + r.meanPerSecond, 0) / rounds.length),
  };
}

function limitedTraffic(
  arrivals: Receipt[],
  rateLimit: number,
  offeredRate: number,
  events: number,
): LimitedTraffic {
  const times = arrivals.map((receipt) => receipt.at).sort((a, b) => a - b);
  let peakPerSecond = 0;
  for (let first = 0, last = 0; last < times.length; last++) {
    while (times[last] - times[first] >= 1000) first++;
    peakPerSecond = Math.max(peakPerSecond, last - first + 1);
  }
  const spanSeconds = times.length > 1 ? (times[times.length - 1] - times[0]) / 1000 : NaN;
  return {
    rateLimit,
    offeredRate,
    events,
    received: arrivals.length,
    peakPerSecond,
    meanPerSecond: round((times.length - 1) / spanSeconds),
  };
}
