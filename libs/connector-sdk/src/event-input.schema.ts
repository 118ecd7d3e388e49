import { EVENT_DEFINITIONS, STATUS_EVENTS, type EventDefinition, type EventType } from './event-catalog';
import type { SectionName } from './context-sections';
import { contextSchema, kindSchema, sectionSchema, type JsonSchema } from './event-context.schema';

/*
 * The JSON Schema of what a producer sends for one event (DESIGN §4, event intake body), derived
 * from its definition: intake compiles it (libs/core/src/pipeline/1-intake/event-intake.schema.ts)
 * and the OpenAPI document shows it, per event.
 */

const identifier = kindSchema('identifier');
const numericId = kindSchema('number');
const status = { type: 'string', description: 'A status the event is about' };

/** The top-level fields every event may carry, `event` and `context` aside. */
export const EVENT_INPUT_FIELDS: Record<string, JsonSchema> = {
  cuid: { ...identifier, description: 'Client-given id; a repeat with the same cuid creates nothing new' },
  actorCuid: identifier,
  clientCuid: { ...identifier, description: 'Webhooks scoped to clients match on this' },
  targetType: { type: 'string', minLength: 1, maxLength: 40, description: "Default: the event's" },
  targetCuid: { ...identifier, description: 'The object the event is about (or targetCuids for many)' },
  targetCuids: { type: 'array', minItems: 1, items: identifier },
  clientId: numericId,
  reportId: numericId,
  findingId: numericId,
  assessmentId: numericId,
  status: {
    ...status,
    description: `For ${STATUS_EVENTS.join(', ')}: the new status, which webhooks listing statuses match on`,
  },
};

/**
 * Every event names one target: `targetCuid`, or `targetCuids` for many, never both. (Each branch
 * repeats its property so that generated types read as `{ targetCuid } | { targetCuids }`.)
 */
const ONE_TARGET = (['targetCuid', 'targetCuids'] as const).map((name) => ({
  required: [name],
  properties: { [name]: EVENT_INPUT_FIELDS[name] },
}));

/**
 * The whole body of one event type, as a producer should send it: its own `event` value, the
 * common fields, one target and the context sections it carries (`section` gives each one's
 * schema; the OpenAPI document gives a `$ref`). Unknown top-level fields are refused; `context` is
 * left open, since intake drops what it does not know rather than refusing it.
 */
export function eventInputSchema(
  event: EventType,
  section: (name: SectionName) => JsonSchema = (name) => sectionSchema(name, false),
): JsonSchema {
  const definition: EventDefinition = EVENT_DEFINITIONS[event];
  return {
    type: 'object',
    description: `${definition.name}: ${definition.description} About a ${definition.targetType}: targetCuid (or targetCuids) is required.`,
    required: ['event'],
    properties: {
      event: { type: 'string', enum: [event] },
      ...EVENT_INPUT_FIELDS,
      ...(!definition.statuses && { status }),
      context: contextSchema(definition.context, section, false),
    },
    additionalProperties: false,
    oneOf: ONE_TARGET,
  };
}
