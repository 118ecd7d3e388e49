import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bull';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Queue } from 'bull';
import { DELIVERY_QUEUE } from '../delivery/delivery-queue';

const PING_TIMEOUT_MS = 1000;

/** Redis reachability and the delivery queue's depth by state. */
@Injectable()
export class QueueHealthIndicator {
  constructor(
    @InjectQueue(DELIVERY_QUEUE) private readonly queue: Queue,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(key: 'redis') {
    const session = this.health.check(key);
    try {
      await withTimeout(this.queue.client.ping(), PING_TIMEOUT_MS);
      const counts = await withTimeout(this.queue.getJobCounts(), PING_TIMEOUT_MS);
      return session.up({ queue: counts });
    } catch (error) {
      return session.down({ message: (error as Error).message });
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
