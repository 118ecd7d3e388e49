import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { EventRecord } from '../events/event.entity';
import { Webhook } from '../webhooks/webhook.entity';

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed' | 'cancelled';

/**
 * One event for one webhook (the outbox row). Its cuid is the payload's `cuid` and the Bull job id;
 * its body is rendered once, when the event happens, so every retry sends the same bytes.
 */
@Entity({ tableName: 'delivery' })
@Index({ properties: ['status', 'nextAttemptAt'] })
@Index({ properties: ['webhookCuid', 'status', 'createdAt'] })
@Index({ properties: ['eventCuid'] })
export class Delivery {
  [OptionalProps]?:
    | 'status'
    | 'attempts'
    | 'retryBase'
    | 'nextAttemptAt'
    | 'headers'
    | 'renderError'
    | 'createdAt'
    | 'updatedAt'
    | 'eventCuid';

  @PrimaryKey({ type: 'string', length: 64 })
  cuid!: string;

  @ManyToOne(() => EventRecord, {
    mapToPk: true,
    nullable: true,
    deleteRule: 'cascade',
    fieldName: 'event_cuid',
  })
  eventCuid: string | null = null;

  @ManyToOne(() => Webhook, { mapToPk: true, deleteRule: 'cascade', fieldName: 'webhook_cuid' })
  webhookCuid!: string;

  @Property({ type: 'string', length: 64 })
  event!: string;

  @Property({ type: 'string', length: 16 })
  status: DeliveryStatus = 'pending';

  /** Attempts made so far; the next one is `attempts + 1` (X-Hookpost-Attempt). */
  @Property({ type: 'integer' })
  attempts: number = 0;

  /** Attempts made before the current round: a redelivery starts the retry schedule afresh. */
  @Property({ type: 'integer' })
  retryBase: number = 0;

  /** When the next attempt is due; null once the delivery is settled. The reconciler reads this. */
  @Property({ type: 'datetime', nullable: true })
  nextAttemptAt: Date | null = new Date();

  /** Null when the message template failed to render: then `renderError` says why. */
  @Property({ type: 'text', nullable: true })
  body!: string | null;

  /**
   * Why the webhook's message template failed to render when the event happened. Such a delivery
   * is stored anyway, so the failure shows in its webhook's logs and health, and every attempt
   * of it fails with TEMPLATE_ERROR without sending anything.
   */
  @Property({ type: 'text', nullable: true })
  renderError: string | null = null;

  /** Extra headers the connector asked for (never secrets: signatures are made per attempt). */
  @Property({ type: 'json', nullable: true })
  headers: Record<string, string> | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
