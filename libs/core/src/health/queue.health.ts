import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { DeliveryQueue } from '../pipeline/3-dispatch/delivery-queue';
import { withTimeout } from './database.health';

const PING_TIMEOUT_MS = 1000;

/** Redis reachability and the delivery queue's depth by state. */
@Injectable()
export class QueueHealthIndicator {
  constructor(
    private readonly queue: DeliveryQueue,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(key: 'redis') {
    const session = this.health.check(key);
    try {
      await withTimeout(this.queue.queue.client.ping(), PING_TIMEOUT_MS);
      const counts = await withTimeout(this.queue.jobCounts(), PING_TIMEOUT_MS);
      return session.up({ queue: counts });
    } catch (error) {
      return session.down({ message: (error as Error).message });
    }
  }
}
