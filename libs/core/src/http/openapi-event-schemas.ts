import {
  EVENT_DEFINITIONS,
  eventInputSchema,
  PRODUCER_EVENT_TYPES,
  SECTION_NAMES,
  sampleInput,
  sectionSchema,
  STATUS_EVENTS,
  type JsonSchema,
  type SectionName,
} from '@hookpost/connector-sdk';

/*
 * The event intake's schemas in the OpenAPI document, derived from the event definitions in the
 * SDK: one component per context section, one per event type (`ReportPublishedInput`…) and their
 * union on `event` (`EventInput`, the body of `POST /api/internal/events`). Operational events are
 * not in the union (Hookpost raises them); their context sections are documented all the same.
 */

export const EVENT_INPUT_SCHEMA = 'EventInput';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** `report` → `ReportContext`. */
export function sectionSchemaName(section: SectionName): string {
  return `${section[0].toUpperCase()}${section.slice(1)}Context`;
}

/** `ReportPublished` → `ReportPublishedInput`. */
export function eventInputSchemaName(event: string): string {
  return `${event}Input`;
}

export function eventSchemaComponents(): Record<string, JsonSchema> {
  const sections = SECTION_NAMES.map((section) => [
    sectionSchemaName(section),
    sectionSchema(section, false),
  ]);
  const events = PRODUCER_EVENT_TYPES.map((event) => [
    eventInputSchemaName(event),
    { ...eventInputSchema(event, (section) => ref(sectionSchemaName(section))), example: sampleInput(event) },
  ]);
  const mapping = Object.fromEntries(
    PRODUCER_EVENT_TYPES.map((event) => [event, ref(eventInputSchemaName(event)).$ref]),
  );
  return {
    ...Object.fromEntries([...sections, ...events]),
    [EVENT_INPUT_SCHEMA]: {
      description: `One event, by its type: ${PRODUCER_EVENT_TYPES.map((e) => `${e} (${EVENT_DEFINITIONS[e].name})`).join(', ')}`,
      oneOf: PRODUCER_EVENT_TYPES.map((event) => ref(eventInputSchemaName(event))),
      discriminator: { propertyName: 'event', mapping },
    },
    // Not referenced by a route: the console reads it (as a generated constant) to know which
    // events a webhook's `statuses` apply to, as the catalog API's fixed shape cannot say so.
    StatusEventType: {
      type: 'string',
      enum: STATUS_EVENTS,
      description: "The events a webhook's statuses apply to (its trigger statuses)",
    },
  };
}

export const EVENT_INPUT_BODY = ref(EVENT_INPUT_SCHEMA);
