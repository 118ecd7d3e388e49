import { useCallback, useEffect, useState } from 'react';

/** The console's few pages, parsed from the path under /admin so every page has a shareable URL. */
export type Route =
  { page: 'list' } | { page: 'new' } | { page: 'edit'; cuid: string } | { page: 'logs'; cuid: string };

export const BASE = '/admin';

export function parseRoute(pathname: string): Route {
  const parts = pathname
    .replace(/^\/admin\/?/, '')
    .split('/')
    .filter(Boolean)
    .map(decodeURIComponent);
  if (parts[0] !== 'webhooks' || parts.length < 2) return { page: 'list' };
  if (parts[1] === 'new') return { page: 'new' };
  if (parts[2] === 'logs') return { page: 'logs', cuid: parts[1] };
  return { page: 'edit', cuid: parts[1] };
}

export function pathOf(route: Route): string {
  switch (route.page) {
    case 'list':
      return `${BASE}/`;
    case 'new':
      return `${BASE}/webhooks/new`;
    case 'edit':
      return `${BASE}/webhooks/${encodeURIComponent(route.cuid)}`;
    case 'logs':
      return `${BASE}/webhooks/${encodeURIComponent(route.cuid)}/logs`;
  }
}

export function useRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState(() => parseRoute(location.pathname));
  useEffect(() => {
    const onPop = () => setRoute(parseRoute(location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((next: Route) => {
    history.pushState(null, '', pathOf(next));
    setRoute(next);
    window.scrollTo(0, 0);
  }, []);
  return [route, navigate];
}
