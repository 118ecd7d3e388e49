import { Injectable, Logger } from '@nestjs/common';
import type { DeliveryRef, TurnKey } from '../../persistence/delivery.repository';
import type { Dispatcher, FreshLease, HeldDelivery } from './dispatcher';
import { WorkerSlots } from './worker-slots';

/**
 * A worker process's dispatcher: it attempts the deliveries its own intake stored, right after the
 * commit, with no queue round trip — they were stored held by this process (a lease in
 * `next_attempt_at`), so if it dies the reconciler hands them to another worker when the lease ends.
 * What its line has no room for (the rest of a large fan-out) is stored due now and goes to the queue.
 * Deliveries due now that no one holds (a redelivery) are attempted here too while there is room
 * (`WorkerSlots.take`), and so is a target's next turn, claimed in the statement that gives it.
 */
@Injectable()
export class LocalDispatcher implements Dispatcher {
  private readonly logger = new Logger('LocalDispatcher');

  constructor(private readonly slots: WorkerSlots) {}

  leaseFresh(count: number, now: Date): FreshLease | null {
    const taken = Math.min(count, this.slots.room);
    return taken === 0 ? null : { until: this.slots.lineLease(now), count: taken };
  }

  attemptHere(deliveries: HeldDelivery[]): void {
    for (const held of deliveries) {
      this.slots.attempt({ held }).catch((error: Error) =>
        // Nothing is lost: the delivery stays held until its lease ends, then the reconciler takes it.
        this.logger.warn(`Attempt of delivery ${held.cuid} not recorded: ${error.message}`),
      );
    }
  }

  async dueNow(refs: DeliveryRef[]): Promise<void> {
    await this.slots.take(refs);
  }

  async giveTurns(turns: TurnKey[], now: Date): Promise<void> {
    await this.slots.takeTurns(turns, now);
  }
}
