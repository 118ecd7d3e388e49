import type { EventDescription } from '../lib/types';
import { STATUS_EVENT } from '../lib/webhook-form';
import { describedBy, FieldErrors } from './form-field';

interface Props {
  catalog: EventDescription[];
  events: string[];
  onEvents: (events: string[]) => void;
  statusesText: string;
  onStatuses: (text: string) => void;
  errors: Record<string, string[]>;
}

/** The catalog's events as checkboxes; choosing ReportStatusChanged reveals its trigger statuses. */
export function EventPicker({ catalog, events, onEvents, statusesText, onStatuses, errors }: Props) {
  const toggle = (event: string, on: boolean) =>
    onEvents(on ? [...events, event] : events.filter((item) => item !== event));
  return (
    <>
      <fieldset className={`field${errors.events?.length ? ' field-invalid' : ''}`}>
        <legend>Events</legend>
        <div className="checks">
          {catalog.map((entry) => (
            <div key={entry.event} className="check">
              <input
                type="checkbox"
                id={`event-${entry.event}`}
                checked={events.includes(entry.event)}
                onChange={(change) => toggle(entry.event, change.target.checked)}
                aria-describedby={`event-${entry.event}-description`}
              />
              <label htmlFor={`event-${entry.event}`}>
                {entry.name} <code className="small">{entry.event}</code>
              </label>
              <p id={`event-${entry.event}-description`} className="hint">
                {entry.description}
              </p>
            </div>
          ))}
        </div>
        <FieldErrors id="events" errors={errors.events} />
      </fieldset>
      {events.includes(STATUS_EVENT) && (
        <div className={`field${errors.statuses?.length ? ' field-invalid' : ''}`}>
          <label htmlFor="statuses">Trigger statuses</label>
          <input
            type="text"
            value={statusesText}
            placeholder="Draft, In Review, Published"
            onChange={(change) => onStatuses(change.target.value)}
            {...describedBy('statuses', true, errors.statuses)}
          />
          <p id="statuses-hint" className="hint">
            Comma-separated report statuses that trigger “Report status changed”. Empty: any status.
          </p>
          <FieldErrors id="statuses" errors={errors.statuses} />
        </div>
      )}
    </>
  );
}
