import type { EventContext, EventType } from '@hookpost/connector-sdk';

/** What a producer supplies for one event (DESIGN §4, event intake body). */
export interface EventInput {
  event: EventType;
  cuid?: string;
  actorCuid?: string;
  clientCuid?: string;
  targetType?: string;
  targetCuid?: string;
  targetCuids?: string[];
  clientId?: number;
  reportId?: number;
  findingId?: number;
  assessmentId?: number;
  status?: string;
  context?: EventContext;
}

export type EventInit = Omit<EventInput, 'event'>;

/**
 * Base of the typed events upstream modules emit on the Nest event bus:
 * `await eventEmitter.emitAsync(event.event, event)` resolves once Hookpost has stored the event
 * and its deliveries (and rejects if it could not).
 */
export abstract class HookpostDomainEvent implements EventInput {
  abstract readonly event: EventType;
  cuid?: string;
  actorCuid?: string;
  clientCuid?: string;
  targetType?: string;
  targetCuid?: string;
  targetCuids?: string[];
  clientId?: number;
  reportId?: number;
  findingId?: number;
  assessmentId?: number;
  status?: string;
  context?: EventContext;

  constructor(init: EventInit) {
    Object.assign(this, init);
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
