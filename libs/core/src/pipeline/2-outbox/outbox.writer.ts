import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { recordId } from '../../persistence/record-id';
import type { EventFacts } from '../../persistence/entities/event.entity';
import { MicroBatcher } from '../../persistence/micro-batcher';
import { OutboxRepository, type OutboxEvent, type StoredEvent } from '../../persistence/outbox.repository';
import type { Subscriber } from '../../persistence/webhook.repository';
import { MetricsService } from '../../observability/metrics.service';
import { DISPATCHER, type Dispatcher, type HeldDelivery } from '../3-dispatch/dispatcher';

const UNIQUE_VIOLATION = '23505';

/** A validated event with the webhooks it goes to. */
export interface EventToStore {
  /** Client-given cuid, if any. */
  cuid?: string;
  event: string;
  facts: EventFacts;
  /** Idempotency-Key header or client-given cuid: a repeat returns the first answer. */
  idempotencyKey: string | null;
  /** The intake span's `traceparent` when tracing is on; each attempt's span is its child. */
  traceParent: string | null;
  subscribers: Subscriber[];
}

export type EventAccepted = StoredEvent;

/**
 * Stage 2: the event and one delivery per subscriber are stored together (the transactional outbox),
 * then handed to the dispatcher. Events without an idempotency key that arrive together share one
 * statement, so a busy intake pays one commit per batch; a keyed event is written alone, so its
 * conflict fails nobody else. Deliveries this process will attempt itself are stored held by it.
 */
@Injectable()
export class OutboxWriter {
  private readonly batcher = new MicroBatcher<OutboxEvent, Set<string>>(async (events) => {
    const stored = await this.outbox.insert(events);
    return events.map(() => stored);
  });

  constructor(
    private readonly outbox: OutboxRepository,
    @Inject(DISPATCHER) private readonly dispatcher: Dispatcher,
    private readonly metrics: MetricsService,
  ) {}

  async store(event: EventToStore): Promise<EventAccepted> {
    const key = event.idempotencyKey;
    if (key) {
      const earlier = await this.outbox.findByKey(key);
      if (earlier) return earlier;
    }
    const occurredAt = new Date();
    const orderKeyOf = (webhook: Subscriber) =>
      webhook.ordering === 'target' ? (event.facts.targetCuid ?? null) : null;
    const free = event.subscribers.filter((webhook) => orderKeyOf(webhook) === null).length;
    const lease = this.dispatcher.leaseFresh(free, occurredAt);
    const heldHere = new Set<string>();
    const row: OutboxEvent = {
      cuid: event.cuid ?? recordId(),
      event: event.event,
      facts: event.facts,
      idempotencyKey: key,
      occurredAt,
      traceParent: event.traceParent,
      deliveries: event.subscribers.map((webhook) => {
        const cuid = recordId();
        const orderKey = orderKeyOf(webhook);
        // A delivery in a target's line waits for its turn; of the others, those the lease covers
        // are held here and the rest are due now.
        if (orderKey !== null) return { cuid, webhookCuid: webhook.cuid, nextAttemptAt: null, orderKey };
        const heldUntil = lease && heldHere.size < lease.count ? lease.until : null;
        if (heldUntil) heldHere.add(cuid);
        return { cuid, webhookCuid: webhook.cuid, nextAttemptAt: heldUntil ?? occurredAt, orderKey };
      }),
    };
    let stored: Set<string>;
    try {
      stored = await (key ? this.outbox.insert([row]) : this.batcher.add(row));
    } catch (error) {
      return this.repeated(error, key, event.cuid);
    }
    this.metrics.recordEvent(event.event);
    const kept = row.deliveries
      .map((delivery, index) => Object.assign(delivery, { webhook: event.subscribers[index] }))
      .filter((delivery) => stored.has(delivery.cuid));
    const [inLine, unordered] = partition(kept, (delivery) => delivery.orderKey !== null);
    const [here, elsewhere] = partition(unordered, (delivery) => heldHere.has(delivery.cuid));
    if (lease && here.length > 0)
      this.dispatcher.attemptHere(here.map((delivery) => held(delivery, row, lease.until)));
    const turns = inLine.map(({ webhookCuid, orderKey }) => ({ webhookCuid, orderKey: orderKey! }));
    const due = elsewhere.map(({ cuid, webhookCuid }) => ({ cuid, webhookCuid, dueAt: occurredAt }));
    await Promise.all([this.dispatcher.dueNow(due), this.dispatcher.giveTurns(turns, occurredAt)]);
    return { cuid: row.cuid, deliveries: row.deliveries.length };
  }

  /** A concurrent repeat won the race for the key: its answer is ours. */
  private async repeated(
    error: unknown,
    key: string | null,
    cuid: string | undefined,
  ): Promise<EventAccepted> {
    if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
    const earlier = key ? await this.outbox.findByKey(key) : null;
    if (earlier) return earlier;
    throw new ConflictException(`An event with cuid ${cuid} already exists with another idempotency key`);
  }
}

/** The items that pass, then the rest, each in their order. */
function partition<T>(items: T[], inFirst: (item: T) => boolean): [T[], T[]] {
  return [items.filter(inFirst), items.filter((item) => !inFirst(item))];
}

/** A fresh delivery as its first attempt needs it, held until `lease`. */
function held(
  delivery: { cuid: string; webhook: Subscriber },
  event: OutboxEvent,
  lease: Date,
): HeldDelivery {
  return {
    cuid: delivery.cuid,
    event: event.event,
    orderKey: null,
    attempts: 0,
    retryBase: 0,
    body: null,
    headers: null,
    facts: event.facts,
    occurredAt: event.occurredAt,
    traceParent: event.traceParent,
    enabled: true,
    webhook: delivery.webhook,
    heldUntil: lease,
  };
}
