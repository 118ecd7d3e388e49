import { Injectable } from '@nestjs/common';
import { describeEvent } from '@hookpost/connector-sdk';
import type { EventFacts } from '../../persistence/entities/event.entity';
import { WebhookMatcher } from './webhook-matcher';
import { OutboxWriter, type EventAccepted } from '../2-outbox/outbox.writer';
import { validateEventInput } from './event-intake.validator';
import type { EventInput } from './hookpost-events';

export type { EventAccepted } from '../2-outbox/outbox.writer';

/**
 * Stage 1: an event in (HTTP or the event bus), validated, matched to the webhooks it goes to and
 * handed to the outbox. Its facts are what every delivery of it is rendered from, at its first
 * attempt: the variables are resolved now, once.
 */
@Injectable()
export class IntakeService {
  constructor(
    private readonly matcher: WebhookMatcher,
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * For in-process producers: the same validation the HTTP intake applies, on a copy (validation
   * normalises in place, and the caller's objects are the caller's).
   */
  validateAndIngest(input: EventInput, idempotencyKey?: string): Promise<EventAccepted> {
    return this.ingest(validateEventInput(structuredClone(input)), idempotencyKey);
  }

  /** Takes an event that `validateEventInput` accepted. */
  async ingest(input: EventInput, idempotencyKey?: string): Promise<EventAccepted> {
    return this.outbox.store({
      cuid: input.cuid,
      event: input.event,
      facts: factsOf(input),
      idempotencyKey: idempotencyKey ?? input.cuid ?? null,
      subscribers: await this.matcher.match(input),
    });
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
