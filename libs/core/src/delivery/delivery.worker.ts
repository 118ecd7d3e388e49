import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bull';
import { HOOKPOST_CONFIG } from '../config/config.tokens';
import type { HookpostConfig } from '../config/hookpost-config';
import { DeliveryJob, DeliveryQueue, RetryLaterError } from './delivery-queue';
import { DeliveryRunner } from './delivery-runner';
import { EndpointThrottle } from './endpoint-throttle';

/** How long a job of a slow endpoint at its limit waits before it asks for a slot again. */
const SLOW_LANE_WAIT_MS = 1000;

/**
 * Bull processor for delivery jobs (workers only). A failed attempt that should be retried throws,
 * so Bull reschedules the job with the delay the attempt chose (see `deliveryBackoff`); storage
 * errors throw too, and Bull tries again shortly. Nothing is caught and dropped here.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger('DeliveryWorker');
  private readonly throttle: EndpointThrottle;

  constructor(
    private readonly queue: DeliveryQueue,
    private readonly runner: DeliveryRunner,
    @Inject(HOOKPOST_CONFIG) private readonly config: HookpostConfig,
  ) {
    // A slow endpoint may hold a tenth of the slots: the other nine tenths stay free for the rest.
    this.throttle = new EndpointThrottle(Math.max(1, Math.floor(config.workerConcurrency / 10)));
  }

  onApplicationBootstrap(): void {
    if (this.config.role === 'api') return;
    this.queue.queue
      .process(this.config.workerConcurrency, (job: Job<DeliveryJob>) => this.handle(job))
      .catch((error: Error) => this.logger.error(`Delivery worker stopped: ${error.message}`));
  }

  // No @CreateRequestContext(): the delivery hot path uses the plain pg pool, not the ORM's
  // identity map, so a per-job EntityManager fork would only cost allocations.
  async handle(job: Job<DeliveryJob>): Promise<void> {
    // Jobs enqueued before webhook cuids were added to their data share one unlimited lane.
    const lane = job.data.webhookCuid ?? '';
    if (!this.throttle.tryAcquire(lane)) {
      throw new RetryLaterError(
        jitter(SLOW_LANE_WAIT_MS),
        'its endpoint is slow and at its share of workers',
      );
    }
    let slow = false;
    try {
      const outcome = await this.runner.run(job.data.deliveryCuid);
      slow = outcome?.slow ?? false;
      if (outcome?.retry) throw new RetryLaterError(outcome.retry.delayMs, outcome.retry.reason);
    } finally {
      this.throttle.release(lane, slow);
    }
  }
}

function jitter(ms: number): number {
  return Math.round(ms * (0.8 + Math.random() * 0.4));
}
