import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DeliveryRepository } from '../../persistence/delivery.repository';
import { DeliveryQueue } from './delivery-queue';

const INTERVAL_MS = 2000;
/** A delivery this late past its time (or its holder's lease) is offered to the queue again. */
const GRACE_MS = 2000;
const BATCH = 1000;

/**
 * The outbox's other half: PostgreSQL says which deliveries are due and no one holds; each is offered
 * to the queue. A job already there for the same delivery and time is not doubled (the job id is
 * both), so what Redis lost (a flush, a restart, an enqueue that failed) comes back and nothing else
 * changes.
 */
@Injectable()
export class DeliveryReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DeliveryReconciler');
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly queue: DeliveryQueue,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), INTERVAL_MS);
    void this.tick();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /**
   * Offers every overdue delivery to the queue, and gives their turn to targets' lines that lost it
   * (a process died between settling a delivery and promoting the next); returns how many.
   */
  async reconcile(now = Date.now()): Promise<number> {
    const due = await this.deliveries.due(new Date(now - GRACE_MS), BATCH);
    const stalled = await this.deliveries.promote(await this.deliveries.stalledTurns(BATCH), new Date(now));
    return this.queue.schedule([...due, ...stalled.due]);
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.reconcile();
    } catch (error) {
      this.logger.warn(`Reconciliation skipped: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}
