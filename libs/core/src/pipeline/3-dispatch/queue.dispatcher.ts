import { Injectable } from '@nestjs/common';
import { DeliveryRepository, type DeliveryRef, type TurnKey } from '../../persistence/delivery.repository';
import { DeliveryQueue } from './delivery-queue';
import type { Dispatcher } from './dispatcher';

/** An API-only process's dispatcher: every delivery goes to the queue, for the workers to take. */
@Injectable()
export class QueueDispatcher implements Dispatcher {
  constructor(
    private readonly queue: DeliveryQueue,
    private readonly deliveries: DeliveryRepository,
  ) {}

  leaseFresh(): null {
    return null;
  }

  attemptHere(): void {
    throw new Error('An API-only process attempts no deliveries: leaseFresh gave no lease');
  }

  async dueNow(refs: DeliveryRef[]): Promise<void> {
    await this.queue.schedule(refs);
  }

  async giveTurns(turns: TurnKey[], now: Date): Promise<void> {
    const { due } = await this.deliveries.promote(turns, now);
    await this.queue.schedule(due);
  }
}
