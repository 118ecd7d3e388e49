import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { HOOKPOST_CONFIG } from '../config/config.tokens';
import type { HookpostConfig } from '../config/hookpost-config';
import { DeliveryQueue } from './delivery-queue';

const INTERVAL_MS = 2000;
/** Fresh intake enqueues right after commit; give it this long before calling a job missing. */
const GRACE_MS = 2000;
const BATCH = 1000;

/**
 * The outbox's other half: PostgreSQL says which deliveries are due; any that Redis does not hold
 * (lost in a flush or restart, or never enqueued because Redis was down) are enqueued again.
 */
@Injectable()
export class DeliveryReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DeliveryReconciler');
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly em: EntityManager,
    private readonly queue: DeliveryQueue,
    @Inject(HOOKPOST_CONFIG) private readonly config: HookpostConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.role === 'api') return;
    this.timer = setInterval(() => void this.tick(), INTERVAL_MS);
    void this.tick();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Re-enqueues due deliveries missing from Redis; returns how many. */
  async reconcile(): Promise<number> {
    const due = await this.em
      .getConnection()
      .execute<{ cuid: string; webhook_cuid: string }[]>(
        `select cuid, webhook_cuid from delivery where status = 'pending' and next_attempt_at <= ? order by next_attempt_at limit ?`,
        [new Date(Date.now() - GRACE_MS), BATCH],
      );
    if (due.length === 0) return 0;
    const pipeline = this.queue.queue.client.pipeline();
    for (const { cuid } of due) pipeline.exists(this.queue.queue.toKey(cuid));
    const held = (await pipeline.exec()) ?? [];
    const missing = due.filter((_, index) => held[index]?.[1] === 0);
    const enqueued = await this.queue.enqueue(
      missing.map(({ cuid, webhook_cuid }) => ({ cuid, webhookCuid: webhook_cuid })),
    );
    if (enqueued) this.logger.warn(`Re-enqueued ${enqueued} due deliveries that Redis did not hold`);
    return enqueued;
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
