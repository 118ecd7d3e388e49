import type { EventDescription, PreviewRequest } from '../lib/types';

interface Props {
  id: string;
  events: EventDescription[];
  event: PreviewRequest['event'] | undefined;
  onEvent: (event: PreviewRequest['event']) => void;
}

/** Which catalog event the preview and the filter check use as their sample. */
export function SampleEventSelect({ id, events, event, onEvent }: Props) {
  return (
    <>
      <label htmlFor={id} className="small">
        Sample event
      </label>
      <select
        id={id}
        value={event ?? ''}
        onChange={(change) => onEvent(change.target.value as PreviewRequest['event'])}
      >
        {events.map((entry) => (
          <option key={entry.event} value={entry.event}>
            {entry.name}
          </option>
        ))}
      </select>
    </>
  );
}
