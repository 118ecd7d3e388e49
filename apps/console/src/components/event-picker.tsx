import { hasStatuses, type EventDescription, type EventType } from '../lib/types';
import { describedBy, FieldErrors } from './form-field';

interface Props {
  catalog: EventDescription[];
  events: EventType[];
  onEvents: (events: EventType[]) => void;
  statusesText: string;
  onStatuses: (text: string) => void;
  errors: Record<string, string[]>;
}

/** The catalog's events as checkboxes; choosing an event with statuses reveals its trigger statuses. */
export function EventPicker({ catalog, events, onEvents, statusesText, onStatuses, errors }: Props) {
  const withStatuses = catalog.filter((entry) => hasStatuses(entry.event) && events.includes(entry.event));
  const toggle = (event: EventType, on: boolean) =>
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
      {withStatuses.length > 0 && (
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
            Comma-separated statuses that trigger {withStatuses.map((entry) => `“${entry.name}”`).join(', ')}.
            Empty: any status.
          </p>
          <FieldErrors id="statuses" errors={errors.statuses} />
        </div>
      )}
    </>
  );
}
