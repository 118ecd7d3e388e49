import { Inject, Injectable, Logger } from '@nestjs/common';
import { HOOKPOST_CONFIG } from '../../config/config.tokens';
import type { HookpostConfig } from '../../config/hookpost-config';
import { DeliveryRepository, type ClaimedDelivery } from '../../persistence/delivery.repository';
import { MicroBatcher } from '../../persistence/micro-batcher';
import { DeliveryRunner } from '../4-attempt/delivery.runner';
import { jitter } from '../4-attempt/retry-policy';
import { DeliveryQueue } from './delivery-queue';
import type { HeldDelivery } from './dispatcher';
import { EndpointThrottle, SLOW_ATTEMPT_MS } from './endpoint-throttle';

/** Beyond the attempt's own timeout, how long a lease leaves for a worker to record its attempt. */
const LEASE_MARGIN_MS = 5_000;
/** A slow endpoint at its share of slots: its delivery waits this long (no attempt spent), then asks again. */
const SLOW_LANE_WAIT_MS = 1_000;

/** A delivery to attempt: one this process holds already, or one to claim when its slot comes. */
export type SlotRequest = { held: HeldDelivery } | { cuid: string; webhookCuid: string };

/**
 * A worker process's attempt slots (HOOKPOST_WORKER_CONCURRENCY), shared by the deliveries it takes
 * fresh from intake and those it takes from the queue. When a slot comes free a delivery is claimed
 * (or its lease renewed if it ran short), attempted (stage 4), and its retry put on the queue for the
 * time the attempt decided. A slow endpoint may hold only a tenth of the slots: its other deliveries
 * are deferred, which spends no attempt.
 */
@Injectable()
export class WorkerSlots {
  private readonly logger = new Logger('WorkerSlots');
  private readonly throttle: EndpointThrottle;
  private readonly waiting: (() => void)[] = [];
  private busy = 0;
  private readonly claimer = new MicroBatcher<
    { cuid: string; heldUntil: Date | null },
    ClaimedDelivery | undefined
  >(async (claims) => {
    const now = new Date();
    const claimed = await this.deliveries.claim(claims, now, this.leaseFrom(now));
    const byCuid = new Map(claimed.map((delivery) => [delivery.cuid, delivery]));
    return claims.map(({ cuid }) => byCuid.get(cuid));
  });

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly runner: DeliveryRunner,
    private readonly queue: DeliveryQueue,
    @Inject(HOOKPOST_CONFIG) private readonly config: HookpostConfig,
  ) {
    this.throttle = new EndpointThrottle(Math.max(1, Math.floor(config.workerConcurrency / 10)));
  }

  /** Deliveries attempted or waiting for a slot here. */
  get load(): number {
    return this.busy + this.waiting.length;
  }

  get size(): number {
    return this.config.workerConcurrency;
  }

  /** A lease long enough for an attempt and its record, from `now`. */
  leaseFrom(now: Date): Date {
    return new Date(now.getTime() + this.config.deliveryTimeoutMs + LEASE_MARGIN_MS);
  }

  /** Waits for a slot, then attempts the delivery; resolves once it is recorded (or skipped). */
  async attempt(request: SlotRequest): Promise<void> {
    await this.acquire();
    const webhookCuid = 'held' in request ? request.held.webhook.cuid : request.webhookCuid;
    if (!this.throttle.tryAcquire(webhookCuid)) {
      this.release();
      await this.defer('held' in request ? request.held.cuid : request.cuid, webhookCuid);
      return;
    }
    const startedAt = Date.now();
    let slow = false;
    try {
      const delivery = await this.hold(request);
      if (!delivery) return; // settled, deleted, or held by another worker
      const next = await this.runner.run(delivery);
      slow = Date.now() - startedAt > SLOW_ATTEMPT_MS;
      if (next?.nextAttemptAt) {
        await this.queue.schedule([{ cuid: delivery.cuid, webhookCuid, dueAt: next.nextAttemptAt }]);
      } else if (next && delivery.orderKey !== null) {
        // Settled, one way or the other: the next delivery for the same target gets its turn.
        const turn = [{ webhookCuid, orderKey: delivery.orderKey }];
        await this.queue.schedule(await this.deliveries.promote(turn, new Date()));
      }
    } finally {
      this.throttle.release(webhookCuid, slow);
      this.release();
    }
  }

  /** The delivery, held for long enough to attempt it now; undefined when it is not ours to attempt. */
  private async hold(request: SlotRequest): Promise<ClaimedDelivery | undefined> {
    if (!('held' in request)) return this.claimer.add({ cuid: request.cuid, heldUntil: null });
    const { held } = request;
    const enough = this.config.deliveryTimeoutMs + LEASE_MARGIN_MS / 2;
    if (held.heldUntil.getTime() - Date.now() >= enough) return held;
    return this.claimer.add({ cuid: held.cuid, heldUntil: held.heldUntil });
  }

  private async defer(cuid: string, webhookCuid: string): Promise<void> {
    const dueAt = new Date(Date.now() + jitter(SLOW_LANE_WAIT_MS));
    try {
      await this.deliveries.defer(cuid, dueAt);
      await this.queue.schedule([{ cuid, webhookCuid, dueAt }]);
    } catch (error) {
      this.logger.warn(
        `Could not defer delivery ${cuid} (the reconciler will take it): ${(error as Error).message}`,
      );
    }
  }

  private acquire(): Promise<void> {
    if (this.busy < this.size) {
      this.busy += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.busy -= 1;
  }
}
