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

/** Length of every long text in the largest sample: a long report name or custom field, a few KB. */
const LONG_TEXT_LENGTH = 4096;
/** A big real report and a big FindingPublished: custom fields, label length, targets per event. */
const MAX_CUSTOM_FIELDS = 100;
const MAX_LABEL_LENGTH = 200;
const MAX_TARGETS = 1000;
/** Prose with the characters connectors escape, so escaping grows it as it would grow real text. */
const FILLER =
  ' Notes & <details>: "quoted", *bold*, _italic_, `code`, ~strike~ and a [link](https://x.example).';
const LONG_FIELDS = new Set(['name', 'title']);

/**
 * The biggest realistic event of that type: every name and title a few KB long, URLs too, a report
 * with 100 custom fields, and for FindingPublished 1,000 `targetCuids`. Templates are tried against
 * it at save, preview and test, so one that passes there fits the render budget for real events
 * (a larger event may still stop at the budget, failing only that delivery). Deterministic, like
 * `sampleEvent`.
 */
export function largestSampleEvent(event: EventType | typeof TEST_EVENT): HookpostEvent {
  const context: EventContext = Object.fromEntries(
    Object.entries(sampleEvent(event).context).map(([section, fields]) => [section, lengthen(fields)]),
  );
  if (context.report) {
    context.report.customFields = Array.from({ length: MAX_CUSTOM_FIELDS }, (_, index) => ({
      label: padded(`Custom field ${index + 1}`, MAX_LABEL_LENGTH),
      value: padded(`Value ${index + 1}`, LONG_TEXT_LENGTH),
    }));
  }
  const targetCuids = Array.from(
    { length: MAX_TARGETS },
    (_, i) => `cm1finding${String(i).padStart(15, '0')}`,
  );
  return sampleEvent(event, event === 'FindingPublished' ? { targetCuids, context } : { context });
}

/** The section with its names, titles and URLs made long; ids, statuses and severities stay as they are. */
function lengthen(fields: object): object {
  const long = ([key, value]: [string, unknown]) => {
    if (typeof value !== 'string') return [key, value];
    if (key === 'url') return [key, `${value}?ref=${'0123456789abcdef'.repeat(LONG_TEXT_LENGTH / 16)}`];
    return [key, LONG_FIELDS.has(key) ? padded(value, LONG_TEXT_LENGTH) : value];
  };
  return Object.fromEntries(Object.entries(fields).map(long));
}

function padded(text: string, length: number): string {
  return (text + FILLER.repeat(Math.ceil(length / FILLER.length))).slice(0, length);
}
