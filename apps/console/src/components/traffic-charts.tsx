import { useMemo } from 'react';
import uPlot from 'uplot';
import { formatDuration, formatPercent } from '../lib/format';
import { chartColumns } from '../lib/traffic';
import type { StatsSeries } from '../lib/types';
import { UPlotChart } from './uplot-chart';

const COLORS = { ok: '#137a3f', bad: '#b42318', accent: '#2456c9', slow: '#a15c00', muted: '#7d8696' };
const HEIGHT = 190;

interface Props {
  series: StatsSeries;
  bucketMinutes: number;
}

/** Deliveries per minute, success rate and attempt duration over the chosen range, one chart each. */
export function TrafficCharts({ series, bucketMinutes }: Props) {
  const columns = useMemo(() => chartColumns(series, bucketMinutes), [series, bucketMinutes]);
  const deliveries = useMemo(() => deliveriesOptions(bucketMinutes), [bucketMinutes]);
  const perMinute = bucketMinutes === 1 ? 'per minute' : 'per minute, hourly average';
  return (
    <div className="charts">
      <figure className="card chart-card chart-wide">
        <figcaption>
          <h2 className="section-title">Deliveries {perMinute}</h2>
        </figcaption>
        <UPlotChart
          options={deliveries}
          data={[columns.x, columns.succeeded, columns.failed]}
          height={HEIGHT}
          label={`Chart: deliveries succeeded and failed ${perMinute}`}
        />
      </figure>
      <figure className="card chart-card">
        <figcaption>
          <h2 className="section-title">Success rate</h2>
        </figcaption>
        <UPlotChart
          options={SUCCESS_RATE}
          data={[columns.x, columns.successRate]}
          height={HEIGHT}
          label="Chart: percent of deliveries that succeeded"
        />
      </figure>
      <figure className="card chart-card">
        <figcaption>
          <h2 className="section-title">Attempt duration</h2>
        </figcaption>
        <UPlotChart
          options={DURATION}
          data={[columns.x, columns.p50, columns.p95]}
          height={HEIGHT}
          label="Chart: 95th and 50th percentile attempt duration"
        />
      </figure>
    </div>
  );
}

type ChartOptions = Omit<uPlot.Options, 'width' | 'height'>;

/** Time on x, one y axis formatted by `format`; hovering shows each series' value in the legend. */
function chartOptions(
  series: uPlot.Series[],
  format: (value: number) => string,
  y: uPlot.Scale,
): ChartOptions {
  const legendValue = (_: uPlot, value: number | null) => (value === null ? '—' : format(value));
  return {
    series: [{}, ...series.map((entry) => ({ value: legendValue, ...entry }))],
    scales: { x: { time: true }, y },
    axes: [
      { stroke: COLORS.muted, grid: { stroke: '#eceef2' }, ticks: { stroke: '#d9dde5' } },
      {
        stroke: COLORS.muted,
        grid: { stroke: '#eceef2' },
        ticks: { show: false },
        size: 56,
        values: (_, ticks) => ticks.map(format),
      },
    ],
    cursor: { drag: { x: false, y: false } },
  };
}

// A lone value between empty buckets is a dot; lines join only neighbouring buckets (no spanGaps).
const dots = (color: string) => ({ show: true, size: 5, fill: color });
const NONE = { show: false };
const fromZero: uPlot.Scale = { range: (_, __, max) => [0, Math.max(max, 1) * 1.1] };

/** Counts as bars, succeeded and failed side by side in each bucket; x padded by half a bucket so the end bars show whole. */
function deliveriesOptions(bucketMinutes: number): ChartOptions {
  const half = bucketMinutes * 30;
  const bars = (align: -1 | 1) => uPlot.paths.bars?.({ align, size: [0.42, 14, 2] });
  const options = chartOptions(
    [
      // Width 0: no outline, which a bar of zero would still draw as a line along the axis.
      { label: 'Succeeded', stroke: COLORS.ok, fill: COLORS.ok, width: 0, paths: bars(-1), points: NONE },
      { label: 'Failed', stroke: COLORS.bad, fill: COLORS.bad, width: 0, paths: bars(1), points: NONE },
    ],
    (value) => (value >= 10 || value === 0 ? value.toFixed(0) : value.toFixed(value >= 1 ? 1 : 2)),
    fromZero,
  );
  return {
    ...options,
    scales: { ...options.scales, x: { time: true, range: (_, min, max) => [min - half, max + half] } },
  };
}

const SUCCESS_RATE = chartOptions(
  [{ label: 'Success rate', stroke: COLORS.accent, width: 2, points: dots(COLORS.accent) }],
  formatPercent,
  { range: [0, 100] },
);

const DURATION = chartOptions(
  [
    // p50 first, so p95 is drawn over it where one attempt makes them equal.
    { label: 'p50', stroke: COLORS.muted, width: 1.5, dash: [4, 4], points: dots(COLORS.muted) },
    { label: 'p95', stroke: COLORS.slow, width: 2, points: dots(COLORS.slow) },
  ],
  formatDuration,
  fromZero,
);
