import { useRef } from 'react';
import type { Api } from '../lib/api';
import type { EventDescription, PreviewRequest } from '../lib/types';
import { describedBy, FieldErrors } from './form-field';
import { RequestPreviewPanel } from './request-preview';

interface Props {
  api: Api;
  value: string;
  onChange: (message: string) => void;
  defaultMessage: string | undefined;
  type: string;
  url: string;
  signatureScheme: PreviewRequest['signatureScheme'];
  /** The events the webhook listens to (all of the catalog when none is chosen yet). */
  events: EventDescription[];
  /** The preview's sample event, shared with the filter check. */
  sampleEvent: PreviewRequest['event'] | undefined;
  onSampleEvent: (event: PreviewRequest['event']) => void;
  errors?: string[];
}

const PLACEHOLDER = '<label>';

/** The template with a variable picker (inserting %NAME% at the cursor) beside a live preview. */
export function MessageEditor({
  api,
  value,
  onChange,
  defaultMessage,
  type,
  url,
  signatureScheme,
  events,
  sampleEvent,
  onSampleEvent,
  errors,
}: Props) {
  const textarea = useRef<HTMLTextAreaElement>(null);
  const variables = [...new Set(events.flatMap((event) => event.variables))];

  function insert(variable: string) {
    const element = textarea.current;
    if (!element) return;
    const token = `%${variable}%`;
    const { selectionStart, selectionEnd } = element;
    onChange(value.slice(0, selectionStart) + token + value.slice(selectionEnd));
    // Select the <label> placeholder of a custom-field token so typing replaces it; else put the caret after.
    const placeholder = token.indexOf(PLACEHOLDER);
    const start = selectionStart + (placeholder >= 0 ? placeholder : token.length);
    const end = placeholder >= 0 ? start + PLACEHOLDER.length : start;
    requestAnimationFrame(() => {
      element.focus();
      element.setSelectionRange(start, end);
    });
  }

  return (
    <div className="message-editor">
      <div className={`field${errors?.length ? ' field-invalid' : ''}`}>
        <div className="label-row">
          <label htmlFor="message">Message template</label>
          {defaultMessage !== undefined && value !== defaultMessage && (
            <button type="button" className="link-button small" onClick={() => onChange(defaultMessage)}>
              Reset to default
            </button>
          )}
        </div>
        <textarea
          ref={textarea}
          rows={8}
          spellCheck={false}
          className="code"
          value={value}
          onChange={(event) => onChange(event.target.value)}
          {...describedBy('message', true, errors)}
        />
        <p id="message-hint" className="hint">
          Handlebars, plus PlexTrac’s <code>%NAME%</code> variables. Each connector escapes values for its
          format.
        </p>
        <FieldErrors id="message" errors={errors} />
        <div className="variables" role="group" aria-labelledby="variables-label">
          <span id="variables-label" className="label">
            Insert a variable
          </span>
          <ul className="chips">
            {variables.map((variable) => (
              <li key={variable}>
                <button type="button" className="chip chip-button" onClick={() => insert(variable)}>
                  %{variable}%
                </button>
              </li>
            ))}
          </ul>
        </div>
      </div>
      <RequestPreviewPanel
        api={api}
        type={type}
        message={value}
        url={url}
        signatureScheme={signatureScheme}
        events={events}
        event={sampleEvent}
        onEvent={onSampleEvent}
      />
    </div>
  );
}
