import { filterField } from './filter-field';
import type { FilterRule, FilterValue } from './filter-rule';

/** What a filter reads of an event: the intake body (any object with its fields). */
export type FilterSubject = object;

export type CompiledFilter = (subject: FilterSubject) => boolean;

/**
 * Turns a (valid) rule into a predicate once, so matching an event against a cached subscriber
 * costs a few property reads, not a walk of the rule.
 */
export function compileFilter(rule: FilterRule): CompiledFilter {
  if ('all' in rule) {
    const rules = rule.all.map(compileFilter);
    return (subject) => rules.every((matches) => matches(subject));
  }
  if ('any' in rule) {
    const rules = rule.any.map(compileFilter);
    return (subject) => rules.some((matches) => matches(subject));
  }
  if ('not' in rule) {
    const inner = compileFilter(rule.not);
    return (subject) => !inner(subject);
  }
  const read = reader(rule.field);
  switch (rule.op) {
    case 'exists': {
      const wanted = rule.value ?? true;
      return (subject) => (read(subject) !== undefined) === wanted;
    }
    case 'eq':
      return (subject) => same(read(subject), rule.value);
    case 'ne':
      return (subject) => !same(read(subject), rule.value);
    case 'in':
      return (subject) => rule.value.some((candidate) => same(read(subject), candidate));
    case 'contains': {
      const needle = String(rule.value).toLowerCase();
      return (subject) => {
        const found = read(subject);
        if (Array.isArray(found)) return found.some((item) => same(item, rule.value));
        return typeof found === 'string' && found.toLowerCase().includes(needle);
      };
    }
    case 'gte':
      return (subject) => compare(read(subject), rule.value) >= 0;
    case 'lte':
      return (subject) => compare(read(subject), rule.value) <= 0;
  }
}

/** A getter for a dotted path; `context.report.customFields.<label>` reads the field of that label. */
function reader(path: string): (subject: FilterSubject) => unknown {
  const field = filterField(path);
  if (field === null) return () => undefined; // refused at save; never reached
  const read = (subject: FilterSubject): unknown => {
    let node: unknown = subject as unknown;
    for (const part of field.path) {
      if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part)) return undefined;
      node = (node as Record<string, unknown>)[part];
    }
    return node;
  };
  if (field.kind === 'value') return read;
  // One item of a keyed list, by its key (a custom field by its label): its value.
  const { key, value, label } = field;
  return (subject) => {
    const items = read(subject);
    if (!Array.isArray(items)) return undefined;
    const item = (items as unknown[]).find(
      (entry) =>
        entry !== null && typeof entry === 'object' && (entry as Record<string, unknown>)[key] === label,
    );
    return item === undefined ? undefined : (item as Record<string, unknown>)[value];
  };
}

/** Equal as the producer meant it: `"5"` equals `5`, text ignores case (`critical` is `Critical`). */
function same(found: unknown, wanted: FilterValue): boolean {
  if (found === undefined || found === null || typeof found === 'object') return false;
  if (typeof found === 'string' && typeof wanted === 'string')
    return found.toLowerCase() === wanted.toLowerCase();
  return String(found) === String(wanted);
}

/** Numbers as numbers, anything else as text; an absent or composite value is never in range. */
function compare(found: unknown, wanted: FilterValue): number {
  if (found === undefined || found === null || typeof found === 'object') return Number.NaN;
  const [a, b] = [Number(found), Number(wanted)];
  if (!Number.isNaN(a) && !Number.isNaN(b)) return a - b;
  return String(found).localeCompare(String(wanted));
}
