import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { HOOKPOST_ACTOR, type EventContext } from '@hookpost/connector-sdk';
import { OPERATIONAL_EVENT, type OperationalNews } from '../../news/operational-news';
import type { EventInput } from './hookpost-events';
import { IntakeService } from './intake.service';

/** Pauses before trying again to store an operational event (PostgreSQL away for a moment). */
const RETRY_DELAYS_MS = [1_000, 5_000, 30_000];

/**
 * Operational events in (DESIGN §12): what the record stage announced becomes an event about the
 * webhook concerned (`targetType` webhook), matched and delivered like any other. It bypasses the
 * producers' validation, which refuses these events from outside; its idempotency key makes a
 * retry after an unclear failure store it once.
 */
@Injectable()
export class OperationalEventListener {
  private readonly logger = new Logger('OperationalEvents');

  constructor(private readonly intake: IntakeService) {}

  @OnEvent(OPERATIONAL_EVENT)
  async heard(news: OperationalNews): Promise<void> {
    const input = operationalInput(news);
    const key = idempotencyKey(news);
    for (let attempt = 0; ; attempt++) {
      try {
        await this.intake.ingest(input, key);
        return;
      } catch (error) {
        const delay = RETRY_DELAYS_MS[attempt];
        const reason = error instanceof Error ? error.message : String(error);
        if (delay === undefined) {
          this.logger.error(
            `${news.event} about webhook ${news.webhook.cuid} could not be stored: ${reason}`,
          );
          return;
        }
        this.logger.warn(
          `${news.event} about webhook ${news.webhook.cuid} not stored yet (${reason}); retrying`,
        );
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}

/** The event as intake stores it; absent values are left out, as a producer would leave them out. */
export function operationalInput({ event, webhook, delivery }: OperationalNews): EventInput {
  const context = {
    actor: HOOKPOST_ACTOR,
    webhook: withoutNulls(webhook),
    ...(delivery && { delivery: withoutNulls(delivery) }),
  } as EventContext;
  return { event, actorCuid: HOOKPOST_ACTOR.cuid, targetType: 'webhook', targetCuid: webhook.cuid, context };
}

/** One event per run of failures (or per failed delivery and attempt), however often it is offered. */
export function idempotencyKey({ event, webhook, delivery }: OperationalNews): string | undefined {
  if (delivery) return `hookpost:${event}:${delivery.cuid}:${delivery.attempts}`;
  return webhook.failingSince ? `hookpost:${event}:${webhook.cuid}:${webhook.failingSince}` : undefined;
}

function withoutNulls<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== null)) as Partial<T>;
}
