import {
  ArgumentMetadata,
  BadRequestException,
  Injectable,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import { cleanRequestJson } from './json-hygiene';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Nest's ValidationPipe with our contract: unknown fields rejected, bodies must be JSON objects,
 * prototype-polluting keys refused before class-transformer ever sees them, messages readable.
 * Bodies arrive cleaned by JsonBodyMiddleware; path and query values are cleaned here.
 */
@Injectable()
export class StrictValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      stopAtFirstError: false,
      exceptionFactory: (errors: ValidationError[]) =>
        new BadRequestException(flattenValidationErrors(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Path and query text reach SQL too: a NUL or lone surrogate there must not become a 500.
    if (metadata.type === 'param' || metadata.type === 'query') value = cleanRequestJson(value);
    const dto = metadata.metatype !== undefined && metadata.metatype !== Object;
    // A body without a DTO is the route's to validate (event intake: a compiled JSON Schema).
    if (metadata.type === 'body' && !dto) return value;
    if (metadata.type === 'body' && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw new BadRequestException(['body must be a JSON object']);
    }
    const forbidden = findForbiddenKey(value);
    if (forbidden) throw new BadRequestException([`property ${forbidden} should not exist`]);
    return super.transform(value, metadata);
  }
}

function findForbiddenKey(value: unknown, depth = 0): string | undefined {
  if (value === null || typeof value !== 'object' || depth > 32) return undefined;
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return key;
    const nested = findForbiddenKey((value as Record<string, unknown>)[key], depth + 1);
    if (nested) return nested;
  }
  return undefined;
}

/** Readable messages for nested errors too: `context.report.url must be a URL address`. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) =>
      parent ? message.replace(error.property, path) : message,
    );
    return [...own, ...flattenValidationErrors(error.children ?? [], path)];
  });
}
