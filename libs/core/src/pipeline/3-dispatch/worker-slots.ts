import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { HOOKPOST_CONFIG } from '../../config/config.tokens';
import type { HookpostConfig } from '../../config/hookpost-config';
import {
  DeliveryRepository,
  type ClaimedDelivery,
  type DeliveryRef,
  type TurnKey,
} from '../../persistence/delivery.repository';
import { MicroBatcher } from '../../persistence/micro-batcher';
import { DeliveryRunner } from '../4-attempt/delivery.runner';
import type { HealthEffect, NextState } from '../4-attempt/next-state';
import { DeliveryQueue } from './delivery-queue';
import type { HeldDelivery } from './dispatcher';
import { EndpointGate } from './endpoint-gate';

/** Beyond the attempt's own timeout, how long a lease leaves for a worker to record its attempt. */
const LEASE_MARGIN_MS = 5_000;
/**
 * Deliveries waiting here for a slot, at most this many per slot; beyond it they go to the queue.
 * Long enough for a fan-out to 1,000 webhooks at the default 50 slots: a delivery through the queue
 * (a job added, taken, moved to active and completed, three Redis scripts, then a claim) cost the
 * service about 600 µs of CPU more than one attempted here, and a fan-out to 1,000 webhooks took
 * half as long again when three quarters of it went that way.
 */
export const LINE_PER_SLOT = 20;
/**
 * A fresh delivery's lease covers this many attempts per slot ahead of it, each taking the whole
 * timeout: the time a process that dies leaves its line unattempted. One further back, whose lease
 * runs short before its slot comes, renews it when it is claimed (`hold`), or finds that another worker
 * took it meanwhile.
 */
const LEASE_COVERS_PER_SLOT = 4;
/** What an attempt that never happened (an error before it) tells the gate of its endpoint. */
const NO_SIGN: HealthEffect = { succeeded: false, disableReason: null, pressure: 'none', pauseMs: 0 };
/**
 * A delivery back for its rate slot that must wait this long or less (the slot's second is still
 * full, or the previous start too recent) waits in this process, still held by its lease, instead of
 * being deferred: a deferral is a PostgreSQL update and a queue job, and a backlog paced at 20/s
 * made a dozen of them per delivery, each waiting a few milliseconds for the one before it.
 */
const WAIT_HERE_MS = 1_000;

/**
 * A delivery to attempt: one this process holds already, or one to claim when its slot comes
 * (`rateReserved`: its webhook's rate limit kept a slot for it; `waits`: how often it found its
 * endpoint's in-flight limit full).
 */
export type SlotRequest =
  | { held: HeldDelivery; rateReserved?: boolean }
  | { cuid: string; webhookCuid: string; rateReserved: boolean; waits: number };

/**
 * A worker process's attempt slots (HOOKPOST_WORKER_CONCURRENCY), shared by the deliveries it takes
 * fresh from intake and those it takes from the queue. When a slot comes free a delivery is claimed
 * (or its lease renewed if it ran short) and passes its endpoint's gate (rate, in-flight limit,
 * pressure) or is deferred until the gate would let it through, which spends no attempt. It is then
 * attempted (stage 4), its retry put on the queue for the time the attempt decided, and, when it
 * settles in a target's line, the next of the line given its turn.
 */
@Injectable()
export class WorkerSlots implements BeforeApplicationShutdown {
  private readonly logger = new Logger('WorkerSlots');
  /** Attempts waiting for a slot, with the delivery each holds (null: one it has yet to claim). */
  private readonly waiting: { resume: () => void; held: HeldDelivery | null }[] = [];
  private busy = 0;
  /** Shutting down: nothing more is begun. */
  private closing = false;
  /** Called once no attempt is under way (shutdown waits for it). */
  private readonly drained: (() => void)[] = [];
  private readonly claimer = new MicroBatcher<
    { cuid: string; heldUntil: Date | null },
    HeldDelivery | undefined
  >(async (claims) => {
    const now = new Date();
    const heldUntil = this.leaseFrom(now);
    const claimed = await this.deliveries.claim(claims, now, heldUntil);
    const byCuid = new Map(
      claimed.map((delivery) => [delivery.cuid, Object.assign(delivery, { heldUntil })]),
    );
    // One delivery asked for twice in a batch (from this process's line and from a queue job once its
    // lease ran out) is updated once: only the first asker attempts it.
    return claims.map(({ cuid }) => {
      const delivery = byCuid.get(cuid);
      byCuid.delete(cuid);
      return delivery;
    });
  });

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly runner: DeliveryRunner,
    private readonly gate: EndpointGate,
    private readonly queue: DeliveryQueue,
    @Inject(HOOKPOST_CONFIG) private readonly config: HookpostConfig,
  ) {}

  /** Deliveries attempted or waiting for a slot here. */
  get load(): number {
    return this.busy + this.waiting.length;
  }

  get size(): number {
    return this.config.workerConcurrency;
  }

  /** How many more deliveries may wait here for a slot, rather than on the queue. */
  get room(): number {
    return Math.max(0, this.size * (1 + LINE_PER_SLOT) - this.load);
  }

  /**
   * Deliveries due now that no one holds (a redelivery): attempted here, each
   * claimed when its slot comes, without a round trip through the queue; those this process has no
   * room for go on the queue. One this process dies before claiming is due and unheld, so the
   * reconciler offers it to the queue.
   */
  async take(refs: DeliveryRef[]): Promise<void> {
    const here = refs.slice(0, this.room);
    for (const { cuid, webhookCuid, rateReserved = false, waits = 0 } of here) {
      this.start({ cuid, webhookCuid, rateReserved, waits });
    }
    await this.queue.schedule(refs.slice(here.length));
  }

  /**
   * Gives each line its next turn. The heads this process has room for are claimed by the statement
   * that gives the turn (no claim of their own) and attempted here; the others go on the queue.
   */
  async takeTurns(turns: TurnKey[], now = new Date()): Promise<void> {
    if (turns.length === 0) return; // an event to no ordered webhook: nothing to give
    const until = this.lineLease(now);
    const { held, due } = await this.deliveries.promote(turns, now, { until, count: this.room });
    for (const delivery of held) this.start({ held: Object.assign(delivery, { heldUntil: until }) });
    await this.queue.schedule(due);
  }

  /** A lease long enough for an attempt and its record, from `now`. */
  leaseFrom(now: Date): Date {
    return new Date(now.getTime() + this.config.deliveryTimeoutMs + LEASE_MARGIN_MS);
  }

  /** A lease for a delivery that joins this process's line: time to wait for its slot too. */
  lineLease(now: Date): Date {
    const lease = this.leaseFrom(now);
    return new Date(lease.getTime() + LEASE_COVERS_PER_SLOT * (lease.getTime() - now.getTime()));
  }

  /** Waits for a slot, then attempts the delivery; resolves once it is recorded (or deferred, or skipped). */
  async attempt(request: SlotRequest): Promise<void> {
    const held = 'held' in request ? request.held : null;
    if (this.closing) return this.letGo(held ? [held] : []);
    await this.acquire(held);
    try {
      if (this.closing) return; // let go of at shutdown (or held by no one)
      const delivery = await this.hold(request);
      if (!delivery) return; // settled, deleted, or held by another worker
      const { rateReserved = false, waits = 0 } =
        'held' in request ? { rateReserved: request.rateReserved } : request;
      const decision = await this.gate.acquire(delivery.webhook, rateReserved, Date.now(), waits);
      if (!decision.granted && decision.rateReserved && decision.waitMs <= WAIT_HERE_MS)
        return this.waitHere(delivery, decision.waitMs);
      if (!decision.granted) return await this.defer(delivery, decision, waits);
      let effect = NO_SIGN;
      let sentAt: number | null = null;
      try {
        const run = await this.runner.run(delivery);
        effect = run?.next.health ?? NO_SIGN;
        sentAt = run?.sentAt ?? null;
        await this.onwards(delivery, run?.next ?? null);
      } finally {
        await this.gate.release(decision.pass, effect, Date.now(), sentAt);
      }
    } finally {
      this.release();
    }
  }

  /** A retry goes on the queue for its time; a delivery settled in a target's line gives the next its turn. */
  private async onwards(delivery: ClaimedDelivery, next: NextState | null): Promise<void> {
    const webhookCuid = delivery.webhook.cuid;
    if (next?.nextAttemptAt) {
      await this.queue.schedule([{ cuid: delivery.cuid, webhookCuid, dueAt: next.nextAttemptAt }]);
    } else if (next && delivery.orderKey !== null) {
      await this.takeTurns([{ webhookCuid, orderKey: delivery.orderKey }]);
    }
  }

  /** The delivery, held for long enough to attempt it now; undefined when it is not ours to attempt. */
  private async hold(request: SlotRequest): Promise<HeldDelivery | undefined> {
    if (!('held' in request)) return this.claimer.add({ cuid: request.cuid, heldUntil: null });
    const { held } = request;
    const enough = this.config.deliveryTimeoutMs + LEASE_MARGIN_MS / 2;
    if (held.heldUntil.getTime() - Date.now() >= enough) return held;
    return this.claimer.add({ cuid: held.cuid, heldUntil: held.heldUntil });
  }

  /**
   * Back for its kept rate slot in a moment, from this process, its slot freed meanwhile. If the
   * process stops first, the delivery's lease runs out and the reconciler hands it on.
   */
  private waitHere(held: HeldDelivery, waitMs: number): void {
    setTimeout(() => this.start({ held, rateReserved: true }), waitMs).unref();
  }

  /** An attempt no caller waits for: nothing is lost if it fails, the delivery's lease or due time stands. */
  private start(request: SlotRequest): void {
    const cuid = 'held' in request ? request.held.cuid : request.cuid;
    this.attempt(request).catch((error: Error) =>
      this.logger.warn(`Attempt of delivery ${cuid} not recorded: ${error.message}`),
    );
  }

  /** Not now: due again when the gate would let it through, no attempt spent. */
  private async defer(
    delivery: ClaimedDelivery,
    { waitMs, rateReserved }: { waitMs: number; rateReserved: boolean },
    waits: number,
  ): Promise<void> {
    const dueAt = new Date(Date.now() + waitMs);
    try {
      await this.deliveries.defer(delivery.cuid, dueAt);
      await this.queue.schedule([
        {
          cuid: delivery.cuid,
          webhookCuid: delivery.webhook.cuid,
          dueAt,
          rateReserved,
          waits: rateReserved ? waits : waits + 1,
        },
      ]);
    } catch (error) {
      this.logger.warn(
        `Could not defer delivery ${delivery.cuid} (the reconciler will take it): ${(error as Error).message}`,
      );
    }
  }

  /**
   * A process that stops (a deploy, a scale-down) lets go of the line it holds: those deliveries are
   * due at once for any other worker, instead of when their leases end. Attempts under way finish and
   * are recorded (within their timeout) before the connections they need are closed.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    const waiters = this.waiting.splice(0);
    // Each waiter is handed a slot, finds the process closing and gives the slot back.
    for (const { resume } of waiters) {
      this.busy += 1;
      resume();
    }
    await this.letGo(waiters.flatMap(({ held }) => (held ? [held] : [])));
    await this.drain(this.config.deliveryTimeoutMs + LEASE_MARGIN_MS);
  }

  /** Resolves once no attempt is under way, or after `ms`. */
  private drain(ms: number): Promise<void> {
    if (this.busy === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.drained.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private async letGo(held: HeldDelivery[]): Promise<void> {
    if (held.length === 0) return;
    try {
      await this.deliveries.release(held, new Date());
    } catch (error) {
      this.logger.warn(
        `Could not let go of ${held.length} deliveries (due when their leases end): ${(error as Error).message}`,
      );
    }
  }

  private acquire(held: HeldDelivery | null): Promise<void> {
    if (this.busy < this.size) {
      this.busy += 1;
      return Promise.resolve();
    }
    return new Promise((resume) => this.waiting.push({ resume, held }));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next.resume();
    else if (--this.busy === 0) for (const done of this.drained.splice(0)) done();
  }
}
