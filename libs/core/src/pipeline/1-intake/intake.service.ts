import { Inject, Injectable } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { describeEvent } from '@hookpost/connector-sdk';
import {
  contextFrom,
  recordFailure,
  traceparentOf,
  type TraceHeaders,
} from '../../observability/trace-context';
import { TRACING, type Tracing } from '../../observability/tracing';
import type { EventFacts } from '../../persistence/entities/event.entity';
import { WebhookMatcher } from './webhook-matcher';
import { OutboxWriter, type EventAccepted } from '../2-outbox/outbox.writer';
import { validateEventInput } from './event-intake.validator';
import type { EventInput } from './hookpost-events';

export type { EventAccepted } from '../2-outbox/outbox.writer';

/**
 * Stage 1: an event in (HTTP or the event bus), validated, matched to the webhooks it goes to and
 * handed to the outbox. Its facts are what every delivery of it is rendered from, at its first
 * attempt: the variables are resolved now, once. With tracing on, each intake is a span
 * (`hookpost.intake`) whose `traceparent` every delivery keeps, so its attempts join the same trace.
 */
@Injectable()
export class IntakeService {
  constructor(
    private readonly matcher: WebhookMatcher,
    private readonly outbox: OutboxWriter,
    @Inject(TRACING) private readonly tracing: Tracing,
  ) {}

  /**
   * For in-process producers: the same validation the HTTP intake applies, on a copy (validation
   * normalises in place, and the caller's objects are the caller's).
   */
  validateAndIngest(input: EventInput, idempotencyKey?: string): Promise<EventAccepted> {
    return this.ingest(validateEventInput(structuredClone(input)), idempotencyKey);
  }

  /**
   * Takes an event that `validateEventInput` accepted. `traceHeaders` are the request's, whose
   * `traceparent` (a producer's span) becomes the intake span's parent.
   */
  async ingest(
    input: EventInput,
    idempotencyKey?: string,
    traceHeaders?: TraceHeaders,
  ): Promise<EventAccepted> {
    const tracer = this.tracing.tracer;
    if (!tracer) return this.store(input, idempotencyKey, null);
    const span = tracer.startSpan(
      'hookpost.intake',
      { kind: SpanKind.INTERNAL, attributes: { 'hookpost.event.type': input.event } },
      contextFrom(traceHeaders),
    );
    try {
      const accepted = await this.store(input, idempotencyKey, traceparentOf(span));
      span.setAttributes({
        'hookpost.event.cuid': accepted.cuid,
        'hookpost.delivery.count': accepted.deliveries,
      });
      return accepted;
    } catch (error) {
      recordFailure(span, error);
      throw error;
    } finally {
      span.end();
    }
  }

  private async store(
    input: EventInput,
    idempotencyKey: string | undefined,
    traceParent: string | null,
  ): Promise<EventAccepted> {
    return this.outbox.store({
      cuid: input.cuid,
      event: input.event,
      facts: factsOf(input),
      idempotencyKey: idempotencyKey ?? input.cuid ?? null,
      traceParent,
      subscribers: await this.matcher.match(input),
    });
  }
}

function factsOf(input: EventInput): EventFacts {
  const { event: _event, cuid: _cuid, context, actorCuid, targetType, ...rest } = input;
  return Object.assign(rest, {
    actorCuid: actorCuid ?? context?.actor?.cuid ?? 'system',
    targetType: targetType ?? describeEvent(input.event).targetType,
    context: context ?? {},
  });
}
