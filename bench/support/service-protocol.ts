import type { BenchEvent } from './event-body';

/** Messages between the benchmark and a service process (`service.process.ts`). */

export type ServiceCommand =
  /** Emit one event on the Nest event bus; answered with `emitted`. */
  | { type: 'emit'; id: number; event: BenchEvent }
  /** Emit `count` events keyed `prefix0…`, `inFlight` at a time; answered with `emitted-many`. */
  | { type: 'emit-many'; id: number; prefix: string; clientCuid: string; count: number; inFlight: number }
  /** Close the app and exit 0 (so a `--cpu-prof` profile is written). */
  | { type: 'stop' };

export type ServiceMessage =
  | { type: 'ready'; url: string }
  /** `sentAt`: wall-clock ms just before `emitAsync`, for emit-to-receipt latency. */
  | { type: 'emitted'; id: number; sentAt: number; error?: string }
  /** `intakeMs`: how long each accepted `emitAsync` took. Emitting stops after a few errors. */
  | { type: 'emitted-many'; id: number; accepted: number; errors: string[]; intakeMs: number[] };
