import Handlebars from 'handlebars';
import { currentRenderState, type RenderState } from './render-state';

/**
 * Every helper a compiled template can call. Handlebars' own `each`, `if`, `unless` and `with` are
 * replaced by versions that spend from the render budget and never call a function found in the data;
 * the output helpers are the only way text reaches the message, so all of it is counted.
 */

/** Block helpers a template may use, with the number of arguments each takes. */
export const BLOCK_HELPERS: Record<string, number> = { if: 1, unless: 1, each: 1, with: 1 };
/** Value helpers, usable as `{{upper X}}` or inside `(…)`. */
export const VALUE_HELPERS: Record<string, number> = { eq: 2, upper: 1, lower: 1, default: 2 };

/** Internal output helpers the sandbox's rewrite inserts; not meant to be written by hand. */
export const OUTPUT_HELPERS = {
  /** A value: escaped by the connector. */
  value: 'hookpostOut',
  /** A `%NAME%` variable: escaped by the connector. */
  variable: 'hookpostVar',
  /** Literal template text: counted, never escaped. */
  text: 'hookpostText',
} as const;

type Block = (this: unknown, value: unknown, options: Handlebars.HelperOptions) => string;

const each: Block = function (items, options) {
  const { budget } = spend();
  if (items === null || typeof items !== 'object') return options.inverse(this);
  const keys = Array.isArray(items) ? null : Object.keys(items);
  const count = keys ? keys.length : (items as unknown[]).length;
  if (count === 0) return options.inverse(this);
  const data = options.data ? Handlebars.createFrame(options.data) : undefined;
  let out = '';
  for (let index = 0; index < count; index++) {
    budget.spendIteration();
    const key = keys ? keys[index] : index;
    const item = (items as Record<string | number, unknown>)[key];
    if (data) Object.assign(data, { key, index, first: index === 0, last: index === count - 1 });
    out += options.fn(item, { data, blockParams: [item, key] });
  }
  return out;
};

const ifBlock: Block = function (condition, options) {
  spend();
  return isFalsy(condition) ? options.inverse(this) : options.fn(this);
};

const unless: Block = function (condition, options) {
  spend();
  return isFalsy(condition) ? options.fn(this) : options.inverse(this);
};

const withBlock: Block = function (context, options) {
  spend();
  return isEmpty(context)
    ? options.inverse(this)
    : options.fn(context, { data: options.data, blockParams: [context] });
};

export const TEMPLATE_HELPERS: Record<string, Handlebars.HelperDelegate> = {
  each,
  if: ifBlock,
  unless,
  with: withBlock,
  eq: (a: unknown, b: unknown) => isPrimitive(a) && isPrimitive(b) && text(a) === text(b),
  upper: (value: unknown) => (isPrimitive(value) ? text(value).toUpperCase() : ''),
  lower: (value: unknown) => (isPrimitive(value) ? text(value).toLowerCase() : ''),
  default: (value: unknown, fallback: unknown) => {
    spend();
    return value === undefined || value === null || value === '' ? fallback : value;
  },
  [OUTPUT_HELPERS.value]: (value: unknown) => emit(value),
  [OUTPUT_HELPERS.variable]: (name: string) => emit(currentRenderState().variables[name]),
  [OUTPUT_HELPERS.text]: (literal: string) => {
    const state = spend();
    state.budget.spendCharacters(literal.length);
    return fit(state, literal);
  },
};

function spend(): RenderState {
  const state = currentRenderState();
  state.budget.spendOperation();
  return state;
}

/** A primitive as text, its length spent: upper and lower copy it, eq compares it. */
function text(value: string | number | boolean): string {
  const state = spend();
  const string = String(value);
  state.budget.spendCharacters(string.length);
  return string;
}

/** A value into the message: counted before escaping, so escaping never runs on more than the budget. */
function emit(value: unknown): string {
  if (!isPrimitive(value)) {
    spend();
    return '';
  }
  const state = currentRenderState();
  const string = text(value);
  return state.room > 0 ? fit(state, state.escape(string)) : '';
}

function fit(state: RenderState, output: string): string {
  if (state.room <= 0 || output === '') return '';
  const part = output.length <= state.room ? output : output.slice(0, state.room);
  state.room -= part.length;
  return part;
}

function isPrimitive(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** Handlebars' emptiness, used by `with`: 0 is a value, an empty list is not. */
function isEmpty(value: unknown): boolean {
  return (!value && value !== 0) || (Array.isArray(value) && value.length === 0);
}

/** Handlebars' `if` test: 0 and empty lists are false too. */
function isFalsy(value: unknown): boolean {
  return !value || isEmpty(value);
}
