import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { EventRecord } from './event.entity';
import { Webhook } from './webhook.entity';

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed' | 'cancelled';

/**
 * One event for one webhook (the outbox row). Its cuid is the payload's `cuid`. The body is rendered
 * at the first attempt, from the event's stored facts, and kept: every retry sends the same bytes.
 * `nextAttemptAt` is the delivery's one clock: when it is next due, or until when a worker holds it.
 * Defaults live here, as column defaults, and nowhere else: inserts leave these columns out.
 */
@Entity({ tableName: 'delivery' })
@Index({
  name: 'delivery_due_index',
  expression: `create index "delivery_due_index" on "delivery" ("next_attempt_at") where "status" = 'pending'`,
})
@Index({ properties: ['webhookCuid', 'status', 'createdAt'] })
@Index({ properties: ['eventCuid'] })
@Index({ properties: ['createdAt', 'cuid'] })
@Index({
  name: 'delivery_turns_index',
  expression: `create index "delivery_turns_index" on "delivery" ("webhook_cuid", "order_key", "seq") where "order_key" is not null and "status" = 'pending'`,
})
export class Delivery {
  [OptionalProps]?:
    | 'status'
    | 'attempts'
    | 'retryBase'
    | 'body'
    | 'headers'
    | 'eventCuid'
    | 'orderKey'
    | 'seq'
    | 'traceParent';

  @PrimaryKey({ type: 'string', length: 64 })
  cuid!: string;

  @ManyToOne(() => EventRecord, {
    mapToPk: true,
    nullable: true,
    deleteRule: 'cascade',
    fieldName: 'event_cuid',
  })
  eventCuid!: string | null;

  @ManyToOne(() => Webhook, { mapToPk: true, deleteRule: 'cascade', fieldName: 'webhook_cuid' })
  webhookCuid!: string;

  @Property({ type: 'string', length: 64 })
  event!: string;

  /**
   * For a webhook with `ordering: target`, the target this delivery waits its turn on (its event's
   * targetCuid); null otherwise. A pending delivery with a key and no `nextAttemptAt` is waiting.
   */
  @Property({ type: 'string', length: 64, nullable: true })
  orderKey!: string | null;

  /** Intake order, across every process: the turn of a delivery among those of its key. */
  @Property({ type: 'bigint', autoincrement: true })
  seq!: string;

  @Property({ type: 'string', length: 16, default: 'pending' })
  status!: DeliveryStatus;

  /** Attempts made so far; the next one is `attempts + 1` (X-Hookpost-Attempt). */
  @Property({ type: 'integer', default: 0 })
  attempts!: number;

  /** Attempts made before the current round: a redelivery starts the retry schedule afresh. */
  @Property({ type: 'integer', default: 0 })
  retryBase!: number;

  /** Due at, or held until (a worker's lease); null once the delivery is settled. */
  @Property({ type: 'datetime', nullable: true })
  nextAttemptAt!: Date | null;

  /** The exact bytes every attempt sends; null until the first attempt rendered them. */
  @Property({ type: 'text', nullable: true })
  body!: string | null;

  /** Extra headers the connector asked for (never secrets: signatures are made per attempt). */
  @Property({ type: 'json', nullable: true })
  headers!: Record<string, string> | null;

  /**
   * The W3C `traceparent` of its event's intake span, when tracing is on: each attempt's span is a
   * child of it, so intake and every attempt, retries and redeliveries included, are one trace.
   */
  @Property({ type: 'string', length: 64, nullable: true })
  traceParent!: string | null;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  updatedAt!: Date;
}
