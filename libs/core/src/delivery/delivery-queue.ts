import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bull';
import type { JobOptions, Queue } from 'bull';

/** The Bull queue that carries delivery jobs: one job per delivery, job id = delivery cuid. */
export const DELIVERY_QUEUE = 'deliveries';

/** Name of the backoff strategy: the delay comes from the failed attempt itself (schedule, Retry-After). */
export const DELIVERY_BACKOFF = 'hookpost';

/** Spare Bull attempts beyond the retry schedule, for infrastructure hiccups (PostgreSQL briefly down). */
const SPARE_ATTEMPTS = 3;

export interface DeliveryJob {
  deliveryCuid: string;
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

  constructor(@InjectQueue(DELIVERY_QUEUE) readonly queue: Queue<DeliveryJob>) {}

  jobOptions(retries: number, deliveryCuid: string, delayMs = 0): JobOptions {
    return {
      jobId: deliveryCuid,
      delay: delayMs > 0 ? delayMs : undefined,
      attempts: retries + 1 + SPARE_ATTEMPTS,
      backoff: { type: DELIVERY_BACKOFF },
      removeOnComplete: true,
      removeOnFail: true,
    };
  }

  /** Enqueues deliveries; returns how many Redis accepted. */
  async enqueue(deliveries: { cuid: string; delayMs?: number }[], retries: number): Promise<number> {
    if (deliveries.length === 0) return 0;
    try {
      await this.queue.addBulk(
        deliveries.map(({ cuid, delayMs }) => ({
          data: { deliveryCuid: cuid },
          opts: this.jobOptions(retries, cuid, delayMs),
        })),
      );
      return deliveries.length;
    } catch (error) {
      this.logger.warn(
        `Could not enqueue ${deliveries.length} deliveries (the reconciler will): ${(error as Error).message}`,
      );
      return 0;
    }
  }

  /** Removes a waiting or delayed job (a job being attempted right now finishes on its own). */
  async remove(deliveryCuid: string): Promise<void> {
    const job = await this.queue.getJob(deliveryCuid);
    if (job && !(await job.isActive())) await job.remove();
  }
}
