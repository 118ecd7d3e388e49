import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** Longest key kept; a longer one is cut, as a key only has to tell repeats apart. */
const MAX_KEY_LENGTH = 200;

/**
 * The optional `Idempotency-Key` header, trimmed (undefined when absent or blank). A decorator of
 * its own rather than `@Headers()`, which the OpenAPI document would list as a required header.
 */
export const IdempotencyKey = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const value: unknown = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers[
    'idempotency-key'
  ];
  return (typeof value === 'string' && value.trim().slice(0, MAX_KEY_LENGTH)) || undefined;
});
