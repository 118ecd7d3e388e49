import { busEmitter, type Emitter, httpEmitter } from './emitter';
import type { BenchOptions } from './options';
import { startProbe } from './probes';
import type { ReceiverClient } from './receiver-client';
import type { RelayClient } from './relay-client';
import type { Service } from './service';

/** What every scenario gets: the running service, the receiver, the relays and the run's options. */
export interface BenchContext {
  options: BenchOptions;
  service: Service;
  receiver: ReceiverClient;
  relay: RelayClient;
  /**
   * The relay that also stores each event and records each delivery, on the service's database;
   * running only while its own baselines are measured, so it cannot disturb the other scenarios.
   */
  durableRelay?: RelayClient;
  /** The webhooks' signing secret (the raw client and the relay sign with it too). */
  secret: string;
}

export function probe({ service, receiver, relay, durableRelay }: BenchContext) {
  return startProbe({
    service: () => service.pids,
    receiver: receiver.pid,
    relays: durableRelay ? [relay.pid, durableRelay.pid] : [relay.pid],
    db: service.db,
  });
}

/** Hookpost's intake, `in-flight` connections for HTTP; call `close()` when done. */
export function hookpostEmitter({ service, options }: BenchContext, intake: 'http' | 'bus'): Emitter {
  return intake === 'http'
    ? httpEmitter(service.baseUrl, service.token, options.intakeInFlight)
    : busEmitter(service.api);
}
