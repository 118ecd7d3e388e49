/** The events Hookpost delivers (PlexTrac's, plus the test event) and the variables each offers. */
export const EVENT_TYPES = [
  'ReportPublished',
  'ReportStatusChanged',
  'FindingPublished',
  'AssessmentSubmitted',
  'SchedulerEngagementSubmitted',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];
export const TEST_EVENT = 'WebhookTest';

export interface EventDescription {
  event: EventType;
  name: string;
  description: string;
  targetType: string;
  variables: string[];
}

const COMMON = [
  'CLIENT_NAME',
  'CLIENT_ID',
  'CLIENT_CUID',
  'ACTOR_NAME',
  'ACTOR_CUID',
  'EVENT',
  'EVENT_NAME',
  'OCCURRED_AT',
];
const REPORT = [
  'REPORT_NAME',
  'REPORT_ID',
  'REPORT_CUID',
  'REPORT_STATUS',
  'REPORT_URL',
  'REPORT_CUSTOM_FIELD_<label>',
];

export const EVENT_CATALOG: readonly EventDescription[] = [
  {
    event: 'ReportPublished',
    name: 'Report published',
    description: "A report's status becomes Published.",
    targetType: 'report',
    variables: [...COMMON, ...REPORT],
  },
  {
    event: 'ReportStatusChanged',
    name: 'Report status changed',
    description: "A report's status changes; a webhook may list the statuses that trigger it.",
    targetType: 'report',
    variables: [...COMMON, ...REPORT],
  },
  {
    event: 'FindingPublished',
    name: 'Finding published',
    description: 'One or more findings are published.',
    targetType: 'finding',
    variables: [...COMMON, ...REPORT, 'FINDING_TITLE', 'FINDING_SEVERITY', 'FINDING_ID', 'FINDING_URL'],
  },
  {
    event: 'AssessmentSubmitted',
    name: 'Assessment submitted',
    description: 'An assessment is submitted.',
    targetType: 'assessment',
    variables: [...COMMON, ...REPORT, 'ASSESSMENT_NAME', 'ASSESSMENT_ID'],
  },
  {
    event: 'SchedulerEngagementSubmitted',
    name: 'Engagement requested',
    description: 'An engagement request arrives from the scheduler.',
    targetType: 'engagement',
    variables: [...COMMON, 'ENGAGEMENT_NAME'],
  },
];

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}

export function describeEvent(event: string): { name: string; targetType: string } {
  if (event === TEST_EVENT) return { name: 'Webhook test', targetType: 'webhook' };
  const found = EVENT_CATALOG.find((e) => e.event === event);
  return found ? { name: found.name, targetType: found.targetType } : { name: event, targetType: 'unknown' };
}
