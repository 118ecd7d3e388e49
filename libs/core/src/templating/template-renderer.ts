import { truncate, type EventContext, type HookpostEvent } from '@hookpost/connector-sdk';
import { compileTemplate, TemplateError, type CompiledTemplate } from './template-sandbox';
import { variablesFor } from './template-variables';

export { TemplateError } from './template-sandbox';
export { CUSTOM_FIELD_PREFIX, VARIABLE_NAMES, isKnownVariable, variablesFor } from './template-variables';

/** Longest template accepted (DESIGN §4: `message` ≤ 10,000 characters). */
export const MAX_TEMPLATE_LENGTH = 10_000;
/** Longest rendered message; connectors trim further to their own limits. */
export const MAX_OUTPUT_LENGTH = 100_000;
/** Compiled templates kept; far above the number of distinct messages a deployment has. */
const CACHE_SIZE = 500;
/** Deeper context than any producer sends is dropped rather than copied. */
const MAX_DEPTH = 6;

const cache = new Map<string, CompiledTemplate>();

/** null when the template is usable, else a readable reason with its line and column. */
export function validateTemplate(template: string): string | null {
  try {
    compiled(template);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Renders a message template for one event. `%NAME%` tokens and `{{NAME}}` give variables
 * (`{{report.name}}`-style paths reach the event context); every value goes through `escape`
 * (the connector's) and nothing else does. Throws `TemplateError` for a template that
 * `validateTemplate` would refuse.
 */
export function renderTemplate(
  template: string,
  event: HookpostEvent,
  escape: (value: string) => string = (value) => value,
): string {
  const variables = variablesFor(event);
  const root = Object.assign(Object.create(null), safeCopy(event.context), variables);
  const output = compiled(template)(root, { escape, variables, budget: { left: MAX_OUTPUT_LENGTH } });
  return truncate(output, MAX_OUTPUT_LENGTH);
}

/** Least-recently-used cache: a Map keeps insertion order, so a hit is moved to the end. */
function compiled(template: string): CompiledTemplate {
  const hit = cache.get(template);
  if (hit) {
    cache.delete(template);
    cache.set(template, hit);
    return hit;
  }
  if (template.length > MAX_TEMPLATE_LENGTH) {
    throw new TemplateError(`Template is ${template.length} characters; the limit is ${MAX_TEMPLATE_LENGTH}`);
  }
  const fresh = compileTemplate(template);
  cache.set(template, fresh);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return fresh;
}

/**
 * The context as prototype-less plain data: producers' JSON may carry `__proto__` or
 * `constructor` keys, which are dropped rather than handed to the template engine.
 */
function safeCopy(value: EventContext | unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? undefined : value;
  if (depth >= MAX_DEPTH) return undefined;
  if (Array.isArray(value)) return value.map((item) => safeCopy(item, depth + 1));
  const copy: Record<string, unknown> = Object.create(null);
  for (const [key, item] of Object.entries(value)) {
    if (key !== '__proto__' && key !== 'constructor' && key !== 'prototype')
      copy[key] = safeCopy(item, depth + 1);
  }
  return copy;
}
