import { useCallback, useEffect, useState } from 'react';

/** The deliveries page's filters, kept in the query string so a filtered list has a shareable URL. */
export interface DeliveryFilters {
  webhookCuid?: string;
  event?: string;
  status?: string;
  /** A quick range (`1h`, `24h`, `7d`) or `custom`, which reads `since` and `until`. */
  range?: string;
  since?: string;
  until?: string;
}

const FILTER_KEYS = ['webhookCuid', 'event', 'status', 'range', 'since', 'until'] as const;

/** The console's few pages, parsed from the path under /admin so every page has a shareable URL. */
export type Route =
  | { page: 'overview' }
  | { page: 'list' }
  | { page: 'deliveries'; filters: DeliveryFilters }
  | { page: 'new' }
  | { page: 'edit'; cuid: string }
  | { page: 'logs'; cuid: string };

export const BASE = '/admin';

export function parseRoute(pathname: string, search = ''): Route {
  const parts = pathname
    .replace(/^\/admin\/?/, '')
    .split('/')
    .filter(Boolean)
    .map(decodeURIComponent);
  if (parts[0] === 'deliveries') return { page: 'deliveries', filters: filtersOf(search) };
  if (parts[0] !== 'webhooks') return { page: 'overview' };
  if (parts.length < 2) return { page: 'list' };
  if (parts[1] === 'new') return { page: 'new' };
  if (parts[2] === 'logs') return { page: 'logs', cuid: parts[1] };
  return { page: 'edit', cuid: parts[1] };
}

export function pathOf(route: Route): string {
  switch (route.page) {
    case 'overview':
      return `${BASE}/`;
    case 'list':
      return `${BASE}/webhooks`;
    case 'deliveries': {
      const query = new URLSearchParams();
      for (const key of FILTER_KEYS) if (route.filters[key]) query.set(key, route.filters[key]);
      const text = query.toString();
      return `${BASE}/deliveries${text ? `?${text}` : ''}`;
    }
    case 'new':
      return `${BASE}/webhooks/new`;
    case 'edit':
      return `${BASE}/webhooks/${encodeURIComponent(route.cuid)}`;
    case 'logs':
      return `${BASE}/webhooks/${encodeURIComponent(route.cuid)}/logs`;
  }
}

function filtersOf(search: string): DeliveryFilters {
  const query = new URLSearchParams(search);
  const filters: DeliveryFilters = {};
  for (const key of FILTER_KEYS) {
    const value = query.get(key);
    if (value) filters[key] = value;
  }
  return filters;
}

/** `replace` swaps the current history entry: a filter change is not a page to go back to. */
export type Navigate = (route: Route, options?: { replace?: boolean }) => void;

export function useRoute(): [Route, Navigate] {
  const [route, setRoute] = useState(() => parseRoute(location.pathname, location.search));
  useEffect(() => {
    const onPop = () => setRoute(parseRoute(location.pathname, location.search));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback<Navigate>((next, options) => {
    if (options?.replace) history.replaceState(null, '', pathOf(next));
    else {
      history.pushState(null, '', pathOf(next));
      window.scrollTo(0, 0);
    }
    setRoute(next);
  }, []);
  return [route, navigate];
}
