import { useCallback, useEffect, useState } from 'react';
import type { Api } from '../lib/api';
import { pathOf, Route } from '../lib/router';
import type { Webhook } from '../lib/types';
import type { Catalog } from './console-shell';
import { ConfirmDialog } from './confirm-dialog';
import { HealthBadge } from './health-badge';
import type { Notice } from './notice-banner';

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
    <a
      href={pathOf(route)}
      className={className}
      aria-label={label}
      onClick={(event) => {
        event.preventDefault();
        navigate(route);
      }}
    >
      {text}
    </a>
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
        <table className="table webhook-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Events</th>
              <th scope="col">Clients</th>
              <th scope="col">Health</th>
              <th scope="col">Enabled</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {webhooks.map((webhook) => (
              <tr key={webhook.cuid} className={webhook.enabled ? undefined : 'row-off'}>
                <td>
                  {link({ page: 'edit', cuid: webhook.cuid }, webhook.name, 'strong')}
                  {/* A Slack, Teams or Discord URL lets whoever reads it post, and an HTTP URL may carry a
                      token: the list shows only the host; the editor shows the whole URL. */}
                  <div className="muted small truncate">{hostOnly(webhook.url)}</div>
                </td>
                <td>{typeName(webhook.type)}</td>
                <td>
                  <ul className="chips">
                    {webhook.events.map((event) => (
                      <li key={event} className="chip">
                        {eventName(event)}
                      </li>
                    ))}
                  </ul>
                </td>
                <td>
                  {webhook.clientCuids.length === 0
                    ? 'All clients'
                    : `${webhook.clientCuids.length} client${webhook.clientCuids.length === 1 ? '' : 's'}`}
                </td>
                <td>
                  <HealthBadge webhook={webhook} />
                </td>
                <td>
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

function hostOnly(url: string): string {
  try {
    return `${new URL(url).origin}/…`;
  } catch {
    return '…';
  }
}
