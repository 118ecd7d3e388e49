import type { ClaimedDelivery, DeliveryRef } from '../../persistence/delivery.repository';

/** A delivery this process holds, and until when (its lease, in `next_attempt_at`). */
export interface HeldDelivery extends ClaimedDelivery {
  heldUntil: Date;
}

/**
 * Where stored deliveries go next. Worker processes attempt fresh deliveries themselves, right after
 * the commit, holding them by a lease; an API-only process hands everything to the queue. Either
 * way, PostgreSQL's `next_attempt_at` says when each is due, and the reconciler takes what no one holds.
 */
export interface Dispatcher {
  /** A lease end for `count` fresh deliveries this process will attempt itself, or null: store them due now. */
  leaseFresh(count: number, now: Date): Date | null;
  /** Fresh deliveries stored with the lease `leaseFresh` gave: attempted here, in order. */
  attemptHere(deliveries: HeldDelivery[]): void;
  /** Deliveries due that someone must attempt (a redelivery, or fresh ones no one holds). */
  dueNow(refs: DeliveryRef[]): Promise<void>;
}

export const DISPATCHER = Symbol('Dispatcher');
