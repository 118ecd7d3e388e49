import type { Catalog } from './console-shell';

/** Test connections are logged as deliveries of this event, which is not in the catalog. */
export const TEST_EVENT = 'WebhookTest';

interface Props {
  catalog: Catalog;
  value: string;
  onChange: (event: string) => void;
}

/** The "Event" filter of the logs and the deliveries: every catalog event, and test connections. */
export function EventFilter({ catalog, value, onChange }: Props) {
  return (
    <div className="field">
      <label htmlFor="filter-event">Event</label>
      <select id="filter-event" value={value} onChange={(change) => onChange(change.target.value)}>
        <option value="">All events</option>
        {catalog.events.map((entry) => (
          <option key={entry.event} value={entry.event}>
            {entry.name}
          </option>
        ))}
        <option value={TEST_EVENT}>Test connection</option>
      </select>
    </div>
  );
}
