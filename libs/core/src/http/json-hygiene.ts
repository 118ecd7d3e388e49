import { BadRequestException } from '@nestjs/common';

/** Deepest nesting a request body may have; real bodies nest 4–5 levels (an event's custom fields). */
export const MAX_JSON_DEPTH = 32;

/** What replaces a NUL or a lone UTF-16 surrogate: PostgreSQL text cannot hold either. */
const REPLACEMENT = '\ufffd';

export class JsonTooDeepError extends Error {
  constructor() {
    super(`Request body nests deeper than ${MAX_JSON_DEPTH} levels`);
    this.name = 'JsonTooDeepError';
  }
}

/** A string PostgreSQL and every destination can hold: NUL and lone surrogates become U+FFFD. */
export function cleanText(text: string): string {
  const wellFormed = text.isWellFormed() ? text : text.toWellFormed();
  return wellFormed.includes('\0') ? wellFormed.replaceAll('\0', REPLACEMENT) : wellFormed;
}

/**
 * Cleans every string of a parsed JSON value (object keys too) in place and refuses nesting deeper
 * than MAX_JSON_DEPTH. Iterative, so a 10,000-deep body costs a loop, never the call stack.
 */
export function cleanJson<T>(value: T): T {
  if (typeof value === 'string') return cleanText(value) as T;
  const stack: [object, number][] = [];
  if (isContainer(value)) stack.push([value, 1]);
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [container, depth] = next;
    if (depth > MAX_JSON_DEPTH) throw new JsonTooDeepError();
    if (Array.isArray(container)) {
      container.forEach((item: unknown, index) => {
        if (typeof item === 'string') container[index] = cleanText(item);
        else if (isContainer(item)) stack.push([item, depth + 1]);
      });
    } else {
      cleanObject(container as Record<string, unknown>, depth, stack);
    }
  }
  return value;
}

/** cleanJson for a request's body, path or query: too deep is the client's mistake, a 400. */
export function cleanRequestJson<T>(value: T): T {
  try {
    return cleanJson(value);
  } catch (error) {
    if (error instanceof JsonTooDeepError) throw new BadRequestException([error.message]);
    throw error;
  }
}

function cleanObject(object: Record<string, unknown>, depth: number, stack: [object, number][]): void {
  for (const key of Object.keys(object)) {
    const item = object[key];
    const cleanKey = cleanText(key);
    if (cleanKey !== key) {
      delete object[key];
      object[cleanKey] = item;
    }
    if (typeof item === 'string') object[cleanKey] = cleanText(item);
    else if (isContainer(item)) stack.push([item, depth + 1]);
  }
}

function isContainer(value: unknown): value is object {
  return value !== null && typeof value === 'object';
}
