import { useState } from 'react';
import type { Api } from '../lib/api';
import { NO_ROWS, rowsOf, ruleOf, type FilterRows } from '../lib/filter-rows';
import type { EventDescription, FilterRule, PreviewRequest } from '../lib/types';
import { useFilterCheck, type FilterCheck } from '../lib/use-filter-check';
import { filterJson, parseFilter } from '../lib/webhook-form';
import { FieldErrors } from './form-field';
import { RuleBuilder } from './rule-builder';
import { SampleEventSelect } from './sample-event-select';

export interface FilterChange {
  filter: FilterRule | null;
  filterText: string | null;
}

interface Props extends FilterChange {
  api: Api;
  /** The connector, for the preview that checks the sample event. */
  type: string;
  onChange: (change: FilterChange) => void;
  events: EventDescription[];
  sampleEvent: PreviewRequest['event'] | undefined;
  onSampleEvent: (event: PreviewRequest['event']) => void;
  /** From the last save. */
  errors?: string[];
}

/**
 * The payload filter, built from rules joined by all or any, or typed as JSON for what the builder
 * cannot show (`not`, nesting). Whether the preview's sample event would be delivered, and why the
 * API refuses a rule, show as the filter changes.
 */
export function FilterEditor({ api, type, filter, filterText, onChange, events, ...props }: Props) {
  const [rows, setRows] = useState<FilterRows>(() => rowsOf(filter) ?? NO_ROWS);
  const parsed = filterText === null ? null : parseFilter(filterText);
  const builderCan =
    filterText === null || (parsed !== null && 'rule' in parsed && rowsOf(parsed.rule) !== null);
  const check = useFilterCheck(api, type, props.sampleEvent, parsed && 'error' in parsed ? null : filter);
  const errors = [
    ...new Set([
      ...(props.errors ?? []),
      ...(parsed && 'error' in parsed ? [parsed.error] : []),
      ...check.problems,
    ]),
  ];

  function edit(next: FilterRows) {
    setRows(next);
    onChange({ filter: ruleOf(next), filterText: null });
  }

  function toBuilder() {
    if (!parsed || !('rule' in parsed)) return;
    setRows(rowsOf(parsed.rule) ?? NO_ROWS);
    onChange({ filter: parsed.rule, filterText: null });
  }

  function typeJson(text: string) {
    const next = parseFilter(text);
    onChange({ filter: 'rule' in next ? next.rule : filter, filterText: text });
  }

  return (
    <div
      role="group"
      aria-labelledby="filter-label"
      className={`field filter-editor${errors.length ? ' field-invalid' : ''}`}
      aria-describedby={['filter-hint', errors.length ? 'filter-error' : ''].filter(Boolean).join(' ')}
    >
      <div className="label-row">
        <span id="filter-label" className="label">
          Filter
        </span>
        <div className="segmented" role="group" aria-label="Edit the filter as">
          <button
            type="button"
            className={filterText === null ? 'small segment-on' : 'small'}
            aria-pressed={filterText === null}
            disabled={!builderCan}
            onClick={toBuilder}
          >
            Rules
          </button>
          <button
            type="button"
            className={filterText === null ? 'small' : 'small segment-on'}
            aria-pressed={filterText !== null}
            onClick={() => filterText === null && onChange({ filter, filterText: filterJson(filter) })}
          >
            JSON
          </button>
        </div>
      </div>
      <p id="filter-hint" className="hint">
        Only events that match are delivered; no filter delivers every event. Text compares without case.
        {!builderCan &&
          ' The rule builder cannot show this one (not, nested groups, or JSON it cannot read): edit it here.'}
      </p>
      {filterText === null ? (
        <RuleBuilder rows={rows} onChange={edit} />
      ) : (
        <>
          <label htmlFor="filter" className="visually-hidden">
            Filter as JSON
          </label>
          <textarea
            id="filter"
            rows={8}
            spellCheck={false}
            className="code"
            value={filterText}
            placeholder='{ "field": "context.finding.severity", "op": "in", "value": ["Critical", "High"] }'
            onChange={(change) => typeJson(change.target.value)}
            aria-invalid={errors.length ? true : undefined}
            aria-describedby={['filter-hint', errors.length ? 'filter-error' : ''].filter(Boolean).join(' ')}
          />
        </>
      )}
      <FieldErrors id="filter" errors={errors} />
      <div className="filter-check inline">
        <SampleEventSelect
          id="filter-sample-event"
          events={events}
          event={props.sampleEvent}
          onEvent={props.onSampleEvent}
        />
        <FilterVerdict
          filter={filter}
          invalid={errors.length > 0}
          check={check}
          name={events.find((entry) => entry.event === props.sampleEvent)?.name}
        />
      </div>
    </div>
  );
}

/** Whether the sample event would be delivered, in words. */
function FilterVerdict({
  filter,
  invalid,
  check,
  name,
}: {
  filter: FilterRule | null;
  invalid: boolean;
  check: FilterCheck;
  name: string | undefined;
}) {
  const sample = `The sample “${name ?? 'event'}”`;
  let text: string;
  let tone = 'muted';
  if (filter === null) text = 'No filter: every event is delivered.';
  else if (check.error) text = `Could not check the sample event: ${check.error}`;
  else if (invalid) text = 'Fix the filter to check the sample event.';
  else if (check.matches === null) text = 'Checking the sample event…';
  else if (check.matches) [text, tone] = [`✓ ${sample} matches: it would be delivered.`, 'ok-text'];
  else [text, tone] = [`✗ ${sample} does not match: it would not be delivered.`, 'warn-text'];
  return (
    <p className={`small ${tone}`} role="status" data-testid="filter-verdict" aria-busy={check.checking}>
      {text}
    </p>
  );
}
