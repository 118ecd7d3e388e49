import { useEffect, useState } from 'react';
import type { Api } from '../lib/api';
import { pathOf, useRoute } from '../lib/router';
import type { ConnectorSummary, EventDescription } from '../lib/types';
import { LogsView } from './logs-view';
import { Notice, NoticeBanner } from './notice-banner';
import { WebhookEditor } from './webhook-editor';
import { WebhookList } from './webhook-list';

export interface Catalog {
  events: EventDescription[];
  connectors: ConnectorSummary[];
}

interface Props {
  api: Api;
  onSignOut: () => void;
}

/** Header, the catalog every page needs (events, connectors), page notices, and the current page. */
export function ConsoleShell({ api, onSignOut }: Props) {
  const [route, navigate] = useRoute();
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);

  useEffect(() => {
    Promise.all([api.events(), api.connectors()])
      .then(([events, connectors]) => setCatalog({ events, connectors }))
      .catch((error: Error) => setLoadError(error.message));
  }, [api]);

  // A notice belongs to the page it was raised for; leaving that page drops it.
  const go: typeof navigate = (next) => {
    setNotice(null);
    navigate(next);
  };

  return (
    <>
      <header className="top-bar">
        <a
          className="brand"
          href={pathOf({ page: 'list' })}
          onClick={(event) => {
            event.preventDefault();
            go({ page: 'list' });
          }}
        >
          <span className="logo" aria-hidden="true" /> Hookpost
        </a>
        <nav aria-label="Main">
          <button type="button" className="link-button" onClick={onSignOut}>
            Sign out
          </button>
        </nav>
      </header>
      <main className="page">
        {notice && <NoticeBanner notice={notice} onDismiss={() => setNotice(null)} />}
        {loadError && <p className="alert alert-error">Could not load the catalog: {loadError}</p>}
        {!catalog && !loadError && <p className="muted">Loading…</p>}
        {catalog && route.page === 'list' && (
          <WebhookList api={api} catalog={catalog} navigate={go} setNotice={setNotice} />
        )}
        {catalog && (route.page === 'new' || route.page === 'edit') && (
          <WebhookEditor
            key={route.page === 'edit' ? route.cuid : 'new'}
            api={api}
            catalog={catalog}
            cuid={route.page === 'edit' ? route.cuid : null}
            navigate={go}
            onSaved={(next, message) => {
              if (pathOf(next) !== location.pathname) navigate(next);
              setNotice(message);
            }}
          />
        )}
        {catalog && route.page === 'logs' && (
          <LogsView key={route.cuid} api={api} catalog={catalog} cuid={route.cuid} navigate={go} />
        )}
      </main>
    </>
  );
}
