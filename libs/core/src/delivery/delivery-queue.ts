import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bull';
import type { JobOptions, Queue } from 'bull';
import { MicroBatcher } from '../database/micro-batcher';

/** The Bull queue that carries delivery jobs: one job per delivery, job id = delivery cuid. */
export const DELIVERY_QUEUE = 'deliveries';

/** Name of the backoff strategy: the delay comes from the failed attempt itself (schedule, Retry-After). */
export const DELIVERY_BACKOFF = 'hookpost';

/**
 * Bull's own attempt limit. PostgreSQL counts the real attempts and decides when to stop; Bull's
 * count also grows when storage is unreachable or a slow endpoint's job waits for a slot, so it is
 * only a backstop (a job that exhausts it is removed, and the reconciler enqueues it again if due).
 */
const BULL_ATTEMPTS = 1000;

export interface QueuedDelivery {
  cuid: string;
  webhookCuid: string;
  delayMs?: number;
}

export interface DeliveryJob {
  deliveryCuid: string;
  /** Lets the worker limit a slow endpoint before touching storage (absent on older jobs). */
  webhookCuid?: string;
}

/** Thrown by an attempt that should be retried; Bull's backoff strategy reads `delayMs`. */
export class RetryLaterError extends Error {
  constructor(
    readonly delayMs: number,
    reason: string,
  ) {
    super(reason);
    this.name = 'RetryLaterError';
  }
}

/** Delay Bull waits after an error that is not a RetryLaterError (storage unreachable, a crash). */
export const INFRASTRUCTURE_RETRY_MS = 2000;

export function deliveryBackoff(_attemptsMade: number, error: Error): number {
  return error instanceof RetryLaterError ? error.delayMs : INFRASTRUCTURE_RETRY_MS;
}

/**
 * Puts deliveries on the queue. PostgreSQL stays the source of truth: when Redis refuses a job,
 * the reconciler enqueues it later, so enqueue failures are logged, never thrown at producers.
 */
@Injectable()
export class DeliveryQueue {
  private readonly logger = new Logger('DeliveryQueue');
  private readonly adder = new MicroBatcher<QueuedDelivery[], void>((groups) => this.addAll(groups));

  constructor(@InjectQueue(DELIVERY_QUEUE) readonly queue: Queue<DeliveryJob>) {}

  private jobOptions(deliveryCuid: string, delayMs = 0): JobOptions {
    return {
      jobId: deliveryCuid,
      delay: delayMs > 0 ? delayMs : undefined,
      attempts: BULL_ATTEMPTS,
      backoff: { type: DELIVERY_BACKOFF },
      removeOnComplete: true,
      removeOnFail: true,
    };
  }

  /** Enqueues deliveries; returns how many Redis accepted. Calls made together share one round trip. */
  async enqueue(deliveries: QueuedDelivery[]): Promise<number> {
    if (deliveries.length === 0) return 0;
    try {
      await this.adder.add(deliveries);
      return deliveries.length;
    } catch (error) {
      this.logger.warn(
        `Could not enqueue ${deliveries.length} deliveries (the reconciler will): ${(error as Error).message}`,
      );
      return 0;
    }
  }

  private async addAll(groups: QueuedDelivery[][]): Promise<void[]> {
    await this.queue.addBulk(
      groups.flat().map(({ cuid, webhookCuid, delayMs }) => ({
        data: { deliveryCuid: cuid, webhookCuid },
        opts: this.jobOptions(cuid, delayMs),
      })),
    );
    return groups.map(() => undefined);
  }

  /** Removes a waiting or delayed job (a job being attempted right now finishes on its own). */
  async remove(deliveryCuid: string): Promise<void> {
    const job = await this.queue.getJob(deliveryCuid);
    if (job && !(await job.isActive())) await job.remove();
  }
}
