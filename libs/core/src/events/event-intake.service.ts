import { BadRequestException, ConflictException, Inject, Injectable } from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { createId } from '@paralleldrive/cuid2';
import { describeEvent } from '@hookpost/connector-sdk';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { HOOKPOST_CONFIG } from '../config/config.tokens';
import type { HookpostConfig } from '../config/hookpost-config';
import { flattenValidationErrors } from '../http/strict-validation.pipe';
import { ConnectorRegistry } from '../connectors/connector-registry';
import { Delivery } from '../delivery/delivery.entity';
import { DeliveryQueue } from '../delivery/delivery-queue';
import { newDelivery, renderDelivery, toConnectorEvent } from '../delivery/delivery-renderer';
import { MetricsService } from '../observability/metrics.service';
import { Webhook } from '../webhooks/webhook.entity';
import { EventIntakeDto } from './event-intake.dto';
import { EventFacts, EventRecord } from './event.entity';
import type { EventInput } from './hookpost-events';

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
    private readonly em: EntityManager,
    private readonly connectors: ConnectorRegistry,
    private readonly queue: DeliveryQueue,
    private readonly metrics: MetricsService,
    @Inject(HOOKPOST_CONFIG) private readonly config: HookpostConfig,
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
      const { accepted, deliveryCuids } = await this.store(input, key);
      this.metrics.recordEvent(input.event);
      await this.queue.enqueue(
        deliveryCuids.map((cuid) => ({ cuid })),
        this.config.retrySchedule.length,
      );
      return accepted;
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      const earlier = key ? await this.findByKey(key) : null; // a concurrent repeat won the race
      if (earlier) return earlier;
      throw new ConflictException(
        `An event with cuid ${input.cuid} already exists with another idempotency key`,
      );
    }
  }

  private async store(input: EventInput, key: string | null) {
    const occurredAt = new Date();
    const facts = factsOf(input);
    const event = {
      cuid: input.cuid ?? createId(),
      event: input.event,
      facts,
      occurredAt,
      idempotencyKey: key,
    };
    return this.em.fork().transactional(async (em) => {
      const webhooks = await this.matching(em, input);
      const deliveries = webhooks.map((webhook) => {
        const cuid = createId();
        const connector = this.connectors.get(webhook.type);
        const rendered = renderDelivery(
          connector,
          webhook.message,
          toConnectorEvent(cuid, input.event, facts, occurredAt),
        );
        return {
          ...newDelivery(cuid, input.event, rendered, occurredAt),
          eventCuid: event.cuid,
          webhookCuid: webhook.cuid,
        };
      });
      await em.insert(EventRecord, { ...event, deliveryCount: deliveries.length, createdAt: occurredAt });
      if (deliveries.length) await em.insertMany(Delivery, deliveries);
      return {
        accepted: { cuid: event.cuid, deliveries: deliveries.length },
        deliveryCuids: deliveries.map((delivery) => delivery.cuid),
      };
    });
  }

  /** Enabled, subscribed, in client scope and (for status changes) listing the status or none. */
  private matching(
    em: EntityManager,
    input: EventInput,
  ): Promise<Pick<Webhook, 'cuid' | 'type' | 'message'>[]> {
    return em.getConnection().execute(
      `select cuid, type, message from webhook
        where enabled and events @> array[?]::text[]
          and (cardinality(client_cuids) = 0 or ?::text = any(client_cuids))
          and (?::text <> 'ReportStatusChanged' or cardinality(statuses) = 0 or ?::text = any(statuses))`,
      [input.event, input.clientCuid ?? null, input.event, input.status ?? null],
      'all',
      // Inside the intake transaction: without it the query waits for a second pooled connection,
      // and as many concurrent intakes as the pool holds deadlock each other.
      em.getTransactionContext(),
    );
  }

  private async findByKey(key: string): Promise<EventAccepted | null> {
    const earlier = await this.em.fork().findOne(EventRecord, { idempotencyKey: key });
    return earlier ? { cuid: earlier.cuid, deliveries: earlier.deliveryCount } : null;
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
