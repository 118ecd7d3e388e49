import { describeEvent, EVENT_TYPES, TEST_EVENT, type EventType } from './event-catalog';
import type { EventContext, HookpostEvent } from './event-context';

/**
 * Realistic, fixed events for previews, docs and tests. Deterministic on purpose (no clock, no
 * random ids) so a preview or a snapshot is the same every time.
 */

const APP = 'https://plextrac.example.com';

const ACTOR = { cuid: 'cm1actor0000jane0doe00001', name: 'Jane Doe' };
const CLIENT = { id: 42, cuid: 'cm1client000acme0corp0001', name: 'Acme Corp' };
const REPORT = {
  id: 1337,
  cuid: 'cm1report00q30pentest0001',
  name: 'Q3 External Penetration Test',
  status: 'Published',
  url: `${APP}/client/42/report/1337`,
  customFields: [
    { label: 'Engagement Lead', value: 'Sam Rivera' },
    { label: 'Ticket', value: 'SEC-2024-118' },
  ],
};
const FINDING = {
  id: 9001,
  cuid: 'cm1finding0sqli0login00001',
  title: 'SQL injection in login form',
  severity: 'Critical',
  url: `${APP}/client/42/report/1337/finding/9001`,
};
const SECOND_FINDING_CUID = 'cm1finding0xss0search00002';
const ASSESSMENT = {
  id: 77,
  cuid: 'cm1assess00soc2readiness1',
  name: 'SOC 2 Readiness',
  url: `${APP}/client/42/assessment/77`,
};
const ENGAGEMENT = {
  id: 512,
  cuid: 'cm1engage00webapp2025q100',
  name: 'Web application test, 2025 Q1',
  url: `${APP}/scheduler/engagement/512`,
};

type SampleShape = Omit<
  HookpostEvent,
  'cuid' | 'event' | 'eventName' | 'targetType' | 'actorCuid' | 'occurredAt'
>;

const SHAPES: Record<EventType | typeof TEST_EVENT, SampleShape> = {
  ReportPublished: {
    targetCuid: REPORT.cuid,
    clientId: CLIENT.id,
    reportId: REPORT.id,
    status: 'Published',
    context: { actor: ACTOR, client: CLIENT, report: REPORT },
  },
  ReportStatusChanged: {
    targetCuid: REPORT.cuid,
    clientId: CLIENT.id,
    reportId: REPORT.id,
    status: 'In Review',
    context: { actor: ACTOR, client: CLIENT, report: { ...REPORT, status: 'In Review' } },
  },
  FindingPublished: {
    targetCuid: FINDING.cuid,
    clientId: CLIENT.id,
    reportId: REPORT.id,
    findingId: FINDING.id,
    context: { actor: ACTOR, client: CLIENT, report: REPORT, finding: FINDING },
  },
  AssessmentSubmitted: {
    targetCuid: ASSESSMENT.cuid,
    clientId: CLIENT.id,
    reportId: REPORT.id,
    assessmentId: ASSESSMENT.id,
    context: { actor: ACTOR, client: CLIENT, report: REPORT, assessment: ASSESSMENT },
  },
  SchedulerEngagementSubmitted: {
    targetCuid: ENGAGEMENT.cuid,
    clientId: CLIENT.id,
    context: { actor: ACTOR, client: CLIENT, engagement: ENGAGEMENT },
  },
  WebhookTest: {
    targetCuid: 'cm1webhook0sample00000001',
    context: { actor: ACTOR },
  },
};

/** Fields to change on a sample; `context` sections replace the sample's sections of the same name. */
export type SampleOverrides = Partial<Omit<HookpostEvent, 'context'>> & { context?: EventContext };

/**
 * A realistic event of that type. Giving `targetCuids` turns it into a many-target event
 * (`targetCuid`/`findingId` dropped, as the payload never carries both).
 */
export function sampleEvent(
  event: EventType | typeof TEST_EVENT,
  overrides: SampleOverrides = {},
): HookpostEvent {
  const { context, ...fields } = overrides;
  const shape = SHAPES[event];
  const { name, targetType } = describeEvent(event);
  const sample: HookpostEvent = {
    cuid: 'cm1delivery0000sample0001',
    event,
    eventName: name,
    actorCuid: ACTOR.cuid,
    targetType,
    ...shape,
    occurredAt: '2025-01-15T14:30:00.000Z',
    ...fields,
    context: { ...shape.context, ...context },
  };
  if (fields.targetCuids) {
    delete sample.targetCuid;
    delete sample.findingId;
  }
  // A deep copy, so a caller that edits its sample never changes the next one.
  return structuredClone(sample);
}

/** A FindingPublished event for two findings at once (`targetCuids`, no single `finding` context). */
export function sampleManyFindingsEvent(): HookpostEvent {
  const event = sampleEvent('FindingPublished', { targetCuids: [FINDING.cuid, SECOND_FINDING_CUID] });
  delete event.context.finding;
  return event;
}

/** One sample per catalog event, the many-findings variant and the test event: what a connector must handle. */
export function allSampleEvents(): HookpostEvent[] {
  return [
    ...EVENT_TYPES.map((type) => sampleEvent(type)),
    sampleManyFindingsEvent(),
    sampleEvent(TEST_EVENT),
  ];
}
