import { Injectable } from '@nestjs/common';
import type { EventFacts } from './entities/event.entity';
import { SqlPool } from './sql-pool';

/** An event and its deliveries, as intake stores them. */
export interface OutboxEvent {
  cuid: string;
  event: string;
  facts: EventFacts;
  idempotencyKey: string | null;
  occurredAt: Date;
  deliveries: OutboxDelivery[];
}

export interface OutboxDelivery {
  cuid: string;
  webhookCuid: string;
  /** Due now, or held until then by the process that will attempt it (a lease). */
  nextAttemptAt: Date;
}

export interface StoredEvent {
  cuid: string;
  deliveries: number;
}

/** The transactional outbox: events and their deliveries, written together or not at all. */
@Injectable()
export class OutboxRepository {
  constructor(private readonly sql: SqlPool) {}

  /**
   * Events and all their deliveries in one statement: atomic without a transaction's round trips.
   * Returns the cuids of the deliveries stored: a webhook deleted since it was matched (another
   * process's cache may be a second old) is skipped.
   */
  async insert(events: OutboxEvent[]): Promise<Set<string>> {
    const deliveries = events.flatMap((event) => event.deliveries.map((delivery) => ({ event, delivery })));
    const stored = await this.sql.query<{ cuid: string }>(
      `with event_rows as (
         insert into event (cuid, event, facts, idempotency_key, delivery_count, occurred_at, created_at)
         select cuid, event, facts, key, count, at, at
           from unnest($1::text[], $2::text[], $3::jsonb[], $4::text[], $5::int[], $6::timestamptz[])
             as e(cuid, event, facts, key, count, at)
       )
       insert into delivery (cuid, event_cuid, webhook_cuid, event, next_attempt_at, created_at, updated_at)
       select d.cuid, d.event_cuid, d.webhook_cuid, d.event, d.next_at, d.at, d.at
         from unnest($7::text[], $8::text[], $9::text[], $10::text[], $11::timestamptz[], $12::timestamptz[])
           as d(cuid, event_cuid, webhook_cuid, event, next_at, at)
         join webhook w on w.cuid = d.webhook_cuid
       returning delivery.cuid`,
      [
        events.map((e) => e.cuid),
        events.map((e) => e.event),
        events.map((e) => JSON.stringify(e.facts)),
        events.map((e) => e.idempotencyKey),
        events.map((e) => e.deliveries.length),
        events.map((e) => e.occurredAt),
        deliveries.map(({ delivery }) => delivery.cuid),
        deliveries.map(({ event }) => event.cuid),
        deliveries.map(({ delivery }) => delivery.webhookCuid),
        deliveries.map(({ event }) => event.event),
        deliveries.map(({ delivery }) => delivery.nextAttemptAt),
        deliveries.map(({ event }) => event.occurredAt),
      ],
    );
    return new Set(stored.map((row) => row.cuid));
  }

  /** The answer an earlier event with this idempotency key (or client-given cuid) got. */
  async findByKey(key: string): Promise<StoredEvent | null> {
    const [earlier] = await this.sql.query<StoredEvent>(
      'select cuid, delivery_count as deliveries from event where idempotency_key = $1',
      [key],
    );
    return earlier ?? null;
  }
}
