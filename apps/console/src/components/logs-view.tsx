import { useCallback, useEffect, useState } from 'react';
import type { Api } from '../lib/api';
import type { Route } from '../lib/router';
import type { DeliveryAttempt, Webhook } from '../lib/types';
import { AttemptRow } from './attempt-row';
import type { Catalog } from './console-shell';
import { EventFilter, TEST_EVENT } from './event-filter';
import { HealthBadge } from './health-badge';
import { RouteLink } from './route-link';
import { BackLink } from './webhook-editor';

interface Props {
  api: Api;
  catalog: Catalog;
  cuid: string;
  navigate: (route: Route) => void;
}

/** One webhook's delivery attempts, newest first, filtered by outcome and event, paged by cursor. */
export function LogsView({ api, catalog, cuid, navigate }: Props) {
  const [webhook, setWebhook] = useState<Webhook | null>(null);
  const [status, setStatus] = useState('');
  const [event, setEvent] = useState('');
  const [items, setItems] = useState<DeliveryAttempt[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const load = useCallback(
    async (after?: string) => {
      setLoading(true);
      try {
        const [page, latest] = await Promise.all([
          api.logs(cuid, { status, event, cursor: after }),
          after ? Promise.resolve(null) : api.webhook(cuid),
        ]);
        if (latest) setWebhook(latest);
        setItems((current) => (after && current ? [...current, ...page.items] : page.items));
        setCursor(page.nextCursor);
        setError(null);
      } catch (caught) {
        setError((caught as Error).message);
      } finally {
        setLoading(false);
      }
    },
    [api, cuid, status, event],
  );

  useEffect(() => {
    void load();
  }, [load]);

  async function redeliver(attempt: DeliveryAttempt) {
    try {
      await api.redeliver(cuid, attempt.deliveryCuid);
      setMessage(
        `Delivery ${attempt.deliveryCuid} was queued to be sent again. Refresh to see the new attempt.`,
      );
    } catch (caught) {
      setMessage(`Could not redeliver: ${(caught as Error).message}`);
    }
  }

  return (
    <section aria-labelledby="logs-title">
      <div className="page-head">
        <div>
          <BackLink navigate={navigate} />
          <h1 id="logs-title">Delivery logs{webhook ? `: ${webhook.name}` : ''}</h1>
          {webhook && (
            <p className="muted">
              <HealthBadge webhook={webhook} /> <span className="truncate">{webhook.url}</span>
            </p>
          )}
        </div>
        <div className="head-actions">
          <RouteLink
            to={{ page: 'deliveries', filters: { webhookCuid: cuid } }}
            navigate={navigate}
            className="button"
          >
            Deliveries
          </RouteLink>
          <RouteLink to={{ page: 'edit', cuid }} navigate={navigate} className="button">
            Edit webhook
          </RouteLink>
        </div>
      </div>
      <div className="filters card" role="search" aria-label="Filter attempts">
        <div className="field">
          <label htmlFor="filter-status">Outcome</label>
          <select id="filter-status" value={status} onChange={(change) => setStatus(change.target.value)}>
            <option value="">All</option>
            <option value="succeeded">Succeeded</option>
            <option value="failed">Failed</option>
          </select>
        </div>
        <EventFilter catalog={catalog} value={event} onChange={setEvent} />
        <button type="button" onClick={() => void load()} disabled={loading}>
          {loading ? 'Loading…' : 'Refresh'}
        </button>
      </div>
      {message && (
        <p className="alert alert-success" role="status">
          {message}
        </p>
      )}
      {error && <p className="alert alert-error">Could not load the logs: {error}</p>}
      {items?.length === 0 && (
        <div className="card empty">
          <p>No attempts{status || event ? ' match these filters' : ' yet'}.</p>
        </div>
      )}
      {items && items.length > 0 && (
        <table className="table logs-table stack-table">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Event</th>
              <th scope="col">Attempt</th>
              <th scope="col">Outcome</th>
              <th scope="col">HTTP</th>
              <th scope="col">Duration</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((attempt) => (
              <AttemptRow
                key={attempt.cuid}
                attempt={attempt}
                canRedeliver={attempt.event !== TEST_EVENT}
                onRedeliver={() => redeliver(attempt)}
              />
            ))}
          </tbody>
        </table>
      )}
      {cursor && (
        <button type="button" className="load-more" onClick={() => void load(cursor)} disabled={loading}>
          Load older attempts
        </button>
      )}
    </section>
  );
}
