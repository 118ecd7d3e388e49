import { filterComparisonOpValues } from './api-types.gen';
import { pickerEntry } from './filter-fields';
import type { FilterComparison, FilterOperator, FilterRule } from './types';

/** One comparison as the rule builder edits it: the value as typed (`in`: comma-separated). */
export interface FilterRow {
  field: string;
  op: FilterOperator;
  value: string;
}

/** What the builder shows: comparisons joined by all or any. No rows: no filter. */
export interface FilterRows {
  combine: 'all' | 'any';
  rows: FilterRow[];
}

export const NO_ROWS: FilterRows = { combine: 'all', rows: [] };

/**
 * The builder's view of a rule, or null when the builder cannot show it without changing it
 * (`not`, nested groups, `exists: false`, a listed value holding a comma, a field it does not
 * offer) or it is no rule at all: such a filter is edited as JSON. It takes anything, as typed
 * JSON reaches it before the API has judged it.
 */
export function rowsOf(rule: FilterRule | null): FilterRows | null {
  if (rule === null) return NO_ROWS;
  if (!isRecord(rule)) return null;
  if (('all' in rule || 'any' in rule) && Object.keys(rule).length !== 1) return null;
  const [combine, members]: ['all' | 'any', unknown] =
    'all' in rule ? ['all', rule.all] : 'any' in rule ? ['any', rule.any] : ['all', [rule]];
  if (!Array.isArray(members) || members.length === 0) return null;
  const rows = members.map((member) => (isRecord(member) ? rowOf(member) : null));
  return rows.every((row) => row !== null) ? { combine, rows } : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rowOf({ field, op, value, ...rest }: Record<string, unknown>): FilterRow | null {
  if (typeof field !== 'string' || pickerEntry(field) === null || Object.keys(rest).length) return null;
  if (op === 'exists') return value === undefined || value === true ? { field, op, value: '' } : null;
  if (op === 'in') {
    const listed = Array.isArray(value) && value.every(isScalar) ? value.map(String) : null;
    return listed && !listed.some((item) => item.includes(','))
      ? { field, op, value: listed.join(', ') }
      : null;
  }
  return isScalar(value) && isOperator(op) ? { field, op, value: String(value) } : null;
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function isOperator(op: unknown): op is FilterOperator {
  return (filterComparisonOpValues as readonly unknown[]).includes(op);
}

/** The rule the rows stand for: null without rows, one comparison alone, else a group. */
export function ruleOf({ combine, rows }: FilterRows): FilterRule | null {
  const comparisons = rows.map(comparisonOf);
  if (comparisons.length === 0) return null;
  if (comparisons.length === 1) return comparisons[0];
  return combine === 'all' ? { all: comparisons } : { any: comparisons };
}

function comparisonOf({ field, op, value }: FilterRow): FilterComparison {
  if (op === 'exists') return { field, op };
  const numeric = pickerEntry(field)?.field.kind === 'number';
  const typed = (text: string) =>
    numeric && text.trim() !== '' && !isNaN(Number(text)) ? Number(text) : text;
  if (op === 'in') {
    return {
      field,
      op,
      value: value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
        .map(typed),
    };
  }
  return { field, op, value: typed(value) };
}
