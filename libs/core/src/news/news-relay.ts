import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { HOOKPOST_CONFIG } from '../config/config.tokens';
import type { HookpostConfig } from '../config/hookpost-config';
import { WEBHOOKS_CHANGED, type WebhooksChanged } from './webhook-news';

/**
 * Webhook news for every process of the deployment: what one process says on its event bus is
 * published on Redis and said again on the others' buses, within milliseconds. So a webhook disabled
 * through one API process is matched by none a moment later, not a cache period later. If Redis is
 * down the news is lost, and the caches' own expiry (a second) still bounds how stale they get.
 */
@Injectable()
export class NewsRelay implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('NewsRelay');
  private readonly channel: string;
  /** This process, so it does not hear its own news twice. */
  private readonly origin = randomUUID();
  private readonly publisher: Redis;
  private readonly subscriber: Redis;

  constructor(
    private readonly events: EventEmitter2,
    @Inject(HOOKPOST_CONFIG) config: HookpostConfig,
  ) {
    this.channel = `${config.queuePrefix}:news:webhooks`;
    const options = { lazyConnect: true, maxRetriesPerRequest: 1 };
    this.publisher = new Redis(config.redisUrl, options);
    this.subscriber = new Redis(config.redisUrl, options);
    for (const client of [this.publisher, this.subscriber]) client.on('error', () => undefined);
  }

  async onModuleInit(): Promise<void> {
    this.subscriber.on('message', (_channel, text: string) => {
      const news = JSON.parse(text) as WebhooksChanged & { origin: string };
      if (news.origin === this.origin) return;
      this.events.emit(WEBHOOKS_CHANGED, { cuids: news.cuids, relayed: true } satisfies WebhooksChanged);
    });
    await this.subscriber.subscribe(this.channel).catch((error: Error) => {
      this.logger.warn(`Webhook news from other processes is off until Redis answers: ${error.message}`);
    });
  }

  @OnEvent(WEBHOOKS_CHANGED)
  relay(news: WebhooksChanged): void {
    if (news.relayed) return;
    this.publisher
      .publish(this.channel, JSON.stringify({ cuids: news.cuids, origin: this.origin }))
      .catch(() => undefined);
  }

  onApplicationShutdown(): void {
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }
}
