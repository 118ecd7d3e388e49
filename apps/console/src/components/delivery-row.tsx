import { Fragment, useState } from 'react';
import { attemptOutcome, DELIVERY_TONES } from '../lib/delivery-status';
import { formatDuration, formatTime } from '../lib/format';
import type { Route } from '../lib/router';
import type { DeliverySummary } from '../lib/types';
import { RouteLink } from './route-link';
import { StatusBadge } from './status-badge';

interface Props {
  delivery: DeliverySummary;
  webhookName: string;
  navigate: (route: Route) => void;
}

const COLUMNS = 6;

/** One delivery as a table row; its attempts, first first, unfold in the row below. */
export function DeliveryRow({ delivery, webhookName, navigate }: Props) {
  const [open, setOpen] = useState(false);
  const attemptsId = `delivery-${delivery.cuid}`;
  const last = delivery.attempts[delivery.attempts.length - 1];
  const count = delivery.attempts.length;
  return (
    <Fragment>
      <tr className={`delivery-row tone-${DELIVERY_TONES[delivery.status]}`} data-delivery={delivery.cuid}>
        <td data-label="Created">{formatTime(delivery.createdAt)}</td>
        <td data-label="Webhook">
          <RouteLink to={{ page: 'logs', cuid: delivery.webhookCuid }} navigate={navigate} className="strong">
            {webhookName}
          </RouteLink>
        </td>
        <td data-label="Event">
          <code className="small">{delivery.event}</code>
        </td>
        <td data-label="Status">
          <StatusBadge outcome={{ label: delivery.status, tone: DELIVERY_TONES[delivery.status] }} />
          {delivery.status === 'retrying' && delivery.nextAttemptAt && (
            <div className="muted small">next try {formatTime(delivery.nextAttemptAt)}</div>
          )}
          {delivery.waitingBehind && <div className="muted small">waiting its turn (same target)</div>}
        </td>
        <td data-label="Response">
          {last ? (
            <>
              {last.statusCode !== null ? `HTTP ${last.statusCode}` : (last.errorCode ?? '—')}
              <span className="muted small"> · {formatDuration(last.durationMs)}</span>
            </>
          ) : (
            <span className="muted">not tried yet</span>
          )}
        </td>
        <td className="row-actions">
          <button
            type="button"
            className="small"
            aria-expanded={open}
            aria-controls={attemptsId}
            disabled={count === 0}
            onClick={() => setOpen(!open)}
          >
            {count} attempt{count === 1 ? '' : 's'} <span aria-hidden="true">{open ? '▴' : '▾'}</span>
          </button>
        </td>
      </tr>
      {open && (
        <tr id={attemptsId} className="details-row">
          <td colSpan={COLUMNS}>
            <table
              className="attempts-table stack-table"
              aria-label={`Attempts of delivery ${delivery.cuid}`}
            >
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Time</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">HTTP</th>
                  <th scope="col">Duration</th>
                  <th scope="col">Error</th>
                </tr>
              </thead>
              <tbody>
                {delivery.attempts.map((attempt) => (
                  <tr key={attempt.attempt}>
                    <td data-label="Attempt">#{attempt.attempt}</td>
                    <td data-label="Time">{formatTime(attempt.createdAt)}</td>
                    <td data-label="Outcome">
                      <StatusBadge outcome={attemptOutcome(attempt, delivery)} />
                    </td>
                    <td data-label="HTTP">{attempt.statusCode ?? '—'}</td>
                    <td data-label="Duration">{formatDuration(attempt.durationMs)}</td>
                    <td data-label="Error" className="error-cell">
                      {attempt.error ?? <span className="muted">—</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="small details-foot">
              Delivery <code>{delivery.cuid}</code>
              {delivery.targetCuid && (
                <>
                  {' '}
                  · target <code>{delivery.targetCuid}</code>
                </>
              )}{' '}
              ·{' '}
              <RouteLink to={{ page: 'logs', cuid: delivery.webhookCuid }} navigate={navigate}>
                requests and responses in the webhook&apos;s logs
              </RouteLink>
            </p>
          </td>
        </tr>
      )}
    </Fragment>
  );
}
