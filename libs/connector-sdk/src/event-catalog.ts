import type { SectionName } from './context-sections';
import type { EventContext, HookpostEvent } from './event-context';
import { ACTOR, ASSESSMENT, CLIENT, ENGAGEMENT, FINDING, REPORT, SAMPLE_WEBHOOK_CUID } from './sample-data';
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
  /** What previews, tests and docs show; its context carries only the sections above. */
  sample: EventSample;
}

/** The events Hookpost delivers (PlexTrac's, DESIGN §5), then the test event. The order is the catalog's. */
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
