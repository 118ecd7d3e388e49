import { FILTER_FIELDS, filterField } from './filter-field';
import { FILTER_OPERATORS, MAX_FILTER_DEPTH, MAX_FILTER_RULES, type FilterRule } from './filter-rule';

/**
 * Why `rule` is not a valid filter, as readable texts naming the path inside it
 * (`filter.all[1].op must be one of …`); [] when it is valid.
 */
export function filterProblems(rule: unknown, path = 'filter'): string[] {
  const problems: string[] = [];
  let count = 0;
  const visit = (node: unknown, at: string, depth: number): void => {
    count += 1;
    if (count > MAX_FILTER_RULES) {
      if (count === MAX_FILTER_RULES + 1) problems.push(`${path} has more than ${MAX_FILTER_RULES} rules`);
      return;
    }
    if (depth > MAX_FILTER_DEPTH)
      return void problems.push(`${at} nests deeper than ${MAX_FILTER_DEPTH} levels`);
    if (node === null || typeof node !== 'object' || Array.isArray(node)) {
      return void problems.push(
        `${at} must be a rule: { field, op, value } or { all | any: [rules] } or { not: rule }`,
      );
    }
    const keys = Object.keys(node);
    const record = node as Record<string, unknown>;
    for (const group of ['all', 'any'] as const) {
      if (group in record) {
        if (keys.length !== 1) return void problems.push(`${at} must have only "${group}"`);
        const rules = record[group];
        if (!Array.isArray(rules) || rules.length === 0)
          return void problems.push(`${at}.${group} must be a non-empty array of rules`);
        return rules.forEach((child, index) => visit(child, `${at}.${group}[${index}]`, depth + 1));
      }
    }
    if ('not' in record) {
      if (keys.length !== 1) return void problems.push(`${at} must have only "not"`);
      return visit(record.not, `${at}.not`, depth + 1);
    }
    problems.push(...comparisonProblems(record, at));
  };
  visit(rule, path, 1);
  return problems;
}

function comparisonProblems(rule: Record<string, unknown>, at: string): string[] {
  const unknown = Object.keys(rule).filter((key) => !['field', 'op', 'value'].includes(key));
  if (unknown.length) return [`${at} has unknown keys: ${unknown.join(', ')}`];
  const { field, op, value } = rule;
  const problems: string[] = [];
  if (typeof field !== 'string' || filterField(field) === null) {
    problems.push(`${at}.field ${JSON.stringify(field)} is not a field a filter can read (${FILTER_FIELDS})`);
  }
  if (!FILTER_OPERATORS.includes(op as (typeof FILTER_OPERATORS)[number])) {
    problems.push(`${at}.op ${JSON.stringify(op)} must be one of: ${FILTER_OPERATORS.join(', ')}`);
    return problems;
  }
  if (op === 'exists') {
    if (value !== undefined && typeof value !== 'boolean')
      problems.push(`${at}.value must be true or false for exists`);
  } else if (op === 'in') {
    if (!Array.isArray(value) || value.length === 0 || !value.every(isScalar)) {
      problems.push(`${at}.value must be a non-empty array of strings, numbers or booleans for in`);
    }
  } else if (!isScalar(value)) {
    problems.push(`${at}.value must be a string, number or boolean for ${op}`);
  }
  return problems;
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** Narrows a value that `filterProblems` found no fault with. */
export function isFilterRule(value: unknown): value is FilterRule {
  return filterProblems(value).length === 0;
}
