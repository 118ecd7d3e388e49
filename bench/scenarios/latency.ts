import { warmUp } from '../support/closed-loop';
import { type BenchContext, hookpostEmitter, probe } from '../support/context';
import { pacedEvents, type PacedRun } from '../support/paced-events';
import type { ProbeReport } from '../support/probes';
import { step } from '../support/progress';

export interface Latency extends PacedRun {
  intake: 'http' | 'bus';
  probe: ProbeReport;
}

/** Emit-to-receipt latency at a fixed, modest rate: what one event costs when nothing queues. */
export async function latency(context: BenchContext): Promise<Latency> {
  const { options, service, receiver, secret } = context;
  const { intake, latencyRate: rate, latencySeconds: seconds } = options;
  const clientCuid = 'bench-latency';
  const webhook = await service.createWebhook('latency', `${receiver.okUrl}/latency`, clientCuid, secret);
  step(`Hookpost latency: ${rate} events/s for ${seconds}s via ${intake} intake`);
  const emitter = hookpostEmitter(context, intake);
  try {
    await warmUp(
      context,
      {
        label: 'latency',
        emitter,
        prefix: 'lat-',
        clientCuid,
        inFlight: options.intakeInFlight,
        logged: () => service.succeeded([webhook]),
      },
      options.warmupEvents,
    );
    const probing = await probe(context);
    const run = await pacedEvents(context, {
      label: 'latency',
      emitter,
      prefix: 'lat-',
      rate,
      seconds,
      route: () => ({ clientCuid, healthy: true }),
    });
    return { ...run, intake, probe: await probing.stop() };
  } finally {
    await emitter.close();
  }
}
