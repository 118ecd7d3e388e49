import { FILTER_FIELD_GROUPS, pickerEntry } from '../lib/filter-fields';
import type { FilterRow } from '../lib/filter-rows';
import type { FilterOperator } from '../lib/types';

/** Every operator of the API, in words (the API's name follows in the list). */
const OPERATORS: Record<FilterOperator, string> = {
  eq: 'equals',
  ne: 'does not equal',
  in: 'is one of',
  contains: 'contains',
  exists: 'is present',
  gte: 'is at least',
  lte: 'is at most',
};

interface Props {
  index: number;
  row: FilterRow;
  onChange: (row: FilterRow) => void;
  onRemove: () => void;
}

/** One comparison of the rule builder: field (a custom field by its label), operator and value. */
export function FilterRuleRow({ index, row, onChange, onRemove }: Props) {
  const n = index + 1;
  const entry = pickerEntry(row.field);
  const keyed = entry?.field.kind === 'keyed';
  return (
    <li className="filter-row">
      <div className="filter-row-field">
        <select
          aria-label={`Field of rule ${n}`}
          value={entry?.field.path ?? ''}
          onChange={(change) => onChange({ ...row, field: change.target.value })}
        >
          {FILTER_FIELD_GROUPS.map((group) => (
            <optgroup key={group.label} label={group.label}>
              {group.fields.map((field) => (
                <option key={field.path} value={field.path}>
                  {field.kind === 'keyed' ? `${field.path}<label>` : field.path}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        {keyed && (
          <input
            type="text"
            aria-label={`Custom field label of rule ${n}`}
            placeholder="Custom field label"
            value={entry.label}
            onChange={(change) => onChange({ ...row, field: entry.field.path + change.target.value })}
          />
        )}
      </div>
      <select
        className="filter-row-op"
        aria-label={`Operator of rule ${n}`}
        value={row.op}
        onChange={(change) => onChange({ ...row, op: change.target.value as FilterOperator })}
      >
        {Object.entries(OPERATORS).map(([op, words]) => (
          <option key={op} value={op}>
            {words} ({op})
          </option>
        ))}
      </select>
      {row.op === 'exists' ? (
        <span className="muted small filter-row-value">any value</span>
      ) : (
        <input
          type="text"
          className="filter-row-value"
          aria-label={`Value of rule ${n}`}
          placeholder={row.op === 'in' ? 'Critical, High' : 'Value'}
          value={row.value}
          onChange={(change) => onChange({ ...row, value: change.target.value })}
        />
      )}
      <button
        type="button"
        className="link-button small filter-row-remove"
        aria-label={`Remove rule ${n}`}
        onClick={onRemove}
      >
        Remove
      </button>
    </li>
  );
}
