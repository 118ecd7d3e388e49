import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HOOKPOST_CONFIG } from '../config/config.tokens';
import type { HookpostConfig } from '../config/hookpost-config';
import { AttemptRepository } from '../persistence/attempt.repository';

const INTERVAL_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Applies HOOKPOST_LOG_RETENTION_DAYS every hour: old attempts, settled deliveries and their events go. */
@Injectable()
export class LogPruner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('LogPruner');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly attempts: AttemptRepository,
    @Inject(HOOKPOST_CONFIG) private readonly config: HookpostConfig,
  ) {}

  onApplicationBootstrap(): void {
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
    const removed = await this.attempts.prune(before);
    if (removed) this.logger.log(`Pruned ${removed} delivery attempts older than ${before.toISOString()}`);
    return removed;
  }
}
