import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { createId } from '@paralleldrive/cuid2';
import { describeEvent } from '@hookpost/connector-sdk';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { flattenValidationErrors } from '../http/strict-validation.pipe';
import { ConnectorRegistry } from '../connectors/connector-registry';
import { DeliveryQueue } from '../delivery/delivery-queue';
import { renderDelivery, toConnectorEvent } from '../delivery/delivery-renderer';
import { SqlPool } from '../database/sql-pool';
import { MetricsService } from '../observability/metrics.service';
import { WebhookMatcher } from '../webhooks/webhook-matcher';
import { EventIntakeDto } from './event-intake.dto';
import type { EventFacts } from './event.entity';
import type { EventInput } from './hookpost-events';

const UNIQUE_VIOLATION = '23505';

export interface EventAccepted {
  cuid: string;
  deliveries: number;
}

/**
 * Accepts an event: stores it with one delivery per matching webhook in a single transaction
 * (the outbox), then enqueues the jobs. Variables are resolved here, once, so retries send the
 * same bytes. Repeats (same Idempotency-Key or cuid) return the first answer and create nothing.
 */
@Injectable()
export class EventIntakeService {
  constructor(
    private readonly sql: SqlPool,
    private readonly matcher: WebhookMatcher,
    private readonly connectors: ConnectorRegistry,
    private readonly queue: DeliveryQueue,
    private readonly metrics: MetricsService,
  ) {}

  /** For in-process producers: the same validation the HTTP intake applies. */
  async validateAndIngest(input: EventInput, idempotencyKey?: string): Promise<EventAccepted> {
    const errors = await validate(plainToInstance(EventIntakeDto, input), { forbidUnknownValues: true });
    if (errors.length) throw new BadRequestException(flattenValidationErrors(errors));
    return this.ingest(input, idempotencyKey);
  }

  async ingest(input: EventInput, idempotencyKey?: string): Promise<EventAccepted> {
    if (input.targetCuid !== undefined && input.targetCuids !== undefined) {
      throw new BadRequestException(['targetCuid and targetCuids are mutually exclusive; send one']);
    }
    const key = idempotencyKey ?? input.cuid ?? null;
    if (key) {
      const earlier = await this.findByKey(key);
      if (earlier) return earlier;
    }
    try {
      const { accepted, queued } = await this.store(input, key);
      this.metrics.recordEvent(input.event);
      await this.queue.enqueue(queued);
      return accepted;
    } catch (error) {
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
      const earlier = key ? await this.findByKey(key) : null; // a concurrent repeat won the race
      if (earlier) return earlier;
      throw new ConflictException(
        `An event with cuid ${input.cuid} already exists with another idempotency key`,
      );
    }
  }

  /** The event and its deliveries in one statement: atomic without a transaction's extra round trips. */
  private async store(input: EventInput, key: string | null) {
    const occurredAt = new Date();
    const facts = factsOf(input);
    const eventCuid = input.cuid ?? createId();
    const deliveries = (await this.matcher.match(input)).map((webhook) => {
      const cuid = createId();
      const event = toConnectorEvent(cuid, input.event, facts, occurredAt);
      return {
        cuid,
        webhookCuid: webhook.cuid,
        ...renderDelivery(this.connectors.get(webhook.type), webhook.message, event),
      };
    });
    await this.sql.query(
      `with event_row as (
         insert into event (cuid, event, facts, idempotency_key, delivery_count, occurred_at, created_at)
         values ($1, $2, $3, $4, $5, $6, $6)
       )
       insert into delivery (cuid, event_cuid, webhook_cuid, event, status, attempts, retry_base, next_attempt_at,
         body, headers, created_at, updated_at)
       select d.cuid, $1, d.webhook_cuid, $2, 'pending', 0, 0, $6, d.body, d.headers, $6, $6
         from unnest($7::text[], $8::text[], $9::text[], $10::jsonb[]) as d(cuid, webhook_cuid, body, headers)`,
      [
        eventCuid,
        input.event,
        JSON.stringify(facts),
        key,
        deliveries.length,
        occurredAt,
        deliveries.map((d) => d.cuid),
        deliveries.map((d) => d.webhookCuid),
        deliveries.map((d) => d.body),
        deliveries.map((d) => (d.headers ? JSON.stringify(d.headers) : null)),
      ],
    );
    return {
      accepted: { cuid: eventCuid, deliveries: deliveries.length },
      queued: deliveries.map(({ cuid, webhookCuid }) => ({ cuid, webhookCuid })),
    };
  }

  private async findByKey(key: string): Promise<EventAccepted | null> {
    const [earlier] = await this.sql.query<{ cuid: string; delivery_count: number }>(
      'select cuid, delivery_count from event where idempotency_key = $1',
      [key],
    );
    return earlier ? { cuid: earlier.cuid, deliveries: earlier.delivery_count } : null;
  }
}

function factsOf(input: EventInput): EventFacts {
  const { event: _event, cuid: _cuid, context, actorCuid, targetType, ...rest } = input;
  return {
    ...rest,
    actorCuid: actorCuid ?? context?.actor?.cuid ?? 'system',
    targetType: targetType ?? describeEvent(input.event).targetType,
    context: context ?? {},
  };
}
