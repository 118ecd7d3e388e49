import { ApiError, type Api } from '../lib/api';
import { formatHeaders, prettyBody } from '../lib/format';
import type { EventDescription, PreviewRequest } from '../lib/types';
import { useDebouncedRequest } from '../lib/use-debounced-request';
import { SampleEventSelect } from './sample-event-select';

interface Props {
  api: Api;
  type: string;
  message: string;
  url: string;
  /** ed25519: the preview carries the v1a signature a delivery would. */
  signatureScheme: PreviewRequest['signatureScheme'];
  events: EventDescription[];
  /** The sample event shown (the filter is checked against the same one). */
  event: PreviewRequest['event'] | undefined;
  onEvent: (event: PreviewRequest['event']) => void;
}

/** The exact request the connector would send for a sample event, refreshed shortly after typing stops. */
export function RequestPreviewPanel({
  api,
  type,
  message,
  url,
  signatureScheme,
  events,
  event,
  onEvent,
}: Props) {
  const asked = event && { type, message, event, url: url.trim() || undefined, signatureScheme };
  const {
    value: preview,
    error: failure,
    loading,
  } = useDebouncedRequest(
    JSON.stringify(asked ?? null),
    asked ? (signal) => api.preview(asked, signal) : null,
  );
  const error =
    failure === null
      ? null
      : failure instanceof ApiError && failure.status === 404
        ? 'Preview is not available on this server.'
        : (failure as Error).message;

  return (
    <section className="preview" aria-labelledby="preview-title" aria-busy={loading}>
      <div className="label-row">
        <h3 id="preview-title">Preview</h3>
        <SampleEventSelect id="preview-event" events={events} event={event} onEvent={onEvent} />
      </div>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {preview && (
        <div className={error ? 'stale' : undefined}>
          {preview.warnings && preview.warnings.length > 0 && (
            <ul className="warnings">
              {preview.warnings.map((warning) => (
                <li key={warning}>⚠ {warning}</li>
              ))}
            </ul>
          )}
          <h4>Headers</h4>
          <pre className="code-block" data-testid="preview-headers">
            {formatHeaders(preview.headers)}
          </pre>
          <h4>Body{preview.bytes !== undefined ? ` · ${preview.bytes} bytes` : ''}</h4>
          <pre className="code-block" data-testid="preview-body">
            {prettyBody(preview.body)}
          </pre>
        </div>
      )}
      {!preview && !error && <p className="muted">Rendering…</p>}
    </section>
  );
}
