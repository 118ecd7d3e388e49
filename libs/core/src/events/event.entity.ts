import { Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import type { EventContext } from '@hookpost/connector-sdk';

/** What a producer told us, exactly as accepted; deliveries render from it. */
export interface EventFacts {
  actorCuid: string;
  clientCuid?: string;
  targetType: string;
  targetCuid?: string;
  targetCuids?: string[];
  clientId?: number;
  reportId?: number;
  findingId?: number;
  assessmentId?: number;
  status?: string;
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
