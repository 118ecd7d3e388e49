import { type BenchContext, probe } from '../support/context';
import { pacedEvents, type PacedRun } from '../support/paced-events';
import type { ProbeReport } from '../support/probes';
import { step } from '../support/progress';

export interface Latency extends PacedRun {
  probe: ProbeReport;
}

/** Emit-to-receipt latency at a fixed, modest rate: what one event costs when nothing queues. */
export async function latency(context: BenchContext): Promise<Latency> {
  const { options, service, receiver, secret } = context;
  await service.createWebhook('latency', `${receiver.okUrl}/latency`, 'bench-latency', secret);
  step(
    `Latency: ${options.latencyRate} events/s for ${options.latencySeconds}s via ${options.intake} intake`,
  );
  const probing = await probe(context);
  const run = await pacedEvents(context, {
    label: 'latency',
    prefix: 'lat-',
    rate: options.latencyRate,
    seconds: options.latencySeconds,
    route: () => ({ clientCuid: 'bench-latency', healthy: true }),
  });
  return { ...run, probe: await probing.stop() };
}
