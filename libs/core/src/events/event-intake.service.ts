import { ConflictException, Injectable } from '@nestjs/common';
import { createId } from '@paralleldrive/cuid2';
import { describeEvent } from '@hookpost/connector-sdk';
import { ConnectorRegistry } from '../connectors/connector-registry';
import { DeliveryQueue } from '../delivery/delivery-queue';
import { DeliveryContent, renderDeliveryContent, toConnectorEvent } from '../delivery/delivery-renderer';
import { MicroBatcher } from '../database/micro-batcher';
import { SqlPool } from '../database/sql-pool';
import { MetricsService } from '../observability/metrics.service';
import { WebhookMatcher } from '../webhooks/webhook-matcher';
import { validateEventInput } from './event-intake.validator';
import type { EventFacts } from './event.entity';
import type { EventInput } from './hookpost-events';

const UNIQUE_VIOLATION = '23505';

interface PreparedEvent {
  cuid: string;
  event: string;
  facts: EventFacts;
  key: string | null;
  occurredAt: Date;
  deliveries: ({ cuid: string; webhookCuid: string } & DeliveryContent)[];
}

export interface EventAccepted {
  cuid: string;
  deliveries: number;
}

/**
 * Accepts an event: stores it with one delivery per matching webhook in a single statement
 * (the outbox), then enqueues the jobs. Variables are resolved here, once, so retries send the
 * same bytes; a webhook whose template fails to render gets a delivery that records why and fails
 * alone, so it never costs the event or the other webhooks theirs. Repeats (same Idempotency-Key or cuid) return the first answer and create nothing.
 */
@Injectable()
export class EventIntakeService {
  private readonly writer = new MicroBatcher<PreparedEvent, void>((events) => this.write(events));

  constructor(
    private readonly sql: SqlPool,
    private readonly matcher: WebhookMatcher,
    private readonly connectors: ConnectorRegistry,
    private readonly queue: DeliveryQueue,
    private readonly metrics: MetricsService,
  ) {}

  /**
   * For in-process producers: the same validation the HTTP intake applies, on a copy (validation
   * normalises in place, and the caller's objects are the caller's).
   */
  async validateAndIngest(input: EventInput, idempotencyKey?: string): Promise<EventAccepted> {
    return this.ingest(validateEventInput(structuredClone(input)), idempotencyKey);
  }

  /** Takes an event that `validateEventInput` accepted. */
  async ingest(input: EventInput, idempotencyKey?: string): Promise<EventAccepted> {
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

  /**
   * Renders the event's deliveries and stores it. Events without a key (nothing to conflict with)
   * arriving together are written in one statement, so a busy intake pays one commit per batch.
   */
  private async store(input: EventInput, key: string | null) {
    const occurredAt = new Date();
    const facts = factsOf(input);
    const event: PreparedEvent = {
      cuid: input.cuid ?? createId(),
      event: input.event,
      facts,
      key,
      occurredAt,
      deliveries: (await this.matcher.match(input)).map((webhook) => {
        const cuid = createId();
        const connectorEvent = toConnectorEvent(cuid, input.event, facts, occurredAt);
        const content = renderDeliveryContent(
          this.connectors.get(webhook.type),
          webhook.message,
          connectorEvent,
        );
        return { cuid, webhookCuid: webhook.cuid, ...content };
      }),
    };
    // A keyed event may collide with an earlier one: alone, so its conflict fails nobody else.
    await (key ? this.write([event]) : this.writer.add(event));
    return {
      accepted: { cuid: event.cuid, deliveries: event.deliveries.length },
      queued: event.deliveries.map(({ cuid, webhookCuid }) => ({ cuid, webhookCuid })),
    };
  }

  /** Events and all their deliveries in one statement: atomic without a transaction's round trips. */
  private async write(events: PreparedEvent[]): Promise<void[]> {
    const deliveries = events.flatMap((event) => event.deliveries.map((delivery) => ({ event, delivery })));
    await this.sql.query(
      `with event_rows as (
         insert into event (cuid, event, facts, idempotency_key, delivery_count, occurred_at, created_at)
         select cuid, event, facts, key, count, at, at
           from unnest($1::text[], $2::text[], $3::jsonb[], $4::text[], $5::int[], $6::timestamptz[])
             as e(cuid, event, facts, key, count, at)
       )
       insert into delivery (cuid, event_cuid, webhook_cuid, event, status, attempts, retry_base, next_attempt_at,
         body, headers, render_error, created_at, updated_at)
       select d.cuid, d.event_cuid, d.webhook_cuid, d.event, 'pending', 0, 0, d.at, d.body, d.headers, d.render_error,
              d.at, d.at
         from unnest($7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::jsonb[], $13::timestamptz[],
                     $14::text[])
           as d(cuid, event_cuid, webhook_cuid, event, body, headers, at, render_error)
         -- a webhook deleted since it was matched (another process's cache may be a second old) is skipped
         join webhook w on w.cuid = d.webhook_cuid`,
      [
        events.map((e) => e.cuid),
        events.map((e) => e.event),
        events.map((e) => JSON.stringify(e.facts)),
        events.map((e) => e.key),
        events.map((e) => e.deliveries.length),
        events.map((e) => e.occurredAt),
        deliveries.map(({ delivery }) => delivery.cuid),
        deliveries.map(({ event }) => event.cuid),
        deliveries.map(({ delivery }) => delivery.webhookCuid),
        deliveries.map(({ event }) => event.event),
        deliveries.map(({ delivery }) => delivery.body),
        deliveries.map(({ delivery }) => (delivery.headers ? JSON.stringify(delivery.headers) : null)),
        deliveries.map(({ event }) => event.occurredAt),
        deliveries.map(({ delivery }) => delivery.renderError),
      ],
    );
    return events.map(() => undefined);
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
