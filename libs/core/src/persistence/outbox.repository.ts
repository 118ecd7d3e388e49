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
  /** The intake span's `traceparent`, kept with each delivery (null when tracing is off). */
  traceParent: string | null;
  deliveries: OutboxDelivery[];
}

export interface OutboxDelivery {
  cuid: string;
  webhookCuid: string;
  /** Due now, held until then by the process that will attempt it (a lease), or null: waiting its turn. */
  nextAttemptAt: Date | null;
  /** The target whose line it waits in (`ordering: target`); null when it waits for nobody. */
  orderKey: string | null;
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
    // Rows travel as one JSON document each way: one parameter to serialise, natively, not arrays of quoted text.
    const eventRows = events.map((e) => ({
      cuid: e.cuid,
      event: e.event,
      facts: e.facts,
      key: e.idempotencyKey,
      count: e.deliveries.length,
      at: e.occurredAt,
    }));
    const deliveryRows = events.flatMap((e) =>
      e.deliveries.map((d) => ({
        cuid: d.cuid,
        event_cuid: e.cuid,
        webhook_cuid: d.webhookCuid,
        event: e.event,
        next_at: d.nextAttemptAt,
        order_key: d.orderKey,
        trace: e.traceParent,
        at: e.occurredAt,
      })),
    );
    const stored = await this.sql.prepared<{ cuid: string }>(
      'outbox-insert',
      `with event_rows as (
         insert into event (cuid, event, facts, idempotency_key, delivery_count, occurred_at, created_at)
         select cuid, event, facts, key, count, at, at
           from json_to_recordset($1::json) as e(cuid text, event text, facts jsonb, key text, count int, at timestamptz)
       )
       insert into delivery (cuid, event_cuid, webhook_cuid, event, next_attempt_at, order_key, trace_parent, created_at, updated_at)
       select d.cuid, d.event_cuid, d.webhook_cuid, d.event, d.next_at, d.order_key, d.trace, d.at, d.at
         from rows from (json_to_recordset($2::json) as (cuid text, event_cuid text, webhook_cuid text, event text,
                next_at timestamptz, order_key text, trace text, at timestamptz)) with ordinality
           as d(cuid, event_cuid, webhook_cuid, event, next_at, order_key, trace, at, n)
         join webhook w on w.cuid = d.webhook_cuid and w.cuid = any((select $3::text[])::text[]) -- key lookups, planned once
        order by d.n -- seq follows intake order, within a batch too
       returning cuid`,
      [
        JSON.stringify(eventRows),
        JSON.stringify(deliveryRows),
        [...new Set(deliveryRows.map((d) => d.webhook_cuid))],
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
