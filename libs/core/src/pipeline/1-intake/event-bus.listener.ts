import { applyDecorators, Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { PRODUCER_EVENT_TYPES } from '@hookpost/connector-sdk';
import { IntakeService, type EventAccepted } from './intake.service';
import type { HookpostDomainEvent } from './hookpost-events';

/** One listener per producer event (an array name would mean a wildcard namespace to eventemitter2). */
const OnCatalogEvents = () =>
  applyDecorators(
    ...PRODUCER_EVENT_TYPES.map((type) => OnEvent(type, { promisify: true, suppressErrors: false })),
  );

/**
 * In-process intake: upstream modules `emitAsync(event.event, event)`; the promise resolves once the
 * event and its deliveries are stored (and rejects with the reason if they could not be).
 */
@Injectable()
export class EventBusListener {
  constructor(private readonly intake: IntakeService) {}

  @OnCatalogEvents()
  handle(event: HookpostDomainEvent): Promise<EventAccepted> {
    return this.intake.validateAndIngest(event.toInput());
  }
}
