import type { ClaimedDelivery, DeliveryRef, TurnKey } from '../../persistence/delivery.repository';

/** A delivery this process holds, and until when (its lease, in `next_attempt_at`). */
export interface HeldDelivery extends ClaimedDelivery {
  heldUntil: Date;
}

/** The first `count` of the fresh deliveries offered are held by this process until `until`. */
export interface FreshLease {
  until: Date;
  count: number;
}

/**
 * Where stored deliveries go next. Worker processes attempt fresh deliveries themselves, right after
 * the commit, holding them by a lease; an API-only process hands everything to the queue. Either
 * way, PostgreSQL's `next_attempt_at` says when each is due, and the reconciler takes what no one holds.
 */
export interface Dispatcher {
  /**
   * A lease for as many of `count` fresh deliveries as this process has room to attempt itself (the
   * first ones), or null: store them all due now.
   */
  leaseFresh(count: number, now: Date): FreshLease | null;
  /** Fresh deliveries stored with the lease `leaseFresh` gave: attempted here, in order. */
  attemptHere(deliveries: HeldDelivery[]): void;
  /** Deliveries due that someone must attempt (a redelivery, or fresh ones no one holds). */
  dueNow(refs: DeliveryRef[]): Promise<void>;
  /**
   * Gives each line its next turn (unless one of its deliveries is due or under way): a worker process
   * claims the heads it has room for in the statement that gives the turn and attempts them itself;
   * the rest are due now, on the queue.
   */
  giveTurns(turns: TurnKey[], now: Date): Promise<void>;
}

export const DISPATCHER = Symbol('Dispatcher');
