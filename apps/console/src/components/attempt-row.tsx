import { Fragment, useState } from 'react';
import { loggedOutcome } from '../lib/delivery-status';
import { formatHeaders, formatTime, prettyBody } from '../lib/format';
import type { DeliveryAttempt } from '../lib/types';
import { StatusBadge } from './status-badge';

interface Props {
  attempt: DeliveryAttempt;
  canRedeliver: boolean;
  onRedeliver: () => void;
}

/** One attempt as a table row; its request and response unfold in the row below. */
export function AttemptRow({ attempt, canRedeliver, onRedeliver }: Props) {
  const [open, setOpen] = useState(false);
  const detailsId = `attempt-${attempt.cuid}`;
  const outcome = loggedOutcome(attempt);
  return (
    <Fragment>
      <tr className={`tone-${outcome.tone}`}>
        <td data-label="Time">{formatTime(attempt.createdAt)}</td>
        <td data-label="Event">
          <code className="small">{attempt.event}</code>
        </td>
        <td data-label="Attempt">#{attempt.attempt}</td>
        <td data-label="Outcome">
          <StatusBadge outcome={outcome} />
          {attempt.willRetry && (
            <span className="muted small"> · retry {formatTime(attempt.nextAttemptAt)}</span>
          )}
          {attempt.error && (
            <div className={`small ${outcome.tone === 'bad' ? 'error-text' : 'warn-text'}`}>
              {attempt.error}
            </div>
          )}
        </td>
        <td data-label="HTTP">{attempt.statusCode ?? '—'}</td>
        <td data-label="Duration">{attempt.durationMs} ms</td>
        <td className="row-actions">
          <button
            type="button"
            className="small"
            aria-expanded={open}
            aria-controls={detailsId}
            onClick={() => setOpen(!open)}
          >
            {open ? 'Hide details' : 'Details'}
          </button>
          {canRedeliver && (
            <button type="button" className="small" onClick={onRedeliver}>
              Redeliver
            </button>
          )}
        </td>
      </tr>
      {open && (
        <tr id={detailsId} className="details-row">
          <td colSpan={7}>
            <dl className="meta">
              <dt>Delivery</dt>
              <dd>
                <code>{attempt.deliveryCuid}</code>
              </dd>
              {attempt.errorCode && (
                <>
                  <dt>Error code</dt>
                  <dd>
                    <code>{attempt.errorCode}</code>
                  </dd>
                </>
              )}
            </dl>
            <div className="grid-2">
              <div>
                <h4>Request headers</h4>
                <pre className="code-block">{formatHeaders(attempt.requestHeaders)}</pre>
                <h4>Request body</h4>
                <pre className="code-block">{prettyBody(attempt.requestBody)}</pre>
              </div>
              <div>
                <h4>Response{attempt.statusCode !== null ? ` (HTTP ${attempt.statusCode})` : ''}</h4>
                <pre className="code-block">{prettyBody(attempt.responseBody)}</pre>
              </div>
            </div>
          </td>
        </tr>
      )}
    </Fragment>
  );
}
