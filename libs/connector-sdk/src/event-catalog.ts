import type { SectionName } from './context-sections';
import type { EventContext, HookpostEvent } from './event-context';
import {
  ACTOR,
  ASSESSMENT,
  CLIENT,
  ENGAGEMENT,
  FAILED_DELIVERY,
  FINDING,
  REPORT,
  SAMPLE_WEBHOOK_CUID,
  WEBHOOK,
} from './sample-data';
import { variableNamesFor } from './template-variables';

/** A realistic event of one type, less what `sampleEvent` adds (cuid, event, names, actor, time). */
export type EventSample = Omit<
  HookpostEvent,
  'cuid' | 'event' | 'eventName' | 'targetType' | 'actorCuid' | 'occurredAt' | 'context'
> & { context: EventContext };

/**
 * One event type, described once. Intake's validation, the OpenAPI schemas, the catalog API with
 * its variables, matching on statuses and the samples are all derived from it.
 */
export interface EventDefinition {
  name: string;
  description: string;
  targetType: string;
  /**
   * The context sections it carries (context-sections.ts): intake keeps these and drops others,
   * the OpenAPI document shows them, and its template variables are theirs plus the event's own.
   */
  context: readonly SectionName[];
  /** A webhook may list the statuses that trigger it, matched against the event's `status`. */
  statuses?: boolean;
  /** May be about many targets at once (`targetCuids`): its largest sample carries 1,000. */
  manyTargets?: boolean;
  /** Sent by test connection only: not in the catalog, and no webhook subscribes to it. */
  testOnly?: boolean;
  /**
   * Raised by Hookpost itself about its own deliveries (DESIGN §12): subscribed like any other, but
   * never taken from producers, and never raised about a delivery of one of them.
   */
  operational?: boolean;
  /**
   * The message a webhook whose message is still its connector's default sends for this event, for
   * events the connectors' defaults (written for reports and findings) would say nothing about.
   */
  defaultMessage?: string;
  /** What previews, tests and docs show; its context carries only the sections above. */
  sample: EventSample;
}

/** Who raises the operational events: their `actor` and `actorCuid`. */
export const HOOKPOST_ACTOR = { cuid: 'hookpost', name: 'Hookpost' };

/** The events Hookpost delivers (PlexTrac's, DESIGN §5; its own, §12), then the test event. The order is the catalog's. */
export const EVENT_DEFINITIONS = {
  ReportPublished: {
    name: 'Report published',
    description: "A report's status becomes Published.",
    targetType: 'report',
    context: ['client', 'report', 'actor'],
    sample: {
      targetCuid: REPORT.cuid,
      clientId: CLIENT.id,
      reportId: REPORT.id,
      status: 'Published',
      context: { actor: ACTOR, client: CLIENT, report: REPORT },
    },
  },
  ReportStatusChanged: {
    name: 'Report status changed',
    description: "A report's status changes; a webhook may list the statuses that trigger it.",
    targetType: 'report',
    context: ['client', 'report', 'actor'],
    statuses: true,
    sample: {
      targetCuid: REPORT.cuid,
      clientId: CLIENT.id,
      reportId: REPORT.id,
      status: 'In Review',
      context: { actor: ACTOR, client: CLIENT, report: { ...REPORT, status: 'In Review' } },
    },
  },
  FindingPublished: {
    name: 'Finding published',
    description: 'One or more findings are published.',
    targetType: 'finding',
    context: ['client', 'report', 'finding', 'actor'],
    manyTargets: true,
    sample: {
      targetCuid: FINDING.cuid,
      clientId: CLIENT.id,
      reportId: REPORT.id,
      findingId: FINDING.id,
      context: { actor: ACTOR, client: CLIENT, report: REPORT, finding: FINDING },
    },
  },
  AssessmentSubmitted: {
    name: 'Assessment submitted',
    description: 'An assessment is submitted.',
    targetType: 'assessment',
    context: ['client', 'report', 'assessment', 'actor'],
    sample: {
      targetCuid: ASSESSMENT.cuid,
      clientId: CLIENT.id,
      reportId: REPORT.id,
      assessmentId: ASSESSMENT.id,
      context: { actor: ACTOR, client: CLIENT, report: REPORT, assessment: ASSESSMENT },
    },
  },
  SchedulerEngagementSubmitted: {
    name: 'Engagement requested',
    description: 'An engagement request arrives from the scheduler.',
    targetType: 'engagement',
    context: ['client', 'engagement', 'actor'],
    sample: {
      targetCuid: ENGAGEMENT.cuid,
      clientId: CLIENT.id,
      context: { actor: ACTOR, client: CLIENT, engagement: ENGAGEMENT },
    },
  },
  WebhookFailing: {
    name: 'Webhook failing',
    description:
      'A webhook reached HOOKPOST_ALERT_AFTER_FAILURES failed attempts in a row (default 5); once per run of failures.',
    targetType: 'webhook',
    context: ['webhook', 'actor'],
    operational: true,
    defaultMessage:
      'Webhook %WEBHOOK_NAME% is failing: %WEBHOOK_CONSECUTIVE_FAILURES% attempts in a row have failed since ' +
      '%WEBHOOK_FAILING_SINCE%. Last error: %WEBHOOK_LAST_ERROR%',
    sample: {
      targetCuid: WEBHOOK.cuid,
      context: { actor: HOOKPOST_ACTOR, webhook: WEBHOOK },
    },
  },
  WebhookDisabled: {
    name: 'Webhook disabled',
    description:
      'Hookpost disabled a webhook: its endpoint answered 410 Gone, or it failed without a success for HOOKPOST_DISABLE_AFTER (default 5 days).',
    targetType: 'webhook',
    context: ['webhook', 'actor'],
    operational: true,
    defaultMessage:
      'Webhook %WEBHOOK_NAME% was disabled: %WEBHOOK_DISABLED_REASON%. It sends nothing until it is enabled again.',
    sample: {
      targetCuid: WEBHOOK.cuid,
      context: {
        actor: HOOKPOST_ACTOR,
        webhook: { ...WEBHOOK, disabledReason: 'The endpoint answered 410 Gone' },
      },
    },
  },
  DeliveryFailed: {
    name: 'Delivery failed',
    description:
      'A delivery used its last retry (or failed in a way no retry can fix) and will not be sent again.',
    targetType: 'webhook',
    context: ['webhook', 'delivery', 'actor'],
    operational: true,
    defaultMessage:
      'A %DELIVERY_EVENT% delivery to webhook %WEBHOOK_NAME% failed after %DELIVERY_ATTEMPTS% attempts: %DELIVERY_ERROR%',
    sample: {
      targetCuid: WEBHOOK.cuid,
      context: { actor: HOOKPOST_ACTOR, webhook: WEBHOOK, delivery: FAILED_DELIVERY },
    },
  },
  WebhookTest: {
    name: 'Webhook test',
    description: 'Sent by test connection only.',
    targetType: 'webhook',
    context: ['actor'],
    testOnly: true,
    sample: { targetCuid: SAMPLE_WEBHOOK_CUID, context: { actor: ACTOR } },
  },
} satisfies Record<string, EventDefinition>;

type Definitions = typeof EVENT_DEFINITIONS;

/** Every described event, the test event included. */
export type DescribedEvent = keyof Definitions;

/** The events a webhook can subscribe to. */
export type EventType = {
  [E in DescribedEvent]: Definitions[E] extends { testOnly: true } ? never : E;
}[DescribedEvent];

export const TEST_EVENT = 'WebhookTest' satisfies DescribedEvent;

const DESCRIBED = Object.keys(EVENT_DEFINITIONS) as DescribedEvent[];

/** The definition of a described event, or undefined for any other string. */
export function eventDefinition(event: string): EventDefinition | undefined {
  return Object.hasOwn(EVENT_DEFINITIONS, event) ? EVENT_DEFINITIONS[event as DescribedEvent] : undefined;
}

export const EVENT_TYPES: readonly EventType[] = DESCRIBED.filter(
  (event): event is EventType => !eventDefinition(event)?.testOnly,
);

/** Hookpost's own events about its deliveries (DESIGN §12). */
export const OPERATIONAL_EVENT_TYPES: readonly EventType[] = EVENT_TYPES.filter(isOperationalEvent);

/** The events producers send: over HTTP intake and on the event bus. */
export const PRODUCER_EVENT_TYPES: readonly EventType[] = EVENT_TYPES.filter(
  (event) => !isOperationalEvent(event),
);

export function isOperationalEvent(event: string): boolean {
  return eventDefinition(event)?.operational === true;
}

/** The events whose webhooks may list trigger statuses (DESIGN §4 `statuses`). */
export const STATUS_EVENTS: readonly EventType[] = EVENT_TYPES.filter(hasStatuses);

/** One entry of `GET /api/internal/webhookevents` (DESIGN §4): exactly these keys. */
export interface EventDescription {
  event: EventType;
  name: string;
  description: string;
  targetType: string;
  variables: string[];
}

export const EVENT_CATALOG: readonly EventDescription[] = EVENT_TYPES.map((event) => {
  const { name, description, targetType, context } = EVENT_DEFINITIONS[event];
  return { event, name, description, targetType, variables: variableNamesFor(context) };
});

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}

export function hasStatuses(event: string): boolean {
  return eventDefinition(event)?.statuses === true;
}

export function describeEvent(event: string): { name: string; targetType: string } {
  const found = eventDefinition(event);
  return found ? { name: found.name, targetType: found.targetType } : { name: event, targetType: 'unknown' };
}
