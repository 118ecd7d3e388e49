import { Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import type { EventContext, EventIds } from '@hookpost/connector-sdk';

/** What a producer told us, with defaults filled in; deliveries render from it. */
export interface EventFacts extends EventIds {
  clientCuid?: string;
  context: EventContext;
}

@Entity({ tableName: 'event' })
export class EventRecord {
  [OptionalProps]?: 'createdAt' | 'idempotencyKey' | 'deliveryCount';

  @PrimaryKey({ type: 'string', length: 64 })
  cuid!: string;

  @Property({ type: 'string', length: 64 })
  event!: string;

  @Property({ type: 'json' })
  facts!: EventFacts;

  /** A repeat with the same key returns the first answer and creates nothing. */
  @Unique()
  @Property({ type: 'string', length: 200, nullable: true })
  idempotencyKey: string | null = null;

  @Property({ type: 'integer' })
  deliveryCount: number = 0;

  @Property({ type: 'datetime' })
  occurredAt!: Date;

  @Index()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
