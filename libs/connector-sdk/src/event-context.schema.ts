import {
  CONTEXT_SECTIONS,
  sectionEntries,
  type FieldKind,
  type FieldSpec,
  type SectionName,
  type ValueField,
} from './context-sections';

/*
 * The JSON Schema of an event's `context`, derived from CONTEXT_SECTIONS: what intake keeps and the
 * OpenAPI document shows. Text has no length limit of its own (the request body's 1 MiB bounds it;
 * each connector trims to its destination), and properties not listed are dropped at intake, never
 * refused, so a producer that sends more than Hookpost knows still gets its event delivered.
 */

export type JsonSchema = { [keyword: string]: unknown };

const KIND_SCHEMAS: Record<FieldKind, JsonSchema> = {
  identifier: { type: 'string', minLength: 1, maxLength: 64 },
  number: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
  text: { type: 'string' },
  word: { type: 'string' },
  url: { type: 'string' },
};

/** The schema of one kind of value; the top-level ids of an event use the same ones. */
export function kindSchema(kind: FieldKind): JsonSchema {
  return { ...KIND_SCHEMAS[kind] };
}

function valueSchema(field: ValueField): JsonSchema {
  const variable =
    field.variable && `%${field.variable}%${field.fallback ? ` (else ${field.fallback})` : ''}`;
  const description = [field.description, variable].filter(Boolean).join('; ');
  return { ...kindSchema(field.kind), ...(description && { description }) };
}

/**
 * `closed`: other properties are not allowed, which Ajv's `removeAdditional` turns into "dropped"
 * at intake. A document for producers (OpenAPI) leaves them open, since they are never refused.
 */
function fieldSchema(field: FieldSpec, closed: boolean): JsonSchema {
  if (field.kind !== 'list') return valueSchema(field);
  return {
    type: 'array',
    description: field.description,
    items: objectSchema(undefined, field.item, closed),
  };
}

function objectSchema(
  description: string | undefined,
  fields: Record<string, FieldSpec>,
  closed: boolean,
): JsonSchema {
  const properties = Object.fromEntries(
    Object.entries(fields).map(([name, f]) => [name, fieldSchema(f, closed)]),
  );
  return {
    type: 'object',
    ...(description && { description }),
    properties,
    ...(closed && { additionalProperties: false }),
  };
}

/** One section, e.g. `report`: its fields; others are dropped at intake. */
export function sectionSchema(section: SectionName, closed = true): JsonSchema {
  const { description, fields } = CONTEXT_SECTIONS[section];
  return objectSchema(description, fields, closed);
}

const CONTEXT_DESCRIPTION =
  'Names and values that message variables draw from; fields Hookpost does not know are dropped, not refused';

/**
 * The context of an event that carries `sections`; `section` gives each one's schema (inline and
 * closed by default; a `$ref` in the OpenAPI document).
 */
export function contextSchema(
  sections: readonly SectionName[],
  section: (name: SectionName) => JsonSchema = sectionSchema,
  closed = true,
): JsonSchema {
  const properties = Object.fromEntries(sections.map((name) => [name, section(name)]));
  return {
    type: 'object',
    description: CONTEXT_DESCRIPTION,
    properties,
    ...(closed && { additionalProperties: false }),
  };
}

/** Every section Hookpost knows: the context of an event whose type is not known. */
export const EVENT_CONTEXT_SCHEMA = contextSchema(sectionEntries().map(([name]) => name));
