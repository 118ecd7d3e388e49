import { useEffect, useState } from 'react';
import { ApiError, type Api } from '../lib/api';
import { formatHeaders, prettyBody } from '../lib/format';
import type { EventDescription, PreviewRequest, RequestPreview } from '../lib/types';

interface Props {
  api: Api;
  type: string;
  message: string;
  url: string;
  /** ed25519: the preview carries the v1a signature a delivery would. */
  signatureScheme: PreviewRequest['signatureScheme'];
  events: EventDescription[];
}

const DEBOUNCE_MS = 400;

/** The exact request the connector would send for a sample event, refreshed shortly after typing stops. */
export function RequestPreviewPanel({ api, type, message, url, signatureScheme, events }: Props) {
  const [chosen, setChosen] = useState<string | null>(null);
  const [preview, setPreview] = useState<RequestPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const event = events.find((entry) => entry.event === chosen)?.event ?? events[0]?.event;

  useEffect(() => {
    if (!event) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setLoading(true);
      api
        .preview({ type, message, event, url: url.trim() || undefined, signatureScheme }, controller.signal)
        .then((result) => {
          setPreview(result);
          setError(null);
        })
        .catch((caught: unknown) => {
          if (controller.signal.aborted) return;
          setError(
            caught instanceof ApiError && caught.status === 404
              ? 'Preview is not available on this server.'
              : (caught as Error).message,
          );
        })
        .finally(() => {
          if (!controller.signal.aborted) setLoading(false);
        });
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [api, type, message, url, signatureScheme, event]);

  return (
    <section className="preview" aria-labelledby="preview-title" aria-busy={loading}>
      <div className="label-row">
        <h3 id="preview-title">Preview</h3>
        <label htmlFor="preview-event" className="small">
          Sample event
        </label>
        <select id="preview-event" value={event ?? ''} onChange={(change) => setChosen(change.target.value)}>
          {events.map((entry) => (
            <option key={entry.event} value={entry.event}>
              {entry.name}
            </option>
          ))}
        </select>
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
