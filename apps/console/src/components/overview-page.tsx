import { useCallback, useEffect, useState } from 'react';
import type { Api } from '../lib/api';
import { formatDuration, formatPercent } from '../lib/format';
import type { Route } from '../lib/router';
import { delivered, RANGES, type RangeKey, successRate } from '../lib/traffic';
import type { Stats, StatsFigures, Webhook } from '../lib/types';
import { RouteLink } from './route-link';
import { TrafficCharts } from './traffic-charts';

interface Props {
  api: Api;
  navigate: (route: Route) => void;
}

const REFRESH_MS = 60_000;

/** The landing page: traffic at a glance, in total or for one webhook, over the last hour or day. */
export function OverviewPage({ api, navigate }: Props) {
  const [range, setRange] = useState<RangeKey>('hour');
  const [webhookCuid, setWebhookCuid] = useState('');
  const [stats, setStats] = useState<Stats | null>(null);
  const [webhooks, setWebhooks] = useState<Webhook[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(
    async (signal?: AbortSignal) => {
      setLoading(true);
      try {
        const [next, list] = await Promise.all([
          api.stats({ bucket: RANGES[range].bucket }, signal),
          api.webhooks(),
        ]);
        setStats(next);
        setWebhooks(list);
        setError(null);
      } catch (caught) {
        if (!signal?.aborted) setError((caught as Error).message);
      } finally {
        if (!signal?.aborted) setLoading(false);
      }
    },
    [api, range],
  );

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    const timer = setInterval(() => void load(controller.signal), REFRESH_MS);
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, [load]);

  // A webhook deleted since still has traffic in the range: it is offered under its old cuid.
  const options = [
    ...webhooks.map((webhook) => ({ cuid: webhook.cuid, name: webhook.name })),
    ...(stats?.webhooks ?? [])
      .filter((entry) => !webhooks.some((webhook) => webhook.cuid === entry.webhookCuid))
      .map((entry) => ({
        cuid: entry.webhookCuid,
        name: entry.name ?? `Deleted webhook ${entry.webhookCuid}`,
      })),
  ];
  const chosen = options.find((option) => option.cuid === webhookCuid);
  const series = !stats
    ? null
    : webhookCuid
      ? (stats.webhooks.find((entry) => entry.webhookCuid === webhookCuid) ?? null)
      : stats.total;
  const { bucketMinutes, span } = RANGES[range];
  const quiet = stats && (!series || series.totals.attempts === 0);

  return (
    <section aria-labelledby="overview-title">
      <div className="page-head page-head-wrap">
        <div>
          <h1 id="overview-title">Overview</h1>
          <p className="muted small">
            {chosen ? chosen.name : 'All webhooks'} · {span}
            {stats && ` · updated ${new Date(stats.until).toLocaleTimeString()}`}
          </p>
        </div>
        <div className="toolbar" role="group" aria-label="Traffic shown">
          <div className="segmented" role="group" aria-label="Range">
            {(Object.keys(RANGES) as RangeKey[]).map((key) => (
              <button
                key={key}
                type="button"
                aria-pressed={range === key}
                className={range === key ? 'segment-on' : undefined}
                onClick={() => setRange(key)}
              >
                {RANGES[key].label}
              </button>
            ))}
          </div>
          <label className="visually-hidden" htmlFor="overview-webhook">
            Webhook
          </label>
          <select
            id="overview-webhook"
            value={webhookCuid}
            onChange={(change) => setWebhookCuid(change.target.value)}
          >
            <option value="">All webhooks</option>
            {options.map((option) => (
              <option key={option.cuid} value={option.cuid}>
                {option.name}
              </option>
            ))}
          </select>
          <button type="button" onClick={() => void load()} disabled={loading}>
            {loading ? 'Loading…' : 'Refresh'}
          </button>
        </div>
      </div>
      {error && <p className="alert alert-error">Could not load the traffic: {error}</p>}
      {!stats && !error && <p className="muted">Loading…</p>}
      {quiet && (
        <div className="card empty">
          <p>
            No deliveries {chosen ? `to ${chosen.name} ` : ''}in {span}.
          </p>
          <p className="small">
            Deliveries appear here as events reach your{' '}
            <RouteLink to={{ page: 'list' }} navigate={navigate}>
              webhooks
            </RouteLink>
            ; older ones are in the{' '}
            <RouteLink
              to={{ page: 'deliveries', filters: { webhookCuid: webhookCuid || undefined } }}
              navigate={navigate}
            >
              deliveries list
            </RouteLink>
            .
          </p>
        </div>
      )}
      {series && !quiet && (
        <>
          <Tiles figures={series.totals} />
          <TrafficCharts series={series} bucketMinutes={bucketMinutes} />
          {!webhookCuid && stats && stats.webhooks.length > 0 && (
            <ByWebhook stats={stats} names={options} navigate={navigate} />
          )}
        </>
      )}
    </section>
  );
}

/** The range's totals in four figures. */
function Tiles({ figures }: { figures: StatsFigures }) {
  const rate = successRate(figures);
  return (
    <dl className="tiles">
      <div className="tile" data-testid="tile-deliveries">
        <dt>Deliveries</dt>
        <dd className="tile-value">{delivered(figures)}</dd>
        <dd className="tile-note">
          {figures.succeeded} succeeded · {figures.failed} failed
        </dd>
      </div>
      <div className="tile" data-testid="tile-success-rate">
        <dt>Success rate</dt>
        <dd className={`tile-value${rate !== null && rate < 100 ? ' tile-bad' : ''}`}>
          {formatPercent(rate)}
        </dd>
        <dd className="tile-note">of deliveries that ended</dd>
      </div>
      <div className="tile" data-testid="tile-p95">
        <dt>p95 attempt duration</dt>
        <dd className="tile-value">{formatDuration(figures.p95Ms)}</dd>
        <dd className="tile-note">median {formatDuration(figures.p50Ms)}</dd>
      </div>
      <div className="tile" data-testid="tile-attempts">
        <dt>Attempts</dt>
        <dd className="tile-value">{figures.attempts}</dd>
        <dd className="tile-note">retries included</dd>
      </div>
    </dl>
  );
}

interface ByWebhookProps {
  stats: Stats;
  names: { cuid: string; name: string }[];
  navigate: (route: Route) => void;
}

/** Each webhook with traffic in the range, busiest first, linked to its deliveries. */
function ByWebhook({ stats, names, navigate }: ByWebhookProps) {
  return (
    <section className="by-webhook" aria-labelledby="by-webhook-title">
      <h2 id="by-webhook-title" className="section-title">
        By webhook
      </h2>
      <table className="table stack-table">
        <thead>
          <tr>
            <th scope="col">Webhook</th>
            <th scope="col">Deliveries</th>
            <th scope="col">Success rate</th>
            <th scope="col">p95</th>
            <th scope="col">Attempts</th>
          </tr>
        </thead>
        <tbody>
          {stats.webhooks.map((entry) => (
            <tr key={entry.webhookCuid}>
              <td data-label="Webhook">
                <RouteLink
                  to={{ page: 'deliveries', filters: { webhookCuid: entry.webhookCuid } }}
                  navigate={navigate}
                  className="strong"
                >
                  {names.find((name) => name.cuid === entry.webhookCuid)?.name ?? entry.webhookCuid}
                </RouteLink>
              </td>
              <td data-label="Deliveries">
                {delivered(entry.totals)}
                {entry.totals.failed > 0 && (
                  <span className="error-text small"> ({entry.totals.failed} failed)</span>
                )}
              </td>
              <td data-label="Success rate">{formatPercent(successRate(entry.totals))}</td>
              <td data-label="p95">{formatDuration(entry.totals.p95Ms)}</td>
              <td data-label="Attempts">{entry.totals.attempts}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
