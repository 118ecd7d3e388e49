import { useEffect, useState } from 'react';
import type { Api } from '../lib/api';
import { pathOf, type Route, useRoute } from '../lib/router';
import type { ConnectorSummary, EventDescription } from '../lib/types';
import { DeliveriesPage } from './deliveries-page';
import { LogsView } from './logs-view';
import { Notice, NoticeBanner } from './notice-banner';
import { OverviewPage } from './overview-page';
import { RouteLink } from './route-link';
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

/** The main navigation; each page belongs to one section, which names the tab. */
const SECTIONS: { title: string; to: Route; pages: Route['page'][] }[] = [
  { title: 'Overview', to: { page: 'overview' }, pages: ['overview'] },
  { title: 'Deliveries', to: { page: 'deliveries', filters: {} }, pages: ['deliveries'] },
  { title: 'Webhooks', to: { page: 'list' }, pages: ['list', 'new', 'edit', 'logs'] },
];

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

  const section = SECTIONS.find((entry) => entry.pages.includes(route.page)) ?? SECTIONS[0];
  useEffect(() => {
    document.title = `${section.title} · Hookpost`;
  }, [section]);

  // A notice belongs to the page it was raised for; leaving that page drops it.
  const go: typeof navigate = (next, options) => {
    if (!options?.replace) setNotice(null);
    navigate(next, options);
  };

  return (
    <>
      <header className="top-bar">
        <RouteLink to={{ page: 'overview' }} navigate={go} className="brand">
          <span className="logo" aria-hidden="true" /> Hookpost
        </RouteLink>
        <nav aria-label="Main" className="main-nav">
          {SECTIONS.map((entry) => (
            <RouteLink key={entry.title} to={entry.to} navigate={go} current={entry === section}>
              {entry.title}
            </RouteLink>
          ))}
          <button type="button" className="link-button" onClick={onSignOut}>
            Sign out
          </button>
        </nav>
      </header>
      <main className="page">
        {notice && <NoticeBanner notice={notice} onDismiss={() => setNotice(null)} />}
        {loadError && <p className="alert alert-error">Could not load the catalog: {loadError}</p>}
        {!catalog && !loadError && <p className="muted">Loading…</p>}
        {route.page === 'overview' && <OverviewPage api={api} navigate={go} />}
        {catalog && route.page === 'deliveries' && (
          <DeliveriesPage api={api} catalog={catalog} filters={route.filters} navigate={go} />
        )}
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
