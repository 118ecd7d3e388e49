import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { HOOKPOST_CONFIG } from '../config/config.tokens';
import type { HookpostConfig } from '../config/hookpost-config';
import { ENDPOINT_PRESSURE, type EndpointPressure } from './endpoint-news';
import { WEBHOOKS_CHANGED, type WebhooksChanged } from './webhook-news';

/** The news every process needs: webhook changes, and endpoints under pressure. */
const RELAYED = new Set([WEBHOOKS_CHANGED, ENDPOINT_PRESSURE]);

/**
 * News for every process of the deployment: what one process says on its event bus is published on
 * Redis and said again on the others' buses, within milliseconds. So a webhook disabled through one
 * API process is matched by none a moment later, not a cache period later, and an endpoint that
 * answered 429 is paused by every worker. If Redis is down the news is lost: the subscriber cache's
 * own expiry (a second) still bounds how stale it gets, and each worker learns of pressure itself.
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
    this.channel = `${config.queuePrefix}:news`;
    const options = { lazyConnect: true, maxRetriesPerRequest: 1 };
    this.publisher = new Redis(config.redisUrl, options);
    this.subscriber = new Redis(config.redisUrl, options);
    for (const client of [this.publisher, this.subscriber]) client.on('error', () => undefined);
  }

  async onModuleInit(): Promise<void> {
    this.subscriber.on('message', (_channel, text: string) => {
      const { origin, name, news } = JSON.parse(text) as { origin: string; name: string; news: object };
      if (origin !== this.origin && RELAYED.has(name)) this.events.emit(name, { ...news, relayed: true });
    });
    await this.subscriber.subscribe(this.channel).catch((error: Error) => {
      this.logger.warn(`News from other processes is off until Redis answers: ${error.message}`);
    });
  }

  @OnEvent(WEBHOOKS_CHANGED)
  webhooksChanged(news: WebhooksChanged): void {
    this.publish(WEBHOOKS_CHANGED, news);
  }

  @OnEvent(ENDPOINT_PRESSURE)
  endpointPressure(news: EndpointPressure): void {
    this.publish(ENDPOINT_PRESSURE, news);
  }

  onApplicationShutdown(): void {
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }

  private publish(name: string, news: { relayed?: true }): void {
    if (news.relayed) return;
    const message = JSON.stringify({ origin: this.origin, name, news });
    this.publisher.publish(this.channel, message).catch(() => undefined);
  }
}
