import { BadRequestException } from '@nestjs/common';
import Ajv, { type ErrorObject } from 'ajv';
import { describeEvent, isOperationalEvent } from '@hookpost/connector-sdk';
import { cleanRequestJson } from '../../http/json-hygiene';
import { EVENT_INTAKE_SCHEMA } from './event-intake.schema';
import type { EventInput } from './hookpost-events';

/** Compiled once: validating an event allocates no class instance and walks the body once. */
const check = new Ajv({ allErrors: true, removeAdditional: true, strict: true }).compile(EVENT_INTAKE_SCHEMA);

/**
 * Validates and normalises an event in place: strings cleaned, nulls treated as absent, unknown
 * context fields dropped. Throws a 400 naming every field that is wrong, or a missing target.
 */
export function validateEventInput(body: unknown): EventInput {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new BadRequestException(['body must be a JSON object']);
  }
  const input = dropNulls(cleanRequestJson(body as Record<string, unknown>));
  if (isOperationalEvent(String(input.event)))
    throw new BadRequestException([
      `event ${String(input.event)} is raised by Hookpost itself; producers cannot send it`,
    ]);
  if (!check(input)) throw new BadRequestException(readableErrors(check.errors ?? []));
  const event = input as unknown as EventInput;
  const problem = targetProblem(event);
  if (problem) throw new BadRequestException([problem]);
  return event;
}

/** An event with a target type needs its target, and only one of the two ways to give it. */
function targetProblem(event: EventInput): string | null {
  if (event.targetCuid !== undefined && event.targetCuids !== undefined) {
    return 'targetCuid and targetCuids are mutually exclusive; send one';
  }
  if (event.targetCuid !== undefined || event.targetCuids !== undefined) return null;
  const { targetType } = describeEvent(event.event);
  return `targetCuid is required: a ${event.event} event is about a ${targetType} (or send targetCuids)`;
}

/** Producers often send `null` for "no value": the same as leaving the field out, at every level. */
function dropNulls(value: Record<string, unknown>): Record<string, unknown> {
  for (const [key, item] of Object.entries(value)) {
    if (item === null) delete value[key];
    else if (typeof item === 'object' && !Array.isArray(item)) dropNulls(item as Record<string, unknown>);
    else if (Array.isArray(item)) item.forEach((element) => isObject(element) && dropNulls(element));
  }
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  object: 'an object',
  array: 'an array',
};

/** Ajv's errors as the API's other 400s read: `context.report.id must be an integer`. */
function readableErrors(errors: ErrorObject[]): string[] {
  const messages = errors
    .filter((error) => error.propertyName === undefined) // propertyNames reports each name twice
    .map((error) => {
      const field = fieldName(error);
      const params = error.params as Record<string, unknown>;
      switch (error.keyword) {
        case 'propertyNames':
          return `property ${String(params.propertyName)} should not exist`;
        case 'required':
          return `${field ? `${field}.` : ''}${String(params.missingProperty)} is required`;
        case 'type':
          return `${field} must be ${TYPE_NAMES[String(params.type)] ?? String(params.type)}`;
        case 'enum':
          return `${field} must be one of: ${(params.allowedValues as string[]).join(', ')}`;
        case 'minLength':
          return `${field} must not be empty`;
        case 'maxLength':
          return `${field} must be at most ${String(params.limit)} characters long`;
        case 'minimum':
        case 'maximum':
          return `${field} must be an integer from 0 to ${Number.MAX_SAFE_INTEGER}`;
        case 'minItems':
          return `${field} must contain at least 1 element`;
        default:
          return `${field} ${error.message ?? 'is invalid'}`;
      }
    });
  return [...new Set(messages)];
}

/** `/context/report/customFields/0/label` → `context.report.customFields[0].label`. */
function fieldName(error: ErrorObject): string {
  return error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}
