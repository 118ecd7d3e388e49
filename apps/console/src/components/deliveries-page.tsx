import { useCallback, useEffect, useRef, useState } from 'react';
import type { Api } from '../lib/api';
import { deliveryQuery, fromLocalInput, QUICK_RANGES, toLocalInput } from '../lib/delivery-filters';
import type { DeliveryFilters, Navigate } from '../lib/router';
import type { DeliveryStatus, DeliverySummary, Webhook } from '../lib/types';
import type { Catalog } from './console-shell';
import { DeliveryRow } from './delivery-row';
import { EventFilter } from './event-filter';

interface Props {
  api: Api;
  catalog: Catalog;
  filters: DeliveryFilters;
  navigate: Navigate;
}

const STATUSES: { value: DeliveryStatus; label: string }[] = [
  { value: 'pending', label: 'Pending' },
  { value: 'retrying', label: 'Retrying' },
  { value: 'succeeded', label: 'Succeeded' },
  { value: 'failed', label: 'Failed' },
  { value: 'cancelled', label: 'Cancelled' },
];

/** Deliveries across every webhook, newest first, filtered from the URL, paged by cursor. */
export function DeliveriesPage({ api, catalog, filters, navigate }: Props) {
  const [webhooks, setWebhooks] = useState<Webhook[]>([]);
  const [items, setItems] = useState<DeliverySummary[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  // The filters as one value, so a new URL with the same filters does not reload.
  const key = JSON.stringify(filters);
  // The first page's query, for the pages after it: a quick range is counted back from that moment.
  const pageQuery = useRef(deliveryQuery(filters));
  // Filters change faster than answers come back: only the latest request's answer is shown.
  const latest = useRef(0);

  useEffect(() => {
    api
      .webhooks()
      .then(setWebhooks)
      .catch(() => undefined); // names only: rows fall back to the webhook's cuid
  }, [api]);

  const load = useCallback(
    async (after?: string) => {
      if (!after) pageQuery.current = deliveryQuery(JSON.parse(key) as DeliveryFilters);
      const request = ++latest.current;
      setLoading(true);
      try {
        const page = await api.deliveries({ ...pageQuery.current, cursor: after });
        if (request !== latest.current) return;
        setItems((current) => (after && current ? [...current, ...page.items] : page.items));
        setCursor(page.nextCursor);
        setError(null);
      } catch (caught) {
        if (request === latest.current) setError((caught as Error).message);
      } finally {
        if (request === latest.current) setLoading(false);
      }
    },
    [api, key],
  );

  useEffect(() => {
    void load();
  }, [load]);

  const change = (patch: Partial<DeliveryFilters>) =>
    navigate({ page: 'deliveries', filters: { ...filters, ...patch } }, { replace: true });
  const nameOf = (cuid: string) => webhooks.find((webhook) => webhook.cuid === cuid)?.name ?? cuid;
  const filtered = Object.values(filters).some(Boolean);

  return (
    <section aria-labelledby="deliveries-title">
      <div className="page-head">
        <div>
          <h1 id="deliveries-title">Deliveries</h1>
          <p className="muted small">Every webhook, newest first; open a delivery to see its attempts.</p>
        </div>
      </div>
      <div className="filters card" role="search" aria-label="Filter deliveries">
        <div className="field">
          <label htmlFor="filter-webhook">Webhook</label>
          <select
            id="filter-webhook"
            value={filters.webhookCuid ?? ''}
            onChange={(event) => change({ webhookCuid: event.target.value || undefined })}
          >
            <option value="">All webhooks</option>
            {filters.webhookCuid && !webhooks.some((webhook) => webhook.cuid === filters.webhookCuid) && (
              <option value={filters.webhookCuid}>{filters.webhookCuid}</option>
            )}
            {webhooks.map((webhook) => (
              <option key={webhook.cuid} value={webhook.cuid}>
                {webhook.name}
              </option>
            ))}
          </select>
        </div>
        <EventFilter
          catalog={catalog}
          value={filters.event ?? ''}
          onChange={(event) => change({ event: event || undefined })}
        />
        <div className="field">
          <label htmlFor="filter-status">Status</label>
          <select
            id="filter-status"
            value={filters.status ?? ''}
            onChange={(event) => change({ status: event.target.value || undefined })}
          >
            <option value="">Any status</option>
            {STATUSES.map((status) => (
              <option key={status.value} value={status.value}>
                {status.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-range">Created</label>
          <select
            id="filter-range"
            value={filters.range ?? ''}
            onChange={(event) =>
              change({ range: event.target.value || undefined, since: undefined, until: undefined })
            }
          >
            {QUICK_RANGES.map((range) => (
              <option key={range.value} value={range.value}>
                {range.label}
              </option>
            ))}
          </select>
        </div>
        {filters.range === 'custom' && (
          <>
            <div className="field">
              <label htmlFor="filter-since">From</label>
              <input
                id="filter-since"
                type="datetime-local"
                value={toLocalInput(filters.since)}
                onChange={(event) => change({ since: fromLocalInput(event.target.value) })}
              />
            </div>
            <div className="field">
              <label htmlFor="filter-until">To</label>
              <input
                id="filter-until"
                type="datetime-local"
                value={toLocalInput(filters.until)}
                onChange={(event) => change({ until: fromLocalInput(event.target.value) })}
              />
            </div>
          </>
        )}
        <div className="filter-actions">
          <button type="button" onClick={() => void load()} disabled={loading}>
            {loading ? 'Loading…' : 'Refresh'}
          </button>
          {filtered && (
            <button
              type="button"
              className="link-button"
              onClick={() => navigate({ page: 'deliveries', filters: {} }, { replace: true })}
            >
              Clear filters
            </button>
          )}
        </div>
      </div>
      {error && <p className="alert alert-error">Could not load the deliveries: {error}</p>}
      {items === null && !error && <p className="muted">Loading…</p>}
      {items?.length === 0 && (
        <div className="card empty">
          <p>No deliveries{filtered ? ' match these filters' : ' yet'}.</p>
        </div>
      )}
      {items && items.length > 0 && (
        <table className="table deliveries-table stack-table">
          <thead>
            <tr>
              <th scope="col">Created</th>
              <th scope="col">Webhook</th>
              <th scope="col">Event</th>
              <th scope="col">Status</th>
              <th scope="col">Last response</th>
              <th scope="col">Attempts</th>
            </tr>
          </thead>
          <tbody>
            {items.map((delivery) => (
              <DeliveryRow
                key={delivery.cuid}
                delivery={delivery}
                webhookName={nameOf(delivery.webhookCuid)}
                navigate={navigate}
              />
            ))}
          </tbody>
        </table>
      )}
      {cursor && (
        <button type="button" className="load-more" onClick={() => void load(cursor)} disabled={loading}>
          Load older deliveries
        </button>
      )}
    </section>
  );
}
