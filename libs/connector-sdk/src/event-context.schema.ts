/**
 * The JSON Schema of an event's `context` (see `EventContext`): what intake keeps and the OpenAPI
 * document shows. Text has no length limit of its own (the request body's 1 MiB bounds it; each
 * connector trims to its destination), and properties not listed here are dropped at intake,
 * never refused, so a producer that sends more than Hookpost knows still gets its event delivered.
 */

const text = { type: 'string' } as const;
const identifier = { type: 'string', minLength: 1, maxLength: 64 } as const;
const numericId = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;

function section<P extends Record<string, object>>(description: string, properties: P) {
  return { type: 'object', description, properties, additionalProperties: false } as const;
}

const named = { id: numericId, cuid: identifier, name: text, url: text } as const;

export const EVENT_CONTEXT_SCHEMA = section('Names and values that message variables draw from', {
  actor: section('Who caused the event', { cuid: identifier, name: text }),
  client: section('The client the event concerns', { id: numericId, cuid: identifier, name: text }),
  report: section('The report', {
    ...named,
    status: text,
    customFields: {
      type: 'array',
      description: 'Report custom fields; %REPORT_CUSTOM_FIELD_<label>% reads one by its exact label',
      items: section('One custom field', { label: text, value: text }),
    },
  }),
  finding: section('The finding (one finding; many are given as targetCuids)', {
    id: numericId,
    cuid: identifier,
    title: text,
    severity: text,
    description: text,
    url: text,
  }),
  assessment: section('The assessment', named),
  engagement: section('The engagement request', named),
});
