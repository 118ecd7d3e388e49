import { parseRoute, pathOf, type Route } from './router';

/** Every console page has a URL under /admin, and the URL gives the page back. */
describe('console routes', () => {
  it.each<[string, string, Route]>([
    ['/admin', '', { page: 'overview' }],
    ['/admin/', '', { page: 'overview' }],
    ['/admin/webhooks', '', { page: 'list' }],
    ['/admin/webhooks/', '', { page: 'list' }],
    ['/admin/webhooks/new', '', { page: 'new' }],
    ['/admin/webhooks/abc123', '', { page: 'edit', cuid: 'abc123' }],
    ['/admin/webhooks/abc123/logs', '', { page: 'logs', cuid: 'abc123' }],
    ['/admin/deliveries', '', { page: 'deliveries', filters: {} }],
    [
      '/admin/deliveries',
      '?status=failed&webhookCuid=w1&range=custom&since=2026-01-01T00:00:00Z&until=2026-01-02T00:00:00Z&event=ReportPublished',
      {
        page: 'deliveries',
        filters: {
          status: 'failed',
          webhookCuid: 'w1',
          range: 'custom',
          since: '2026-01-01T00:00:00Z',
          until: '2026-01-02T00:00:00Z',
          event: 'ReportPublished',
        },
      },
    ],
  ])('reads %s%s', (path, search, route) => {
    expect(parseRoute(path, search)).toEqual(route);
  });

  it('reads a path it does not know as the overview', () => {
    expect(parseRoute('/admin/nowhere/at/all')).toEqual({ page: 'overview' });
  });

  it('keeps only the filters it knows, and none that are empty', () => {
    expect(parseRoute('/admin/deliveries', '?status=&cursor=abc&limit=5&event=ReportPublished')).toEqual({
      page: 'deliveries',
      filters: { event: 'ReportPublished' },
    });
  });

  it.each<Route>([
    { page: 'overview' },
    { page: 'list' },
    { page: 'new' },
    { page: 'edit', cuid: 'a/b c?' },
    { page: 'logs', cuid: '%41' },
    { page: 'deliveries', filters: {} },
    { page: 'deliveries', filters: { webhookCuid: 'w 1&2', status: 'pending', range: '24h' } },
  ])('gives back %j from its path', (route) => {
    const [path, search = ''] = pathOf(route).split('?');
    expect(parseRoute(path, search ? `?${search}` : '')).toEqual(route);
  });

  it('writes the filters in one order, so one list has one URL', () => {
    expect(pathOf({ page: 'deliveries', filters: { until: 'u', status: 'failed', webhookCuid: 'w' } })).toBe(
      '/admin/deliveries?webhookCuid=w&status=failed&until=u',
    );
    expect(pathOf({ page: 'deliveries', filters: {} })).toBe('/admin/deliveries');
  });
});
