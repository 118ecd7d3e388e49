import type { Emitter } from './emitter';
import type { BenchOptions } from './options';
import { startProbe } from './probes';
import type { ReceiverClient } from './receiver-client';
import type { Service } from './service';

/** What every scenario gets: the running service, the receiver, an emitter and the run's options. */
export interface BenchContext {
  options: BenchOptions;
  service: Service;
  receiver: ReceiverClient;
  emitter: Emitter;
  /** The webhooks' signing secret (the raw baseline signs with it too). */
  secret: string;
}

export function probe(context: BenchContext) {
  return startProbe(
    context.options.redisUrl,
    context.service.config.queuePrefix,
    () => context.receiver.cpuMs(),
    () => context.service.poolStats(),
  );
}
