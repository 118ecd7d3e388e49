import { BadRequestException } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import Ajv from 'ajv';
import {
  EVENT_DEFINITIONS,
  OPERATIONAL_EVENT_TYPES,
  PRODUCER_EVENT_TYPES,
  sampleInput,
  sectionSchema,
  STATUS_EVENTS,
  type EventType,
  type SectionName,
} from '@hookpost/connector-sdk';
import { validateEventInput } from '@hookpost/core/pipeline/1-intake/event-intake.validator';
import { previewOpenApiDocument } from './preview-openapi-document';

/**
 * The OpenAPI document (as the console's types are generated from it) against the event
 * definitions, and intake against the document: both must take every sample and refuse the same
 * broken events.
 */
let document: OpenAPIObject;
let schemas: Record<string, Record<string, unknown>>;
let openApiAccepts: (body: unknown) => boolean;

beforeAll(async () => {
  document = await previewOpenApiDocument();
  schemas = document.components?.schemas as typeof schemas;
  // OpenAPI 3.0 keywords Ajv does not know (discriminator, example, nullable) are annotations here.
  const ajv = new Ajv({ strict: false, allErrors: true }).addSchema({ ...document, $id: 'openapi' });
  openApiAccepts = ajv.compile({ $ref: 'openapi#/components/schemas/EventInput' });
});

const intakeAccepts = (body: unknown): boolean => {
  try {
    validateEventInput(structuredClone(body));
    return true;
  } catch (error) {
    if (error instanceof BadRequestException) return false;
    throw error;
  }
};

const resolve = (schema: unknown) => {
  const name = (schema as { $ref: string }).$ref.replace('#/components/schemas/', '');
  return schemas[name];
};

describe('the OpenAPI document of the event intake', () => {
  it.each(PRODUCER_EVENT_TYPES)("describes %s's whole context as its definition does", (event) => {
    const schema = schemas[`${event}Input`] as { properties: Record<string, Record<string, unknown>> };
    expect(schema.properties.event).toEqual({ type: 'string', enum: [event] });
    const context = schema.properties.context.properties as Record<string, unknown>;
    expect(Object.keys(context)).toEqual(EVENT_DEFINITIONS[event].context);
    for (const [section, ref] of Object.entries(context)) {
      expect(resolve(ref)).toEqual(sectionSchema(section as SectionName, false));
    }
  });

  it('takes the union of the events as the body, on `event`', () => {
    const body = document.paths['/api/internal/events'].post?.requestBody as {
      content: Record<string, { schema: unknown }>;
    };
    const union = resolve(body.content['application/json'].schema) as {
      oneOf: unknown[];
      discriminator: { propertyName: string; mapping: Record<string, string> };
    };
    expect(union.oneOf.map((ref) => resolve(ref))).toEqual(
      PRODUCER_EVENT_TYPES.map((e) => schemas[`${e}Input`]),
    );
    expect(union.discriminator.propertyName).toBe('event');
    expect(Object.keys(union.discriminator.mapping)).toEqual(PRODUCER_EVENT_TYPES);
    expect(schemas.StatusEventType.enum).toEqual(STATUS_EVENTS);
  });

  it('says Idempotency-Key and traceparent are optional, and names each once', () => {
    const headers = (document.paths['/api/internal/events'].post?.parameters ?? []).filter(
      (parameter) => 'in' in parameter && parameter.in === 'header',
    );
    expect(headers).toEqual([
      expect.objectContaining({ name: 'traceparent', required: false }),
      expect.objectContaining({ name: 'Idempotency-Key', required: false }),
    ]);
  });
});

describe('intake and the OpenAPI document', () => {
  it.each(PRODUCER_EVENT_TYPES)('both take the sample of %s, and intake keeps all of it', (event) => {
    const body = sampleInput(event);
    expect(openApiAccepts(body)).toBe(true);
    expect(validateEventInput(structuredClone(body))).toEqual(body);
    expect(schemas[`${event}Input`].example).toEqual(body);
  });

  const broken: [string, (body: Record<string, unknown>) => unknown][] = [
    ['no target', ({ targetCuid: _target, ...body }) => body],
    ['both kinds of target', (body) => ({ ...body, targetCuids: ['a'] })],
    ['an unknown top-level field', (body) => ({ ...body, tenant: 'eu' })],
    ['an unknown event', (body) => ({ ...body, event: 'ReportDeleted' })],
    ['a text id', (body) => ({ ...body, clientId: '42' })],
    ['a wrongly typed context field', (body) => ({ ...body, context: { actor: { name: 7 } } })],
    ['an empty target list', ({ targetCuid: _target, ...body }) => ({ ...body, targetCuids: [] })],
  ];

  it.each(
    PRODUCER_EVENT_TYPES.flatMap((event) => broken.map(([label, change]) => [event, label, change] as const)),
  )('%s: both refuse it with %s', (event: EventType, _label, change) => {
    const body = change(sampleInput(event));
    expect({ openApi: openApiAccepts(body), intake: intakeAccepts(body) }).toEqual({
      openApi: false,
      intake: false,
    });
  });

  it.each(OPERATIONAL_EVENT_TYPES)(
    '%s is raised by Hookpost only: neither takes it from a producer',
    (event) => {
      const body = sampleInput(event);
      expect(openApiAccepts(body)).toBe(false);
      expect(() => validateEventInput(structuredClone(body))).toThrow(
        expect.objectContaining({
          response: expect.objectContaining({
            message: [`event ${event} is raised by Hookpost itself; producers cannot send it`],
          }),
        }),
      );
    },
  );
});
