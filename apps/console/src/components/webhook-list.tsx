import { useCallback, useEffect, useState } from 'react';
import type { Api } from '../lib/api';
import { formatRelative, formatTime } from '../lib/format';
import type { Route } from '../lib/router';
import type { Webhook } from '../lib/types';
import type { Catalog } from './console-shell';
import { ConfirmDialog } from './confirm-dialog';
import { HealthBadge } from './health-badge';
import type { Notice } from './notice-banner';
import { RouteLink } from './route-link';

interface Props {
  api: Api;
  catalog: Catalog;
  navigate: (route: Route) => void;
  setNotice: (notice: Notice | null) => void;
}

/** Every webhook with its scope and health; the enabled switch and delete act in place. */
export function WebhookList({ api, catalog, navigate, setNotice }: Props) {
  const [webhooks, setWebhooks] = useState<Webhook[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(() => {
    api
      .webhooks()
      .then((list) => {
        setWebhooks(list);
        setError(null);
      })
      .catch((caught: Error) => setError(caught.message));
  }, [api]);
  useEffect(load, [load]);

  const eventName = (event: string) => catalog.events.find((entry) => entry.event === event)?.name ?? event;
  const typeName = (type: string) =>
    catalog.connectors.find((connector) => connector.type === type)?.displayName ?? type;

  async function toggle(webhook: Webhook) {
    setBusy(webhook.cuid);
    try {
      const updated = await api.update(webhook.cuid, { enabled: !webhook.enabled });
      setWebhooks((list) => list?.map((item) => (item.cuid === updated.cuid ? updated : item)) ?? null);
      setNotice({
        kind: 'success',
        text: `${updated.name} is now ${updated.enabled ? 'enabled' : 'disabled'}.`,
      });
    } catch (caught) {
      setNotice({ kind: 'error', text: `Could not change ${webhook.name}: ${(caught as Error).message}` });
    } finally {
      setBusy(null);
    }
  }

  async function remove(webhook: Webhook) {
    setDeleting(null);
    try {
      await api.remove(webhook.cuid);
      setWebhooks((list) => list?.filter((item) => item.cuid !== webhook.cuid) ?? null);
      setNotice({ kind: 'success', text: `Deleted ${webhook.name}.` });
    } catch (caught) {
      setNotice({ kind: 'error', text: `Could not delete ${webhook.name}: ${(caught as Error).message}` });
    }
  }

  const link = (route: Route, text: string, className?: string, label?: string) => (
    <RouteLink to={route} navigate={navigate} className={className} label={label}>
      {text}
    </RouteLink>
  );

  return (
    <section aria-labelledby="webhooks-title">
      <div className="page-head">
        <h1 id="webhooks-title">Webhooks</h1>
        {link({ page: 'new' }, 'New webhook', 'button primary')}
      </div>
      {error && <p className="alert alert-error">Could not load webhooks: {error}</p>}
      {webhooks === null && !error && <p className="muted">Loading…</p>}
      {webhooks?.length === 0 && (
        <div className="card empty">
          <p>
            No webhooks yet. Create one to send events to Slack, Microsoft Teams, Discord or any HTTP
            endpoint.
          </p>
        </div>
      )}
      {webhooks && webhooks.length > 0 && (
        <table className="table webhook-table stack-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Events</th>
              <th scope="col">Clients</th>
              <th scope="col">Health</th>
              <th scope="col">Last delivery</th>
              <th scope="col">Last error</th>
              <th scope="col">Enabled</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {webhooks.map((webhook) => (
              <tr key={webhook.cuid} className={webhook.enabled ? undefined : 'row-off'}>
                <td data-label="Name" className="name-cell">
                  {link({ page: 'edit', cuid: webhook.cuid }, webhook.name, 'strong')}
                  {/* A Slack, Teams or Discord URL lets whoever reads it post, and an HTTP URL may carry a
                      token: the list shows only the host; the editor shows the whole URL. */}
                  <div className="muted small truncate">
                    {typeName(webhook.type)} · {hostOnly(webhook.url)}
                  </div>
                </td>
                <td data-label="Events">
                  <ul className="chips">
                    {webhook.events.map((event) => (
                      <li key={event} className="chip">
                        {eventName(event)}
                      </li>
                    ))}
                  </ul>
                </td>
                <td data-label="Clients">
                  {webhook.clientCuids.length === 0
                    ? 'All clients'
                    : `${webhook.clientCuids.length} client${webhook.clientCuids.length === 1 ? '' : 's'}`}
                </td>
                <td data-label="Health">
                  <HealthBadge webhook={webhook} />
                </td>
                <td data-label="Last delivery" className="last-delivery">
                  <LastDelivery webhook={webhook} />
                </td>
                <td data-label="Last error" className="last-error">
                  <LastError webhook={webhook} />
                </td>
                <td data-label="Enabled">
                  <label className="switch">
                    <input
                      type="checkbox"
                      role="switch"
                      checked={webhook.enabled}
                      disabled={busy === webhook.cuid}
                      onChange={() => toggle(webhook)}
                      aria-label={`Enabled: ${webhook.name}`}
                    />
                    <span className="switch-track" aria-hidden="true" />
                  </label>
                </td>
                <td className="row-actions">
                  {link(
                    { page: 'deliveries', filters: { webhookCuid: webhook.cuid } },
                    'Deliveries',
                    'button small',
                    `Deliveries of ${webhook.name}`,
                  )}
                  {link(
                    { page: 'logs', cuid: webhook.cuid },
                    'Logs',
                    'button small',
                    `Logs of ${webhook.name}`,
                  )}
                  {link({ page: 'edit', cuid: webhook.cuid }, 'Edit', 'button small', `Edit ${webhook.name}`)}
                  <button
                    type="button"
                    className="small danger-outline"
                    onClick={() => setDeleting(webhook)}
                    aria-label={`Delete ${webhook.name}`}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          body="Its configuration and pending deliveries are removed. This cannot be undone."
          confirmLabel="Delete webhook"
          onConfirm={() => remove(deleting)}
          onCancel={() => setDeleting(null)}
        />
      )}
    </section>
  );
}

/** When the webhook was last tried; whether it worked is the health badge's to say. */
function LastDelivery({ webhook }: { webhook: Webhook }) {
  const { lastAttemptAt } = webhook.health;
  if (!lastAttemptAt) return <span className="muted">never</span>;
  return (
    <time dateTime={lastAttemptAt} title={formatTime(lastAttemptAt)}>
      {formatRelative(lastAttemptAt)}
    </time>
  );
}

/** The latest failure's message and time; kept after later successes, so it reads as history, not state. */
function LastError({ webhook }: { webhook: Webhook }) {
  const { lastError, lastErrorAt } = webhook.health;
  if (!lastError) return <span className="muted">none</span>;
  return (
    <>
      <div className="small error-text clamp-2" title={lastError}>
        {lastError.replace(/^Failed to call webhook: /, '')}
      </div>
      {lastErrorAt && (
        <time className="muted small" dateTime={lastErrorAt} title={formatTime(lastErrorAt)}>
          {formatRelative(lastErrorAt)}
        </time>
      )}
    </>
  );
}

function hostOnly(url: string): string {
  try {
    return `${new URL(url).origin}/…`;
  } catch {
    return '…';
  }
}
