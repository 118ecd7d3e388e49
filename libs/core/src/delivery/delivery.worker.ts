import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CreateRequestContext, MikroORM } from '@mikro-orm/postgresql';
import type { Job } from 'bull';
import { HOOKPOST_CONFIG } from '../config/config.tokens';
import type { HookpostConfig } from '../config/hookpost-config';
import { DeliveryJob, DeliveryQueue, RetryLaterError } from './delivery-queue';
import { DeliveryRunner } from './delivery-runner';

/**
 * Bull processor for delivery jobs (workers only). A failed attempt that should be retried throws,
 * so Bull reschedules the job with the delay the attempt chose (see `deliveryBackoff`); storage
 * errors throw too, and Bull tries again shortly. Nothing is caught and dropped here.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger('DeliveryWorker');

  constructor(
    private readonly orm: MikroORM,
    private readonly queue: DeliveryQueue,
    private readonly runner: DeliveryRunner,
    @Inject(HOOKPOST_CONFIG) private readonly config: HookpostConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.role === 'api') return;
    this.queue.queue
      .process(this.config.workerConcurrency, (job: Job<DeliveryJob>) => this.handle(job))
      .catch((error: Error) => this.logger.error(`Delivery worker stopped: ${error.message}`));
  }

  @CreateRequestContext()
  async handle(job: Job<DeliveryJob>): Promise<void> {
    const retry = await this.runner.run(job.data.deliveryCuid);
    if (retry) throw new RetryLaterError(retry.delayMs, retry.reason);
  }
}
