import { Module, OnModuleInit } from '@nestjs/common';
import { BullModule } from '@nestjs/bull';
import { MetricsService } from '../../observability/metrics.service';
import { DELIVERY_QUEUE, DeliveryQueue } from './delivery-queue';
import { QueueDispatcher } from './queue.dispatcher';

/**
 * Stage 3, the part every process has: the delivery queue ("attempt X at T") and the dispatcher of
 * an API-only process. Worker processes add DeliveryWorkerModule.
 */
@Module({
  imports: [
    BullModule.registerQueue({
      name: DELIVERY_QUEUE,
      // A job waits for a worker slot while active; a killed worker's job is taken again within ~15 s.
      settings: { lockDuration: 30_000, stalledInterval: 5_000, maxStalledCount: 1 },
    }),
  ],
  providers: [DeliveryQueue, QueueDispatcher],
  exports: [DeliveryQueue, QueueDispatcher],
})
export class DispatchModule implements OnModuleInit {
  constructor(
    private readonly queue: DeliveryQueue,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    this.metrics.registerQueueGauge(() => this.queue.jobCounts());
  }
}
