import type { Api } from '../lib/api';
import type { EventDescription, PreviewRequest } from '../lib/types';
import { MAX_IN_FLIGHT, MAX_RATE_LIMIT, type FormState } from '../lib/webhook-form';
import { FilterEditor, type FilterChange } from './filter-editor';
import { describedBy, FormField } from './form-field';

type Fields = Pick<FormState, 'ordering' | 'rateLimitText' | 'maxInFlightText' | 'filter' | 'filterText'>;

interface Props {
  api: Api;
  form: Fields & Pick<FormState, 'type'>;
  onChange: (change: Partial<Fields>) => void;
  onFilterChange: (change: FilterChange) => void;
  events: EventDescription[];
  sampleEvent: PreviewRequest['event'] | undefined;
  onSampleEvent: (event: PreviewRequest['event']) => void;
  errors: Record<string, string[]>;
}

const ORDERING_HINTS: Record<FormState['ordering'], string> = {
  none: 'Deliveries go out as soon as they can, side by side.',
  target:
    'Deliveries about the same target wait for the one before, even while it retries; other targets carry on.',
};

/** DESIGN §12's delivery control: ordering, rate limit, in-flight limit and the payload filter. */
export function DeliveryControlFields({ api, form, onChange, onFilterChange, errors, ...sample }: Props) {
  return (
    <section className="card" aria-labelledby="delivery-control-title">
      <h2 id="delivery-control-title" className="section-title">
        Delivery control
      </h2>
      <div className="grid-3">
        <FormField
          id="ordering"
          label="Ordering"
          errors={errors.ordering}
          hint={ORDERING_HINTS[form.ordering]}
        >
          <select
            value={form.ordering}
            onChange={(event) => onChange({ ordering: event.target.value as FormState['ordering'] })}
            {...describedBy('ordering', true, errors.ordering)}
          >
            <option value="none">Any order</option>
            <option value="target">One at a time per target, in order</option>
          </select>
        </FormField>
        <FormField
          id="rate-limit"
          label="Rate limit (requests per second)"
          errors={errors.rateLimit}
          hint={`Across every worker, 1–${MAX_RATE_LIMIT.toLocaleString('en')}. Empty: no limit.`}
        >
          <CountInput
            id="rate-limit"
            value={form.rateLimitText}
            onChange={(rateLimitText) => onChange({ rateLimitText })}
            errors={errors.rateLimit}
          />
        </FormField>
        <FormField
          id="max-in-flight"
          label="Max in flight"
          errors={errors.maxInFlight}
          hint={`Attempts open at once, across every worker, 1–${MAX_IN_FLIGHT}. Empty: no limit.`}
        >
          <CountInput
            id="max-in-flight"
            value={form.maxInFlightText}
            onChange={(maxInFlightText) => onChange({ maxInFlightText })}
            errors={errors.maxInFlight}
          />
        </FormField>
      </div>
      <FilterEditor
        api={api}
        type={form.type}
        filter={form.filter}
        filterText={form.filterText}
        onChange={onFilterChange}
        errors={errors.filter}
        {...sample}
      />
    </section>
  );
}

/** A whole number ≥ 1 or empty; typed as text (numeric keyboard) so what was typed is what is checked. */
function CountInput(props: {
  id: string;
  value: string;
  onChange: (text: string) => void;
  errors?: string[];
}) {
  return (
    <input
      type="text"
      inputMode="numeric"
      autoComplete="off"
      placeholder="No limit"
      value={props.value}
      onChange={(event) => props.onChange(event.target.value)}
      {...describedBy(props.id, true, props.errors)}
    />
  );
}
