import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { HOOKPOST_CONFIG } from '../config/config.tokens';
import type { HookpostConfig } from '../config/hookpost-config';

const INTERVAL_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Applies HOOKPOST_LOG_RETENTION_DAYS: old attempts, settled deliveries and their events go. */
@Injectable()
export class LogPruner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('LogPruner');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly em: EntityManager,
    @Inject(HOOKPOST_CONFIG) private readonly config: HookpostConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.role === 'api') return;
    this.timer = setInterval(
      () => void this.prune().catch((e: Error) => this.logger.warn(e.message)),
      INTERVAL_MS,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Deletes what is older than the retention period; returns the number of attempts removed. */
  async prune(now = Date.now()): Promise<number> {
    const before = new Date(now - this.config.logRetentionDays * DAY_MS);
    const connection = this.em.getConnection();
    const attempts = await connection.execute(
      `delete from delivery_attempt where created_at < ?`,
      [before],
      'run',
    );
    await connection.execute(
      `delete from delivery where status <> 'pending' and updated_at < ?`,
      [before],
      'run',
    );
    await connection.execute(
      `delete from event e where created_at < ? and not exists (select 1 from delivery d where d.event_cuid = e.cuid)`,
      [before],
      'run',
    );
    const removed = (attempts as { affectedRows?: number }).affectedRows ?? 0;
    if (removed) this.logger.log(`Pruned ${removed} delivery attempts older than ${before.toISOString()}`);
    return removed;
  }
}
