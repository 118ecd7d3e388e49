/**
 * The payload filter of DESIGN §12: a webhook receives an event only when the event matches its rule.
 * A rule is a comparison of one field of the intake body, or a combination of rules.
 */
export type FilterRule =
  | { field: string; op: 'eq' | 'ne' | 'contains' | 'gte' | 'lte'; value: FilterValue }
  | { field: string; op: 'in'; value: FilterValue[] }
  | { field: string; op: 'exists'; value?: boolean }
  | { all: FilterRule[] }
  | { any: FilterRule[] }
  | { not: FilterRule };

export type FilterValue = string | number | boolean;

export const FILTER_OPERATORS = ['eq', 'ne', 'in', 'contains', 'exists', 'gte', 'lte'] as const;

/** Limits that keep a rule cheap to evaluate on every event. */
export const MAX_FILTER_RULES = 50;
export const MAX_FILTER_DEPTH = 6;
