import { sectionEntries, type FallbackField, type SectionName } from './context-sections';
import type { HookpostEvent } from './event-context';

/*
 * The `%NAME%` variables of DESIGN §6, derived from the fields of CONTEXT_SECTIONS that name one,
 * plus the three every event has. A variable reads its context field, else the top-level field it
 * falls back to; a list field gives one variable per item (`%REPORT_CUSTOM_FIELD_<label>%`).
 */

/** Variables read from the event itself, not its context: every event offers them. */
const EVENT_VARIABLES = { EVENT: 'event', EVENT_NAME: 'eventName', OCCURRED_AT: 'occurredAt' } as const;

interface FieldVariable {
  name: string;
  section: SectionName;
  field: string;
  fallback?: FallbackField;
}

interface ListVariables {
  section: SectionName;
  field: string;
  prefix: string;
  key: string;
  value: string;
}

const FIELD_VARIABLES: FieldVariable[] = [];
const LIST_VARIABLES: ListVariables[] = [];
/** Each section's variables as the catalog lists them, in field order. */
const LISTED = new Map<SectionName, string[]>();
for (const [section, { fields }] of sectionEntries()) {
  const listed: string[] = [];
  for (const [field, spec] of Object.entries(fields)) {
    if (spec.kind === 'list' && spec.variables) {
      LIST_VARIABLES.push({ section, field, ...spec.variables });
      listed.push(`${spec.variables.prefix}<${spec.variables.key}>`);
    } else if (spec.kind !== 'list' && spec.variable) {
      FIELD_VARIABLES.push({ name: spec.variable, section, field, fallback: spec.fallback });
      listed.push(spec.variable);
    }
  }
  LISTED.set(section, listed);
}

/** The fixed variable names (custom fields aside): PlexTrac's names. */
export const VARIABLE_NAMES: readonly string[] = [
  ...FIELD_VARIABLES.map((variable) => variable.name),
  ...Object.keys(EVENT_VARIABLES),
];

const FIXED_NAMES: ReadonlySet<string> = new Set(VARIABLE_NAMES);

/**
 * What an event carrying `sections` offers, in section order, as the catalog lists them: a list
 * field as its pattern (`REPORT_CUSTOM_FIELD_<label>`), then the event's own variables.
 */
export function variableNamesFor(sections: readonly SectionName[]): string[] {
  const carried = [...LISTED].filter(([section]) => sections.includes(section));
  return [...carried.flatMap(([, names]) => names), ...Object.keys(EVENT_VARIABLES)];
}

/** A name a template may use: a fixed one, or a list item of any key (empty when the event lacks it). */
export function isKnownVariable(name: string): boolean {
  return (
    FIXED_NAMES.has(name) ||
    LIST_VARIABLES.some(({ prefix }) => name.startsWith(prefix) && name.length > prefix.length)
  );
}

type Loose = Record<string, unknown> | undefined;

/**
 * Every variable's value for this event, as text; missing values are ''. The object has no
 * prototype, so a custom field labelled `__proto__` or `constructor` is just data.
 */
export function variablesFor(event: HookpostEvent): Record<string, string> {
  const context = event.context as Record<string, Loose>;
  const variables: Record<string, string> = Object.create(null);
  for (const { name, section, field, fallback } of FIELD_VARIABLES) {
    variables[name] = asText(context[section]?.[field] ?? (fallback && event[fallback]));
  }
  for (const [name, field] of Object.entries(EVENT_VARIABLES)) variables[name] = asText(event[field]);
  for (const { section, field, prefix, key, value } of LIST_VARIABLES) {
    const items = context[section]?.[field];
    if (!Array.isArray(items)) continue;
    for (const item of items as Loose[]) {
      if (typeof item?.[key] === 'string') variables[prefix + item[key]] = asText(item[value]);
    }
  }
  return variables;
}

function asText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : '';
}
