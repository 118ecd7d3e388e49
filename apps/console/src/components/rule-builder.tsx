import type { FilterRow, FilterRows } from '../lib/filter-rows';
import { FilterRuleRow } from './filter-rule-row';

const NEW_ROW: FilterRow = { field: 'status', op: 'eq', value: '' };

/** The filter as a list of comparisons joined by all or any; no rows is no filter. */
export function RuleBuilder({ rows, onChange }: { rows: FilterRows; onChange: (rows: FilterRows) => void }) {
  const setRow = (index: number, row: FilterRow | null) =>
    onChange({
      ...rows,
      rows: row
        ? rows.rows.map((old, at) => (at === index ? row : old))
        : rows.rows.filter((_, at) => at !== index),
    });
  return (
    <div className="rule-builder">
      {rows.rows.length > 1 && (
        <div className="inline">
          <label htmlFor="filter-combine" className="small">
            Deliver when
          </label>
          <select
            id="filter-combine"
            value={rows.combine}
            onChange={(change) =>
              onChange({ ...rows, combine: change.target.value as FilterRows['combine'] })
            }
          >
            <option value="all">all of these rules match</option>
            <option value="any">any of these rules matches</option>
          </select>
        </div>
      )}
      {rows.rows.length > 0 && (
        <ol className="filter-rows">
          {rows.rows.map((row, index) => (
            <FilterRuleRow
              key={index}
              index={index}
              row={row}
              onChange={(next) => setRow(index, next)}
              onRemove={() => setRow(index, null)}
            />
          ))}
        </ol>
      )}
      <button
        type="button"
        className="small"
        onClick={() => onChange({ ...rows, rows: [...rows.rows, NEW_ROW] })}
      >
        Add rule
      </button>
    </div>
  );
}
