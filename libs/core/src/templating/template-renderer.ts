import { truncate, variablesFor, type EventContext, type HookpostEvent } from '@hookpost/connector-sdk';
import { RenderBudget } from './render-budget';
import { TemplateBudgetError, TemplateError } from './template-error';
import { compileTemplate, toTemplateError, type CompiledTemplate } from './template-sandbox';

export {
  MAX_LOOP_ITERATIONS,
  MAX_RENDER_CHARACTERS,
  MAX_RENDER_MS,
  MAX_RENDER_OPERATIONS,
} from './render-budget';
export { TemplateBudgetError, TemplateError } from './template-error';

/** Longest template accepted (DESIGN §4: `message` ≤ 10,000 characters). */
export const MAX_TEMPLATE_LENGTH = 10_000;
/** Longest rendered message; connectors trim further to their own limits. */
export const MAX_OUTPUT_LENGTH = 100_000;
/** Compiled templates kept; far above the number of distinct messages a deployment has. */
const CACHE_SIZE = 500;
/** Renders a template gets when only the clock stopped it. */
const CLOCK_ATTEMPTS = 2;
/** Deeper context than any producer sends is dropped rather than copied. */
const MAX_DEPTH = 6;

const cache = new Map<string, CompiledTemplate | TemplateError>();

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
 * `validateTemplate` would refuse, and `TemplateBudgetError` as soon as a render passes the
 * render budget (render-budget.ts); any other failure while rendering is a `TemplateError` too.
 */
export function renderTemplate(
  template: string,
  event: HookpostEvent,
  escape: (value: string) => string = (value) => value,
): string {
  const render = compiled(template);
  const variables = variablesFor(event);
  const root = Object.assign(Object.create(null), safeCopy(event.context), variables);
  for (let attempt = 1; ; attempt++) {
    // One character over the limit, so truncate() sees the overflow and marks the cut.
    const state = { escape, variables, budget: new RenderBudget(), room: MAX_OUTPUT_LENGTH + 1 };
    try {
      return truncate(render(root, state), MAX_OUTPUT_LENGTH);
    } catch (error) {
      // The clock is the one limit a legitimate render can pass, on a stall (a busy machine, a long
      // garbage collection): try once more before calling the template too slow.
      const stalled = error instanceof TemplateBudgetError && error.limit === 'milliseconds';
      if (!stalled || attempt === CLOCK_ATTEMPTS) throw toTemplateError(error, template);
    }
  }
}

/**
 * Least-recently-used cache: a Map keeps insertion order, so a hit is moved to the end. A refused
 * template is cached with its error: a webhook saved before a rule existed must not cost a parse
 * (milliseconds for a long template) on every event.
 */
function compiled(template: string): CompiledTemplate {
  let entry = cache.get(template);
  if (entry) cache.delete(template);
  else if (template.length > MAX_TEMPLATE_LENGTH) {
    throw new TemplateError(`Template is ${template.length} characters; the limit is ${MAX_TEMPLATE_LENGTH}`);
  } else entry = compileOrError(template);
  cache.set(template, entry);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  if (entry instanceof TemplateError) throw entry;
  return entry;
}

function compileOrError(template: string): CompiledTemplate | TemplateError {
  try {
    return compileTemplate(template);
  } catch (error) {
    return toTemplateError(error, template);
  }
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
