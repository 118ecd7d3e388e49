import type { HookpostEvent } from '@hookpost/connector-sdk';

/** Prefix of the per-label report custom field variables, e.g. `%REPORT_CUSTOM_FIELD_Ticket%`. */
export const CUSTOM_FIELD_PREFIX = 'REPORT_CUSTOM_FIELD_';

/** The fixed variable names of DESIGN §6, PlexTrac's names. */
export const VARIABLE_NAMES = [
  'CLIENT_NAME',
  'CLIENT_ID',
  'CLIENT_CUID',
  'REPORT_NAME',
  'REPORT_ID',
  'REPORT_CUID',
  'REPORT_STATUS',
  'REPORT_URL',
  'FINDING_TITLE',
  'FINDING_SEVERITY',
  'FINDING_ID',
  'FINDING_URL',
  'ASSESSMENT_NAME',
  'ASSESSMENT_ID',
  'ENGAGEMENT_NAME',
  'ACTOR_NAME',
  'ACTOR_CUID',
  'EVENT',
  'EVENT_NAME',
  'OCCURRED_AT',
] as const;

type VariableName = (typeof VARIABLE_NAMES)[number];

const FIXED_NAMES: ReadonlySet<string> = new Set(VARIABLE_NAMES);

/** A name a template may use: a fixed one, or a custom field of any label (empty when the report lacks it). */
export function isKnownVariable(name: string): boolean {
  return (
    FIXED_NAMES.has(name) ||
    (name.startsWith(CUSTOM_FIELD_PREFIX) && name.length > CUSTOM_FIELD_PREFIX.length)
  );
}

/**
 * Every variable's value for this event, as text; missing values are ''. The object has no
 * prototype, so a custom field labelled `__proto__` or `constructor` is just data.
 */
export function variablesFor(event: HookpostEvent): Record<string, string> {
  const { actor, client, report, finding, assessment, engagement } = event.context;
  const fixed: Record<VariableName, unknown> = {
    CLIENT_NAME: client?.name,
    CLIENT_ID: client?.id ?? event.clientId,
    CLIENT_CUID: client?.cuid,
    REPORT_NAME: report?.name,
    REPORT_ID: report?.id ?? event.reportId,
    REPORT_CUID: report?.cuid,
    REPORT_STATUS: report?.status ?? event.status,
    REPORT_URL: report?.url,
    FINDING_TITLE: finding?.title,
    FINDING_SEVERITY: finding?.severity,
    FINDING_ID: finding?.id ?? event.findingId,
    FINDING_URL: finding?.url,
    ASSESSMENT_NAME: assessment?.name,
    ASSESSMENT_ID: assessment?.id ?? event.assessmentId,
    ENGAGEMENT_NAME: engagement?.name,
    ACTOR_NAME: actor?.name,
    ACTOR_CUID: actor?.cuid ?? event.actorCuid,
    EVENT: event.event,
    EVENT_NAME: event.eventName,
    OCCURRED_AT: event.occurredAt,
  };
  const variables: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(fixed)) variables[name] = asText(value);
  for (const field of report?.customFields ?? []) {
    if (typeof field?.label === 'string') variables[CUSTOM_FIELD_PREFIX + field.label] = asText(field.value);
  }
  return variables;
}

function asText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : '';
}
