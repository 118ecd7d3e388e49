import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { createId } from '@paralleldrive/cuid2';
import { Delivery } from './delivery.entity';

/** `TEMPLATE_ERROR`: the message template failed to render, so nothing was sent. */
export type AttemptErrorCode =
  | 'TIMEOUT'
  | 'DNS_ERROR'
  | 'CONNECTION_ERROR'
  | 'TLS_ERROR'
  | 'BLOCKED_ADDRESS'
  | 'REDIRECT'
  | 'HTTP_ERROR'
  | 'TEMPLATE_ERROR';

/** One HTTP attempt of a delivery, as the logs API shows it (DESIGN §7). Request body: the delivery's. */
@Entity({ tableName: 'delivery_attempt' })
@Index({ properties: ['webhookCuid', 'createdAt', 'cuid'] })
@Index({ properties: ['deliveryCuid'] })
export class DeliveryAttempt {
  [OptionalProps]?: 'cuid' | 'createdAt';

  @PrimaryKey({ type: 'string', length: 32 })
  cuid: string = createId();

  @ManyToOne(() => Delivery, { mapToPk: true, deleteRule: 'cascade', fieldName: 'delivery_cuid' })
  deliveryCuid!: string;

  @Property({ type: 'string', length: 32 })
  webhookCuid!: string;

  @Property({ type: 'string', length: 64 })
  event!: string;

  @Property({ type: 'integer' })
  attempt!: number;

  @Property({ type: 'string', length: 16 })
  status!: 'succeeded' | 'failed';

  @Property({ type: 'boolean' })
  willRetry!: boolean;

  @Property({ type: 'datetime', nullable: true })
  nextAttemptAt!: Date | null;

  @Property({ type: 'integer', nullable: true })
  statusCode!: number | null;

  @Property({ type: 'integer' })
  durationMs!: number;

  @Property({ type: 'string', length: 32, nullable: true })
  errorCode!: AttemptErrorCode | null;

  @Property({ type: 'text', nullable: true })
  error!: string | null;

  /** Headers as sent (signatures included: they reveal nothing of the secret and help debugging). */
  @Property({ type: 'json' })
  requestHeaders!: Record<string, string>;

  @Property({ type: 'text', nullable: true })
  responseBody!: string | null;

  @Index()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
