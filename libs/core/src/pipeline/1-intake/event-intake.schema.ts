import { EVENT_CONTEXT_SCHEMA, EVENT_INPUT_FIELDS, PRODUCER_EVENT_TYPES } from '@hookpost/connector-sdk';

const PROPERTIES = {
  event: {
    type: 'string',
    enum: PRODUCER_EVENT_TYPES,
    description:
      'The event type (GET /api/internal/webhookevents; operational events are raised by Hookpost only)',
  },
  ...EVENT_INPUT_FIELDS,
  context: EVENT_CONTEXT_SCHEMA,
};

/**
 * Body of `POST /api/internal/events` and of in-process events (DESIGN §4), derived from the event
 * definitions in the SDK, like the OpenAPI document's schema of each event (`eventInputSchema`).
 * Unknown top-level fields are refused (`propertyNames`), unknown `context` fields dropped
 * (`additionalProperties: false` with Ajv's `removeAdditional`). Every section Hookpost knows is
 * kept whatever the event, as README promises (`{{finding.description}}` on any event): an event's
 * own sections are the ones it documents, lists variables for and samples. Whether a target is
 * given is checked beside the schema, to say so in the event's words.
 */
export const EVENT_INTAKE_SCHEMA = {
  type: 'object',
  required: ['event'],
  properties: PROPERTIES,
  propertyNames: { enum: Object.keys(PROPERTIES) },
};
