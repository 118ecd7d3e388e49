import { EVENT_CONTEXT_SCHEMA, EVENT_TYPES } from '@hookpost/connector-sdk';

const identifier = { type: 'string', minLength: 1, maxLength: 64 } as const;
const numericId = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;

const PROPERTIES = {
  event: {
    type: 'string',
    enum: EVENT_TYPES,
    description: 'The event type (GET /api/internal/webhookevents)',
  },
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
  status: { type: 'string', description: 'For ReportStatusChanged: the new status' },
  context: EVENT_CONTEXT_SCHEMA,
} as const;

/**
 * Body of `POST /api/internal/events` and of in-process events (DESIGN §4). Unknown top-level fields
 * are refused (`propertyNames`), unknown `context` fields dropped (`additionalProperties: false`
 * with Ajv's `removeAdditional`). Whether a target is given is checked beside the schema, since the
 * rule reads the catalog.
 */
export const EVENT_INTAKE_SCHEMA = {
  type: 'object',
  required: ['event'],
  properties: PROPERTIES,
  propertyNames: { enum: Object.keys(PROPERTIES) },
} as const;
