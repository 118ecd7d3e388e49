import type { EventContext, EventIds, EventType } from '@hookpost/connector-sdk';

/** What a producer supplies for one event (DESIGN §4, event intake body); missing ids get defaults. */
export interface EventInput extends Partial<EventIds> {
  event: EventType;
  cuid?: string;
  clientCuid?: string;
  context?: EventContext;
}

export type EventInit = Omit<EventInput, 'event'>;

/**
 * Base of the typed events upstream modules emit on the Nest event bus:
 * `await eventEmitter.emitAsync(event.event, event)` resolves once Hookpost has stored the event
 * and its deliveries (and rejects if it could not).
 */
export abstract class HookpostDomainEvent {
  abstract readonly event: EventType;

  constructor(readonly init: EventInit) {}

  toInput(): EventInput {
    return Object.assign({}, this.init, { event: this.event });
  }
}

export class ReportPublishedEvent extends HookpostDomainEvent {
  readonly event = 'ReportPublished' as const;
}

export class ReportStatusChangedEvent extends HookpostDomainEvent {
  readonly event = 'ReportStatusChanged' as const;
}

export class FindingPublishedEvent extends HookpostDomainEvent {
  readonly event = 'FindingPublished' as const;
}

export class AssessmentSubmittedEvent extends HookpostDomainEvent {
  readonly event = 'AssessmentSubmitted' as const;
}

export class SchedulerEngagementSubmittedEvent extends HookpostDomainEvent {
  readonly event = 'SchedulerEngagementSubmitted' as const;
}
