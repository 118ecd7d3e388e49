import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bull';
import { HOOKPOST_CONFIG } from '../../config/config.tokens';
import type { HookpostConfig } from '../../config/hookpost-config';
import { DeliveryQueue, type DeliveryJob } from './delivery-queue';
import { WorkerSlots } from './worker-slots';

/**
 * Takes "attempt delivery X at T" jobs off the queue and gives each a worker slot; the slot claims the
 * delivery in PostgreSQL first, so a job for a delivery that is settled, rescheduled or held by
 * another worker does nothing. A job never retries itself: an error (PostgreSQL unreachable) fails
 * it, and the reconciler offers the delivery again once its time has passed.
 */
@Injectable()
export class QueueConsumer implements OnApplicationBootstrap {
  private readonly logger = new Logger('QueueConsumer');

  constructor(
    private readonly queue: DeliveryQueue,
    private readonly slots: WorkerSlots,
    @Inject(HOOKPOST_CONFIG) private readonly config: HookpostConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.queue.queue
      .process(this.config.workerConcurrency, (job: Job<DeliveryJob>) =>
        this.slots.attempt({
          cuid: job.data.deliveryCuid,
          webhookCuid: job.data.webhookCuid,
          rateReserved: job.data.rateReserved ?? false,
          waits: job.data.waits ?? 0,
        }),
      )
      .catch((error: Error) => this.logger.error(`Queue consumer stopped: ${error.message}`));
  }
}
