import { closedLoop, type ClosedLoopRun, warmUp } from '../support/closed-loop';
import { type BenchContext, hookpostEmitter } from '../support/context';
import { step } from '../support/progress';
import { NO_ROUNDS, type RoundLabel } from '../support/throughput-rounds';

export interface Throughput extends ClosedLoopRun {
  intake: 'http' | 'bus';
}

const HOW = {
  http: 'HTTP intake (POST /api/internal/events from this process)',
  bus: 'event bus (emitAsync inside the service, commanded over IPC)',
};

/**
 * `events` events, each matching exactly one webhook, `in-flight` at a time, as fast as the intake takes
 * them; an event is done when the receiver got it and PostgreSQL records the delivery as succeeded.
 * `name` keeps each run (each round's too) on a webhook (and client) of its own.
 */
export async function throughput(
  context: BenchContext,
  intake: 'http' | 'bus',
  name: string = intake,
  round: RoundLabel = NO_ROUNDS,
): Promise<Throughput> {
  const { options, service, receiver, secret } = context;
  const { throughputEvents: count, intakeInFlight: inFlight } = options;
  const clientCuid = `bench-tp-${name}`;
  const webhook = await service.createWebhook(
    `throughput ${name}`,
    `${receiver.okUrl}/tp`,
    clientCuid,
    secret,
  );
  step(`Hookpost throughput via ${HOW[intake]}${round.of}: ${count} events, ${inFlight} in flight`);
  const emitter = hookpostEmitter(context, intake);
  const plan = {
    label: `${name} throughput`,
    emitter,
    prefix: `tp-${name}-`,
    clientCuid,
    count,
    inFlight,
    logged: () => service.succeeded([webhook]),
  };
  try {
    await warmUp(context, plan, options.warmupEvents);
    return { ...(await closedLoop(context, plan)), intake };
  } finally {
    await emitter.close();
  }
}
