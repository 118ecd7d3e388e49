import { CONTEXT_SECTIONS, EVENT_INPUT_FIELDS, type SectionSpec } from '@hookpost/connector-sdk';

/**
 * A path a filter may read, resolved against the event catalog: a top-level field of the intake
 * body, a field of a context section, or one item of a keyed list (`context.report.customFields.<label>`).
 */
export type FilterField =
  | { kind: 'value'; path: string[] }
  | { kind: 'list'; path: string[]; key: string; value: string; label: string };

const TOP_LEVEL_FIELDS = new Set(['event', ...Object.keys(EVENT_INPUT_FIELDS)]);
const SECTIONS: Record<string, SectionSpec> = CONTEXT_SECTIONS;

/** What a rule may read, for error messages. */
export const FILTER_FIELDS =
  `${[...TOP_LEVEL_FIELDS].join(', ')}, context.<section>.<field> (e.g. context.finding.severity; sections: ` +
  `${Object.keys(SECTIONS).join(', ')}), context.report.customFields.<label>`;

/** The field a path names, or null when no event carries it. */
export function filterField(field: string): FilterField | null {
  const parts = field.split('.');
  if (parts.length === 1) return TOP_LEVEL_FIELDS.has(field) ? { kind: 'value', path: parts } : null;
  const [root, section, name, ...rest] = parts;
  if (root !== 'context' || !Object.hasOwn(SECTIONS, section)) return null;
  const fields = SECTIONS[section].fields;
  if (name === undefined || !Object.hasOwn(fields, name)) return null;
  const spec = fields[name];
  if (spec.kind !== 'list') return rest.length === 0 ? { kind: 'value', path: [root, section, name] } : null;
  const label = rest.join('.');
  if (!spec.variables || label === '') return null;
  return {
    kind: 'list',
    path: [root, section, name],
    key: spec.variables.key,
    value: spec.variables.value,
    label,
  };
}
