import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bull';
import type { Queue } from 'bull';
import type { DeliveryRef } from '../../persistence/delivery.repository';
import { MicroBatcher } from '../../persistence/micro-batcher';

/** The Bull queue that carries "attempt this delivery at T": delayed jobs for retries, ready jobs for the rest. */
export const DELIVERY_QUEUE = 'deliveries';

export interface DeliveryJob {
  deliveryCuid: string;
  webhookCuid: string;
  /** Its webhook's rate limit keeps a slot for it at the job's time. */
  rateReserved?: boolean;
  /** How many times it found its endpoint's in-flight limit full. */
  waits?: number;
}

/**
 * Puts "attempt delivery X at T" on the queue. PostgreSQL's `next_attempt_at` is the truth; a job only
 * says when to look. Its id is the delivery's cuid and T, so the reconciler can offer the same job
 * again without making a second one, and a rescheduled delivery gets a new job (the old one, when it
 * comes, finds the delivery not due and does nothing). Failures are logged, never thrown at callers:
 * the reconciler enqueues what Redis did not take.
 */
@Injectable()
export class DeliveryQueue {
  private readonly logger = new Logger('DeliveryQueue');
  private readonly adder = new MicroBatcher<DeliveryRef[], void>((groups) =>
    this.addAll(groups.flat(), groups),
  );

  constructor(@InjectQueue(DELIVERY_QUEUE) readonly queue: Queue<DeliveryJob>) {}

  /** Schedules each delivery's next look at its `dueAt`; returns how many Redis took. Calls made together share a round trip. */
  async schedule(refs: DeliveryRef[]): Promise<number> {
    if (refs.length === 0) return 0;
    try {
      await this.adder.add(refs);
      return refs.length;
    } catch (error) {
      this.logger.warn(
        `Could not enqueue ${refs.length} deliveries (the reconciler will): ${(error as Error).message}`,
      );
      return 0;
    }
  }

  jobCounts() {
    return this.queue.getJobCounts();
  }

  private async addAll(refs: DeliveryRef[], groups: DeliveryRef[][]): Promise<void[]> {
    const now = Date.now();
    await this.queue.addBulk(
      refs.map(({ cuid, webhookCuid, dueAt, rateReserved, waits }) => ({
        data: jobData(cuid, webhookCuid, rateReserved, waits),
        opts: {
          jobId: `${cuid}@${dueAt.getTime()}`,
          delay: Math.max(0, dueAt.getTime() - now) || undefined,
          removeOnComplete: true,
          removeOnFail: true,
        },
      })),
    );
    return groups.map(() => undefined);
  }
}

/** A job's data: the optional fields only when set, so a plain job stays two keys in Redis. */
function jobData(cuid: string, webhookCuid: string, rateReserved?: boolean, waits?: number): DeliveryJob {
  const data: DeliveryJob = { deliveryCuid: cuid, webhookCuid };
  if (rateReserved) data.rateReserved = rateReserved;
  if (waits) data.waits = waits;
  return data;
}
