import { Pool } from 'undici';
import { type BenchEvent, eventBody } from './event-body';
import type { ServiceClient } from './service-client';
import { signedDelivery } from './signed-delivery';
import { wallNow, withConcurrency } from './stats';

/** Accepted events so far, their intake times and the first errors: what a closed-loop run counts. */
export interface Tally {
  accepted: number;
  intakeMs: number[];
  errors: string[];
}

export interface ManyEvents {
  /** Event i is keyed `${prefix}${i}`. */
  prefix: string;
  clientCuid: string;
  count: number;
  inFlight: number;
}

/**
 * A way to hand events to whatever is measured: Hookpost's HTTP intake or event bus, the relay, or the
 * receiver itself (the raw client).
 */
export interface Emitter {
  /** Sends one event; resolves with the wall-clock time it was sent (emit-to-receipt starts there). */
  emit(event: BenchEvent): Promise<number>;
  /** Sends `count` events, `inFlight` at a time, counting into `tally`; resolves when all were answered. */
  emitMany(events: ManyEvents, tally: Tally): Promise<void>;
  close(): Promise<void>;
}

/** A failing target would otherwise take the run hostage (each error may wait for a timeout). */
const MAX_ERRORS = 5;

/** Closed loop over `emit`, run by this process (the load generator). */
function emitManyWith(emit: (event: BenchEvent) => Promise<number>) {
  return async ({ prefix, clientCuid, count, inFlight }: ManyEvents, tally: Tally) => {
    await withConcurrency(count, inFlight, async (index) => {
      if (tally.errors.length >= MAX_ERRORS) return;
      try {
        const sentAt = await emit({ key: `${prefix}${index}`, clientCuid });
        tally.intakeMs.push(wallNow() - sentAt);
        tally.accepted++;
      } catch (error) {
        tally.errors.push((error as Error).message);
      }
    });
  };
}

function pooled(
  baseUrl: string,
  connections: number,
  send: (pool: Pool, event: BenchEvent) => Promise<void>,
) {
  const pool = new Pool(baseUrl, { connections, pipelining: 1 });
  const emit = async (event: BenchEvent) => {
    const sentAt = wallNow();
    await send(pool, event);
    return sentAt;
  };
  return { emit, emitMany: emitManyWith(emit), close: () => pool.close() };
}

/** `POST /api/internal/events` as an outside producer sends it: Hookpost's intake, or the relay's. */
export function httpEmitter(baseUrl: string, token: string, connections: number): Emitter {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  return pooled(baseUrl, connections, async (pool, event) => {
    const response = await pool.request({
      method: 'POST',
      path: '/api/internal/events',
      headers,
      body: JSON.stringify(eventBody(event)),
    });
    const text = await response.body.text();
    if (response.statusCode !== 202) throw new Error(`intake answered ${response.statusCode}: ${text}`);
  });
}

/** The raw client: the delivery Hookpost would make (same shape, both signatures), straight to the receiver. */
export function rawEmitter(receiverUrl: string, secret: string, connections: number): Emitter {
  return pooled(receiverUrl, connections, async (pool, event) => {
    const { body, headers } = signedDelivery(eventBody(event), secret, 'Hookpost-bench-raw');
    const response = await pool.request({ method: 'POST', path: '/raw', headers, body });
    await response.body.text(); // read to the end, so the connection is reused
    if (response.statusCode !== 200) throw new Error(`receiver answered ${response.statusCode}`);
  });
}

/** The Nest event bus inside the service process, commanded over IPC (emit loops run in the service). */
export function busEmitter(service: ServiceClient): Emitter {
  return {
    emit: (event) => service.emit(event),
    async emitMany(events, tally) {
      const result = await service.emitMany(events);
      tally.accepted += result.accepted;
      tally.intakeMs.push(...result.intakeMs);
      tally.errors.push(...result.errors);
    },
    close: async () => undefined,
  };
}
