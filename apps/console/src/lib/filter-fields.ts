import type { components } from './api-types.gen';

/*
 * The fields a webhook filter can read (DESIGN §12): the intake body's top-level fields and each
 * context section's. They are listed here, as the API has no route for them, but checked against
 * the generated event schemas: a field or section the API adds or drops fails the console's type
 * check until this list follows.
 */
type Schemas = components['schemas'];

/**
 * How the builder treats a field: `number` values are sent as numbers, an `array` is searched with
 * contains, and a `keyed` list (report custom fields) is read one item at a time, by its label.
 */
export type FieldKind = 'text' | 'number' | 'array' | 'keyed';

type KindOf<T> =
  NonNullable<T> extends number
    ? 'number'
    : NonNullable<T> extends object[]
      ? 'keyed'
      : NonNullable<T> extends unknown[]
        ? 'array'
        : 'text';
type Kinds<T> = { [K in keyof T]-?: KindOf<T[K]> };

type KeysOf<T> = T extends unknown ? keyof T : never;
type ValueOf<T, K> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;
type EventInput = Schemas[Extract<keyof Schemas, `${string}Input`>];
type TopLevel = Exclude<KeysOf<EventInput>, 'context'>;

type SectionOf<S> = S extends `${infer Name}Context` ? Uncapitalize<Name> : never;
type Section = SectionOf<keyof Schemas>;
type SectionSchema<S extends Section> = Schemas[Extract<keyof Schemas, `${Capitalize<S>}Context`>];

const TOP_LEVEL: { [K in TopLevel]-?: KindOf<ValueOf<EventInput, K>> } = {
  event: 'text',
  status: 'text',
  cuid: 'text',
  actorCuid: 'text',
  clientCuid: 'text',
  targetType: 'text',
  targetCuid: 'text',
  targetCuids: 'array',
  clientId: 'number',
  reportId: 'number',
  findingId: 'number',
  assessmentId: 'number',
};

const SECTIONS: { [S in Section]: Kinds<SectionSchema<S>> } = {
  finding: { title: 'text', severity: 'text', id: 'number', url: 'text', cuid: 'text', description: 'text' },
  report: { name: 'text', id: 'number', cuid: 'text', status: 'text', url: 'text', customFields: 'keyed' },
  client: { name: 'text', id: 'number', cuid: 'text' },
  assessment: { name: 'text', id: 'number', cuid: 'text', url: 'text' },
  engagement: { name: 'text', id: 'number', cuid: 'text', url: 'text' },
  webhook: {
    name: 'text',
    cuid: 'text',
    consecutiveFailures: 'number',
    failingSince: 'text',
    lastError: 'text',
    disabledReason: 'text',
  },
  delivery: { cuid: 'text', event: 'text', attempts: 'number', error: 'text' },
  actor: { name: 'text', cuid: 'text' },
};

export interface FilterField {
  /** The rule's `field`; for a keyed list, the prefix its item's label follows. */
  path: string;
  kind: FieldKind;
}

export interface FilterFieldGroup {
  label: string;
  fields: FilterField[];
}

const fieldsOf = (prefix: string, kinds: Record<string, FieldKind>): FilterField[] =>
  Object.entries(kinds).map(([name, kind]) => ({
    path: `${prefix}${name}${kind === 'keyed' ? '.' : ''}`,
    kind,
  }));

/** For the field picker: the event's own fields, then each context section's. */
export const FILTER_FIELD_GROUPS: FilterFieldGroup[] = [
  { label: 'Event', fields: fieldsOf('', TOP_LEVEL) },
  ...Object.entries(SECTIONS).map(([section, kinds]) => ({
    label: `${section[0].toUpperCase()}${section.slice(1)} (context.${section})`,
    fields: fieldsOf(`context.${section}.`, kinds),
  })),
];

const ALL_FIELDS = FILTER_FIELD_GROUPS.flatMap((group) => group.fields);

/**
 * The picker's entry for a rule's field (a custom field's path gives the keyed list) and, for a
 * keyed list, the label after its prefix; null for a path the picker does not offer.
 */
export function pickerEntry(path: string): { field: FilterField; label: string } | null {
  const exact = ALL_FIELDS.find((field) => field.kind !== 'keyed' && field.path === path);
  if (exact) return { field: exact, label: '' };
  const keyed = ALL_FIELDS.find((field) => field.kind === 'keyed' && path.startsWith(field.path));
  return keyed ? { field: keyed, label: path.slice(keyed.path.length) } : null;
}
